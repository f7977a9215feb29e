import Foundation

/// Reads a `BootTimeline` out of console lines. Pure: lines in, timeline out.
public enum BootTimelineAnalyser {
    public static func analyse(_ lines: [ConsoleLine], marker: String?) -> BootTimeline {
        var phases: [BootPhase] = []
        var loads: [FileLoad] = []
        var subsystems: [String: SubsystemFirstSeen] = [:]
        var initcalls: [InitcallTiming] = []
        var pendingName: String?
        var awaitingSize: Int?
        var subsystemOrder: [String] = []

        func add(_ kind: BootPhase.Kind, _ line: ConsoleLine, kernel: Double? = nil) {
            guard !phases.contains(where: { $0.kind == kind }) else { return }
            phases.append(BootPhase(kind: kind, hostSeconds: line.hostSeconds, kernelSeconds: kernel, line: line.text.trimmingWhitespace))
        }

        for line in lines {
            let text = line.text
            defer { if !text.hasPrefix("Retrieving file: ") { awaitingSize = nil } }
            if let printk = PrintkLine(text) {
                add(.firstKernelMessage, line, kernel: printk.seconds)
                if printk.message.hasPrefix("Run /"), printk.message.hasSuffix("as init process") {
                    add(.initStart, line, kernel: printk.seconds)
                }
                if printk.message.hasPrefix("reboot: Power down") { add(.powerOff, line, kernel: printk.seconds) }
                if let timing = InitcallTiming(printk) { initcalls.append(timing) }
                if let name = printk.subsystem {
                    if var seen = subsystems[name] {
                        seen.lineCount += 1
                        subsystems[name] = seen
                    } else {
                        subsystemOrder.append(name)
                        subsystems[name] = SubsystemFirstSeen(
                            name: name, kernelSeconds: printk.seconds, hostSeconds: line.hostSeconds, lineCount: 1,
                            firstLine: printk.message)
                    }
                }
            } else if text.hasPrefix("U-Boot 20") {
                add(.uBootStart, line)
            } else if text.hasPrefix("Hit any key to stop autoboot") {
                add(.autobootEnd, line)
            } else if text.hasPrefix("Found U-Boot script ") {
                add(.bootFileFound, line)
                pendingName = String(text.dropFirst("Found U-Boot script ".count)).trimmingWhitespace
            } else if text.hasPrefix("Found /"), text.contains("extlinux") {
                add(.bootFileFound, line)
            } else if text.hasPrefix("Retrieving file: ") {
                // extlinux (pxe) names each file; some u-boot versions follow with a "bytes read" line.
                let name = String(text.dropFirst("Retrieving file: ".count)).trimmingWhitespace
                loads.append(FileLoad(name: name, bytes: nil, milliseconds: nil, hostSeconds: line.hostSeconds))
                awaitingSize = loads.count - 1
                // Reading the configuration file is where extlinux's "script" starts.
                if name.hasSuffix("extlinux.conf") { add(.scriptStart, line) }
                continue
            } else if text.hasPrefix("## Executing script at") {
                add(.scriptStart, line)
            } else if let load = FileLoad(text, name: pendingName, hostSeconds: line.hostSeconds) {
                if let index = awaitingSize {
                    loads[index].bytes = load.bytes
                    loads[index].milliseconds = load.milliseconds
                    loads[index].hostSeconds = load.hostSeconds
                } else {
                    loads.append(load)
                }
                pendingName = nil
            } else if text.hasPrefix("## Booting kernel from") || text.hasPrefix("Kernel image @") {
                add(.kernelImageChecked, line)
            } else if text.hasPrefix("Starting kernel") {
                add(.kernelStart, line)
            } else if text.hasPrefix("Booting Linux on physical CPU") {
                add(.firstKernelMessage, line)
            }
            if let marker, !marker.isEmpty, text.contains(marker) {
                add(.marker, line)
            }
        }
        let ordered = phases.sorted { lhs, rhs in
            BootPhase.Kind.allCases.firstIndex(of: lhs.kind)! < BootPhase.Kind.allCases.firstIndex(of: rhs.kind)!
        }
        return BootTimeline(
            phases: ordered, fileLoads: loads,
            // printk times only grow, so console order is time order (and keeps ties as the kernel printed them).
            subsystems: subsystemOrder.compactMap { subsystems[$0] },
            initcalls: initcalls)
    }
}

/// A kernel console line with a printk timestamp: `[    1.234567] message`.
struct PrintkLine {
    var seconds: Double
    var message: String

    init?(_ text: String) {
        guard text.first == "[", let close = text.firstIndex(of: "]") else { return nil }
        let stamp = text[text.index(after: text.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        guard let seconds = Double(stamp), stamp.contains(".") else { return nil }
        self.seconds = seconds
        var rest = text[text.index(after: close)...]
        if rest.first == " " { rest.removeFirst() }
        message = String(rest)
    }

    /// The subsystem or driver a message names by its prefix: `psci: ...` gives `psci`;
    /// `rtc-pl031 9010000.pl031: ...` (driver, device) gives `rtc-pl031`. Messages without such a prefix
    /// (continuations, prose like `Run /init as init process`) name none.
    var subsystem: String? {
        guard let colon = message.range(of: ": ") else { return nil }
        let head = message[..<colon.lowerBound]
        guard let first = head.first, !first.isWhitespace else { return nil }
        let words = head.split(separator: " ")
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-./@:"))
        func isToken(_ word: Substring) -> Bool { word.unicodeScalars.allSatisfy { allowed.contains($0) } }
        if words.count == 1, isToken(words[0]) { return String(words[0]) }
        // "driver device:" — the device name has a digit (9010000.pl031, 0000:00:00.0, virtio1).
        if words.count == 2, isToken(words[0]), isToken(words[1]), words[1].contains(where: \.isNumber) {
            return String(words[0])
        }
        return nil
    }
}

extension FileLoad {
    /// Parses u-boot's `5448256 bytes read in 86 ms (60.4 MiB/s)`.
    init?(_ text: String, name: String?, hostSeconds: Double?) {
        let words = text.trimmingWhitespace.split(separator: " ")
        guard words.count >= 6, words[1] == "bytes", words[2] == "read", words[3] == "in", words[5] == "ms",
            let bytes = Int(words[0]), let ms = Int(words[4])
        else { return nil }
        self.init(name: name, bytes: bytes, milliseconds: ms, hostSeconds: hostSeconds)
    }
}

extension InitcallTiming {
    /// Parses `initcall foo+0x0/0x40 returned 0 after 12 usecs` (also without the `+offset/size`).
    init?(_ printk: PrintkLine) {
        let words = printk.message.split(separator: " ")
        guard words.count >= 7, words[0] == "initcall", words[2] == "returned", words[4] == "after", words[6].hasPrefix("usec"),
            let returned = Int(words[3]), let usecs = Int(words[5])
        else { return nil }
        let function = words[1].split(separator: "+").first.map(String.init) ?? String(words[1])
        self.init(function: function, returned: returned, microseconds: usecs, kernelSeconds: printk.seconds)
    }
}
