import BootProof
import Foundation

/// The seed's procedure at the serial console, automated: watch u-boot come up, stop its autoboot, type
/// lines one at a time waiting for the prompt after each and classifying what u-boot answered, then watch
/// the kernel boot until the init marker. Every line is timestamped into the log, and the boot timeline is
/// read from the same lines with the analyser boot-test uses. Works on any tty: a USB serial adapter on the
/// board, or QEMU's serial port on a pty (the tests).
public final class ConsoleSession {
    public let port: SerialPort
    /// u-boot's main prompt: mainline's `=> `, or a vendor's `NAME # `.
    public var prompts: [String]
    /// Mainline u-boot's `=> ` and Hardkernel's `ODROID-XU # ` style.
    public static let defaultPrompts = ["=> ", " # "]
    private(set) var transcript: [ConsoleLine] = []
    private var pending = ""
    private var all = ""
    private let started = DispatchTime.now().uptimeNanoseconds
    private let log: FileHandle?

    public init(port: SerialPort, prompts: [String] = ["=> "], logPath: String?) throws(SerialConsoleError) {
        self.port = port
        self.prompts = prompts
        if let logPath {
            guard FileManager.default.createFile(atPath: logPath, contents: nil), let handle = FileHandle(forWritingAtPath: logPath) else {
                throw .unusable("--log \(logPath): cannot write")
            }
            log = handle
        } else {
            log = nil
        }
    }

    deinit { try? log?.close() }

    public var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
    public var lines: [ConsoleLine] { transcript }

    /// Reads what arrived for up to `timeout` seconds; complete lines go to the transcript and the log.
    @discardableResult
    func pump(_ timeout: Double) -> Bool {
        let data = port.read(timeout: timeout)
        guard !data.isEmpty else { return false }
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
        all += text
        pending += text
        while let newline = pending.firstIndex(of: "\n") {
            let line = String(pending[..<newline])
            pending = String(pending[pending.index(after: newline)...])
            let now = elapsed
            transcript.append(ConsoleLine(hostSeconds: now, text: line))
            log?.write(Data((String(format: "[%10.6f] ", now) + line + "\n").utf8))
        }
        return true
    }

    /// The unfinished last line (a prompt is printed without a newline).
    var partialLine: String { pending }

    /// Waits until `condition` holds for (all output, unfinished line), or `timeout` passes.
    func wait(timeout: Double, until condition: (String, String) -> Bool) -> Bool {
        let deadline = elapsed + timeout
        while elapsed < deadline {
            if condition(all, pending) { return true }
            pump(0.05)
        }
        return condition(all, pending)
    }

    func atPrompt(_ partial: String) -> Bool { prompts.contains { partial.hasSuffix($0) } }

    /// Waits for u-boot's countdown and stops it, then for the prompt. Returns false when neither came.
    public func interruptAutoboot(timeout: Double) throws(SerialConsoleError) -> Bool {
        let deadline = elapsed + timeout
        var countdownSeen = false
        while elapsed < deadline {
            pump(0.05)
            if !countdownSeen, all.contains("Hit any key to stop autoboot") || all.contains("autoboot in") { countdownSeen = true }
            if countdownSeen {
                if atPrompt(pending) { return true }
                try port.write(Data(" ".utf8))
                _ = wait(timeout: 0.2) { _, partial in self.atPrompt(partial) }
                if atPrompt(pending) { return true }
            }
        }
        return false
    }

    /// Types `line` (Enter is CR, as a terminal sends it) and waits for the prompt, the continuation prompt,
    /// or the kernel starting; a continuation is cancelled with Ctrl-C so the next line starts clean.
    /// `continuing`: a continuation prompt is expected (a block spans lines, as in a whole script) and is
    /// not cancelled.
    public func type(_ line: String, timeout: Double = 60, continuing: Bool = false) throws(SerialConsoleError) -> PromptAnswer {
        let from = all.endIndex
        try port.write(Data((line + "\r").utf8))
        let typed = wait(timeout: timeout) { all, partial in
            let answer = all[from...]
            guard answer.contains("\n") else { return false }  // the echo of the line comes first
            return self.atPrompt(partial) || partial.hasSuffix("> ") || answer.contains("Starting kernel")
        }
        let answer = PromptAnswer.classify(String(all[from...]), prompt: prompts.first ?? "=> ")
        if case .continuation = answer, !continuing {
            try port.write(Data([0x03]))
            _ = wait(timeout: 5) { _, partial in self.atPrompt(partial) }
        }
        if !typed, answer == .accepted {
            throw .failed("no prompt came back within \(Int(timeout)) s after typing '\(line)'")
        }
        return answer
    }

    /// After the kernel started: watches until `marker` shows (true) or `timeout` passes / an initramfs gives up (false).
    public func watchBoot(marker: String?, timeout: Double) -> Bool {
        guard let marker else { return true }
        return wait(timeout: timeout) { all, _ in
            all.contains(marker) || self.transcript.last.map { BootErrorRecognition.kind(of: $0.text)?.isFinal == true } == true
        } && all.contains(marker)
    }

    /// Flushes the unfinished line into the transcript (at the end of a session).
    public func finish() {
        pump(0.2)
        if !pending.isEmpty {
            transcript.append(ConsoleLine(hostSeconds: elapsed, text: pending))
            log?.write(Data((String(format: "[%10.6f] ", elapsed) + pending + "\n").utf8))
            pending = ""
        }
    }

    /// The boot timeline read from this session's lines.
    public func timeline(marker: String?) -> BootTimeline {
        BootTimelineAnalyser.analyse(transcript, marker: marker)
    }
}
