/// The `#` comment rule of POSIX sh: a comment ends at the first line break, so a value with a newline in a
/// comment line (a path, a defconfig name, a step title) would make the rest of it a command of the script.
/// `line` writes a comment whose text can never leave it: line breaks and every other control character are
/// spelled out as visible escapes (the same spelling as `TerminalText.inline`, since the script is also
/// read on a terminal by the user).
public enum ShellComment {
    /// `# text` as one line (without the final LF), whatever `text` holds.
    public static func line(_ text: String) -> String {
        "# " + TerminalText.inline(text)
    }
}
