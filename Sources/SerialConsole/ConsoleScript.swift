import Foundation

/// Types a list of u-boot commands at a session's prompt, one at a time, stopping at the first line u-boot
/// did not accept: the seed's five lines (`setenv bootargs ...`, three `fatload`, `bootm`) or any file.
public struct ConsoleScript: Sendable {
    /// The lines to type: blank lines and `#` comments are dropped (a person would not type them).
    public var lines: [(number: Int, text: String)]

    /// Lines already chosen (the commands a boot.ini parser runs), with their line numbers in the file.
    public init(lines: [(number: Int, text: String)]) {
        self.lines = lines
    }

    public init(text: String) {
        lines = text.replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .compactMap { index, line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
                return (index + 1, String(line))
            }
    }

    /// The outcome of typing the script.
    public struct Result: Sendable {
        public var answers: [(number: Int, text: String, answer: PromptAnswer)]
        /// The first line u-boot did not accept.
        public var failure: (number: Int, text: String, answer: PromptAnswer)? { answers.first { $0.answer.isFailure } }
        public var startedKernel: Bool { answers.last?.answer == .startedKernel }
    }

    /// `wholeScript`: blocks may span lines (hush's continuation prompt is part of the script, not a failure).
    public func type(into session: ConsoleSession, lineTimeout: Double = 60, wholeScript: Bool = false) throws(SerialConsoleError) -> Result
    {
        var answers: [(Int, String, PromptAnswer)] = []
        for (number, text) in lines {
            let answer = try session.type(text, timeout: lineTimeout, continuing: wholeScript)
            if wholeScript, answer == .continuation {
                answers.append((number, text, .accepted))
                continue
            }
            answers.append((number, text, answer))
            if answer.isFailure || answer == .startedKernel { break }
        }
        return Result(answers: answers)
    }
}
