import CommandValues
/// Plan commands are printed for the user and fingerprinted, so they keep the paths the user chose; when
/// one of them runs, an argument its program would re-read is swapped for a `ToolPath` just before the
/// spawn. The one such argument in a plan is mkimage's `-d` of a script or multi-file image, which mkimage
/// splits at `:` (`-d a.cmd:b.cmd` makes a two-part image): a work directory with a `:` in its name would
/// wrap the wrong files. This is the one guard against that split: every mkimage run that makes a script
/// goes through `ProcessRunning.runShielded` (a plan's steps, `ScriptImage`'s boot scripts). The call sites that build
/// their own commands for other tools (mtools, mkfs.vfat, sfdisk, QEMU) open their files as `ToolPath`s
/// themselves.
public enum ReinterpretedArguments {
    /// `command` with every re-read argument replaced, and the opened files (keep them until the command ends).
    public static func shielded(_ command: Command) throws(ToolPathError) -> (command: Command, opened: [ToolPath]) {
        guard command.program.split(separator: "/").last == "mkimage",
            let type = value(after: "-T", in: command.argv), type == "script" || type == "multi",
            let index = command.argv.firstIndex(of: "-d"), index + 1 < command.argv.count,
            !PlainWord.isPlain(command.argv[index + 1])
        else { return (command, []) }
        let data = try ToolPath(opening: command.argv[index + 1])
        var shielded = command
        shielded.argv[index + 1] = data.path
        return (shielded, [data])
    }

    static func value(after option: String, in argv: [String]) -> String? {
        guard let index = argv.firstIndex(of: option), index + 1 < argv.count else { return nil }
        return argv[index + 1]
    }
}

extension ProcessRunning {
    /// Runs `command` with its re-read arguments shielded (see `ReinterpretedArguments`), the opened files
    /// held until it ends. The runner sees the shielded argv; errors are the runner's or a `ToolPathError`.
    public func runShielded(_ command: Command, output: OutputMode = .capture, input: String? = nil) throws -> ProcessResult {
        let (shielded, opened) = try ReinterpretedArguments.shielded(command)
        defer { opened.forEach { $0.close() } }
        return try run(shielded, output: output, input: input)
    }
}
