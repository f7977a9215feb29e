import Foundation
import OdroidProcess

/// Boots one image under QEMU and watches the console until a verdict: the marker, u-boot's stable `=> `
/// prompt, QEMU's exit, or the timeout. Then it stops QEMU and returns a `BootOutcome`; a boot that fails
/// is a result, not an error (only failing to start QEMU throws).
public struct QemuBootRunner: Sendable {
    public let runner: any ProcessRunning
    /// How long the console must stay at a trailing `=> ` before it counts as stopped (u-boot prints the
    /// prompt between distro-boot targets too, briefly).
    public var promptStableSeconds = 1.0
    /// How often the loop looks at the console.
    public var pollSeconds = 0.05
    /// After the marker, how long QEMU may go on to end by itself (the init powers off) before it is stopped.
    public var settleAfterMarkerSeconds = 0.0

    public init(runner: any ProcessRunning = SpawnRunner()) {
        self.runner = runner
    }

    /// Runs `invocation`, writing the console to `logPath` (replaced) and its host-timed twin to
    /// `logPath`.times, until `marker` shows or `timeoutSeconds` pass.
    public func boot(_ invocation: QemuInvocation, marker: String, timeoutSeconds: Double, logPath: String) throws -> BootOutcome {
        precondition(!marker.isEmpty, "a boot proof needs a non-empty marker")
        try? FileManager.default.removeItem(atPath: logPath)
        let recorder = ConsoleRecorder(marker: marker)
        let (shielded, opened) = try Self.throughDescriptors(invocation)
        defer { opened.forEach { $0.close() } }
        let process = try runner.start(shielded.command, logPath: logPath, onLine: { recorder.add($0) })

        var verdict: BootVerdict
        var promptSince: Double?
        var lastSize = -1
        while true {
            if recorder.markerSeconds != nil {
                verdict = .markerSeen
                break
            }
            if process.poll() != nil {
                process.wait()
                verdict = recorder.markerSeconds != nil ? .markerSeen : .qemuExited
                break
            }
            let now = recorder.elapsed
            if let final = recorder.finalSeconds, now - final >= promptStableSeconds * 2 {
                verdict = .initramfsShell
                break
            }
            let (size, endsWithPrompt, tail) = Self.logTail(logPath)
            // A marker that is a prompt (a distribution's "login: ") ends no line: look at the unfinished one.
            if let last = tail.split(separator: "\n", omittingEmptySubsequences: false).last, last.contains(marker) {
                recorder.add(String(last))
                continue
            }
            if endsWithPrompt, size == lastSize {
                if let since = promptSince, now - since >= promptStableSeconds {
                    verdict = .stoppedAtPrompt
                    break
                }
                promptSince = promptSince ?? now
            } else {
                promptSince = nil
            }
            lastSize = size
            if now >= timeoutSeconds {
                verdict = .timedOut
                break
            }
            usleep(useconds_t(pollSeconds * 1_000_000))
        }
        let decidedAt = recorder.markerSeconds ?? recorder.elapsed
        if verdict == .markerSeen, settleAfterMarkerSeconds > 0 {
            while process.poll() == nil, recorder.elapsed - decidedAt < settleAfterMarkerSeconds {
                usleep(useconds_t(pollSeconds * 1_000_000))
            }
        }
        let termination = process.terminate()
        let lines = recorder.snapshot
        try? Data(ConsoleLine.timedText(lines).utf8).write(to: URL(fileURLWithPath: logPath + ".times"))
        return BootOutcome(
            verdict: verdict, wallSeconds: decidedAt, logPath: logPath, qemuTermination: termination.description,
            errors: BootErrorRecognition.errors(in: lines), lines: lines, consoleClockStartNanoseconds: recorder.start)
    }

    /// `invocation` with its disk and flash images as `ToolPath`s: QEMU's `-drive file=` ends at a `,` and takes
    /// `proto:` prefixes, so it never gets the user's names. The descriptors stay open until QEMU has ended.
    public static func throughDescriptors(_ invocation: QemuInvocation) throws -> (QemuInvocation, [ToolPath]) {
        var shielded = invocation
        var opened: [ToolPath] = []
        do {
            let disk = try ToolPath(opening: invocation.diskImage, access: .readOnly)
            opened.append(disk)
            shielded.diskImage = disk.path
            if let flash = invocation.environmentFlash {
                let image = try ToolPath(opening: flash, access: invocation.environmentFlashWritable ? .readWrite : .readOnly)
                opened.append(image)
                shielded.environmentFlash = image.path
            }
        } catch {
            opened.forEach { $0.close() }
            throw BootProofError("\(error)")
        }
        return (shielded, opened)
    }

    /// The log's size, whether it ends in u-boot's prompt `=> ` (printed without a newline), and its last
    /// bytes as text (carriage returns dropped).
    static func logTail(_ path: String) -> (size: Int, endsWithPrompt: Bool, tail: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return (-1, false, "") }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end >= 3 else { return (-1, false, "") }
        try? handle.seek(toOffset: end - min(end, 512))
        let tail = (try? handle.readToEnd()) ?? Data()
        return (
            Int(end), tail.suffix(3) == Data("=> ".utf8), String(decoding: tail, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
        )
    }
}
