import Foundation

/// Quoting for POSIX sh, so every printed command can be pasted into a shell unchanged.
public enum ShellQuote {
    /// Characters that never need quoting in sh words.
    private static let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")

    /// `word` as a single sh word: bare when every character is plainly safe, otherwise in single
    /// quotes with each embedded `'` written as `'\''`.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) {
            return word
        }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
