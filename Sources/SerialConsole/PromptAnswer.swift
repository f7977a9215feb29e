/// What u-boot answered to one typed line, read from what it printed before its prompt came back.
public enum PromptAnswer: Sendable, Equatable, CustomStringConvertible {
    case accepted
    case unknownCommand(String)
    case syntaxError(String)
    /// hush's continuation prompt `> `: an unbalanced quote or an open block; the line was cancelled (Ctrl-C).
    case continuation
    case unableToReadFile(String)
    case badCRC(String)
    case wrongImageFormat(String)
    /// The line started the kernel: no prompt comes back.
    case startedKernel

    public var isFailure: Bool {
        switch self {
        case .accepted, .startedKernel: return false
        default: return true
        }
    }

    public var description: String {
        switch self {
        case .accepted: return "accepted"
        case .unknownCommand(let line): return "unknown command (\(line))"
        case .syntaxError(let line): return "syntax error (\(line))"
        case .continuation:
            return "u-boot waits for more (continuation prompt '> ': an unbalanced quote or an open block); cancelled with Ctrl-C"
        case .unableToReadFile(let line): return "a file could not be read (\(line))"
        case .badCRC(let line): return "an image's checksum is wrong (\(line))"
        case .wrongImageFormat(let line): return "not an image of the expected kind (\(line))"
        case .startedKernel: return "started the kernel"
        }
    }

    /// Classifies u-boot's output after a typed line (the echo included). `prompt` is the main prompt.
    public static func classify(_ output: String, prompt: String) -> PromptAnswer {
        let lines = output.replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.contains("Starting kernel") { return .startedKernel }
            if trimmed.contains("Unknown command") { return .unknownCommand(trimmed) }
            if trimmed.lowercased().contains("syntax error") { return .syntaxError(trimmed) }
            if trimmed.contains("Unable to read file") || trimmed.contains("Failed to load") || trimmed.contains("** File not found") {
                return .unableToReadFile(trimmed)
            }
            if trimmed.contains("Bad Data CRC") || trimmed.contains("Bad Header Checksum") { return .badCRC(trimmed) }
            if trimmed.contains("Wrong Image Format") || trimmed.contains("Wrong Ramdisk Image Format") {
                return .wrongImageFormat(trimmed)
            }
        }
        if let last = lines.last, last.hasSuffix("> "), !last.hasSuffix(prompt) { return .continuation }
        return .accepted
    }
}
