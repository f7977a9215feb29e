import Foundation

/// One line of a boot's serial console, with the host-side time it arrived. QEMU's console carries no host
/// timestamps and u-boot prints none, so the runner stamps each line as it arrives; kernel lines also carry
/// their own printk time, which the timeline reads from the text.
public struct ConsoleLine: Sendable, Hashable, Codable {
    /// Seconds since QEMU was started, or nil for a log read back without its timing sidecar.
    public var hostSeconds: Double?
    /// The line without its line ending (and without the `\r` of the serial console's CRLF).
    public var text: String

    public init(hostSeconds: Double?, text: String) {
        self.hostSeconds = hostSeconds
        self.text = text
    }

    /// The timing sidecar format: `seconds<TAB>text` per line, seconds with microsecond precision.
    public static func timedText(_ lines: [ConsoleLine]) -> String {
        lines.map { line in
            let time = line.hostSeconds.map { String(format: "%.6f", $0) } ?? "-"
            return "\(time)\t\(line.text)\n"
        }.joined()
    }

    /// Parses the sidecar format written by `timedText`.
    public static func parseTimed(_ text: String) -> [ConsoleLine] {
        text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { raw in
            guard let tab = raw.firstIndex(of: "\t") else { return raw.isEmpty ? nil : ConsoleLine(hostSeconds: nil, text: String(raw)) }
            return ConsoleLine(hostSeconds: Double(raw[..<tab]), text: String(raw[raw.index(after: tab)...]))
        }
    }

    /// Lines of a plain console log (no host times), with `\r` removed.
    public static func parsePlain(_ text: String) -> [ConsoleLine] {
        var lines = text.replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false).map {
            ConsoleLine(hostSeconds: nil, text: String($0))
        }
        if lines.last?.text.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Reads a console log, preferring its timing sidecar (`<log>.times`) when there is one.
    public static func load(log path: String) throws -> [ConsoleLine] {
        if let timed = try? String(contentsOfFile: path + ".times", encoding: .utf8) {
            return parseTimed(timed)
        }
        return parsePlain(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
    }
}

/// Collects console lines from the reader thread while the runner's loop looks at them.
final class ConsoleRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [ConsoleLine] = []
    private var markerLine: Int?
    private var finalLine: Int?
    private let marker: String
    /// CLOCK_MONOTONIC (DispatchTime's clock on Linux) when recording began: line times count from it.
    let start = DispatchTime.now().uptimeNanoseconds

    init(marker: String) {
        self.marker = marker
    }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    func add(_ raw: String) {
        let text = raw.replacingOccurrences(of: "\r", with: "")
        let now = elapsed
        lock.withLock {
            lines.append(ConsoleLine(hostSeconds: now, text: text))
            if markerLine == nil, !marker.isEmpty, text.contains(marker) { markerLine = lines.count - 1 }
            if finalLine == nil, BootErrorRecognition.kind(of: text)?.isFinal == true { finalLine = lines.count - 1 }
        }
    }

    /// When a line arrived after which the boot can only wait (the initramfs' shell), or nil.
    var finalSeconds: Double? {
        lock.withLock { finalLine.map { lines[$0].hostSeconds ?? 0 } }
    }

    /// When the marker arrived (host seconds), or nil.
    var markerSeconds: Double? {
        lock.withLock { markerLine.map { lines[$0].hostSeconds ?? 0 } }
    }

    var snapshot: [ConsoleLine] { lock.withLock { lines } }
}
