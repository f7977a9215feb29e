import Foundation

/// What distcc's client log (DISTCC_LOG) says about one step: how many units each host compiled, how many
/// compiled here, and which hosts failed (each failure fell back to a local compile) and why.
public struct DistccReport: Sendable, Equatable, Codable {
    /// Units completed per host (its address, as the host list names it), in the order first seen.
    public var remote: [Host]
    /// Units compiled on this machine: `localhost` in the list, a fallback, or nothing free to send to.
    public var local: Int
    /// Hosts that failed at least once, with the count and the first reason distcc gave.
    public var failed: [Failure]

    public struct Host: Sendable, Equatable, Codable {
        public var address: String
        public var units: Int
        public init(address: String, units: Int) {
            self.address = address
            self.units = units
        }
    }

    public struct Failure: Sendable, Equatable, Codable {
        public var address: String
        public var times: Int
        public var reason: String
        public init(address: String, times: Int, reason: String) {
            self.address = address
            self.times = times
            self.reason = reason
        }
    }

    public var remoteUnits: Int { remote.reduce(0) { $0 + $1.units } }
    public var isEmpty: Bool { remote.isEmpty && local == 0 && failed.isEmpty }

    /// One line for the run's output: "distcc: 1204 units on 2 hosts (127.0.0.2 602, 127.0.0.3 602), 12 here;
    /// 127.0.0.9 failed 3 times (Connection refused)". A failed compile went to another host or ran here.
    public var summary: String {
        var text = "distcc: \(remoteUnits) unit\(remoteUnits == 1 ? "" : "s") on \(remote.count) host\(remote.count == 1 ? "" : "s")"
        if !remote.isEmpty { text += " (" + remote.map { "\($0.address) \($0.units)" }.joined(separator: ", ") + ")" }
        text += ", \(local) here"
        for failure in failed {
            text += "; \(failure.address) failed \(failure.times) time\(failure.times == 1 ? "" : "s") (\(failure.reason))"
        }
        return text
    }

    /// Reads distcc's log lines (any verbosity): `compile X on HOST completed ok`, `failed to distribute X to
    /// HOST, running locally instead`, and the `ERROR:` line before a failure for its reason.
    public static func parse(_ text: String) -> DistccReport {
        var report = DistccReport(remote: [], local: 0, failed: [])
        var lastError: [String: String] = [:]  // by process id: the last ERROR line, the reason of a failure after it
        var counted: Set<String> = []  // "pid host": a failure of that compile on that host, counted once
        func failure(_ host: String, pid: String, reason: String) {
            guard counted.insert("\(pid) \(host)").inserted else { return }
            if let index = report.failed.firstIndex(where: { $0.address == host }) {
                report.failed[index].times += 1
            } else {
                report.failed.append(Failure(address: host, times: 1, reason: reason))
            }
        }
        for line in text.split(separator: "\n") {
            let (pid, message) = split(line)
            if let error = message.range(of: "ERROR: ") {
                let text = String(message[error.upperBound...])
                lastError[pid] = text
                // distcc then tries another host, or compiles here.
                if let to = text.range(of: "connect to "), let failed = text.range(of: " failed", range: to.upperBound..<text.endIndex) {
                    failure(address(of: text[to.upperBound..<failed.lowerBound]), pid: pid, reason: cause(of: text))
                }
                continue
            }
            if let host = unitHost(message) {
                if host == "localhost" {
                    report.local += 1
                } else if let index = report.remote.firstIndex(where: { $0.address == host }) {
                    report.remote[index].units += 1
                } else {
                    report.remote.append(Host(address: host, units: 1))
                }
                continue
            }
            if message.hasPrefix("compile (null) ") { continue }
            if let start = message.range(of: "failed to distribute "),
                let to = message.range(of: " to ", range: start.upperBound..<message.endIndex),
                let end = message.range(of: ", running locally instead", range: to.upperBound..<message.endIndex)
            {
                failure(
                    address(of: message[to.upperBound..<end.lowerBound]), pid: pid,
                    reason: lastError[pid].map(cause(of:)) ?? "no reason logged")
            }
        }
        return report
    }

    /// The host a finished unit compiled on (`localhost`: here), from a log line such as `distcc[9] compile
    /// a.c on 127.0.0.2/2 completed ok`; nil for any other line, and for kbuild's compiler probes
    /// (`compile (null) on localhost`: cc-option, --version), which are not units. The live count uses it too.
    static func unitHost(_ line: Substring) -> String? {
        let message = split(line).1
        guard message.hasPrefix("compile "), !message.hasPrefix("compile (null) "), message.hasSuffix(" completed ok"),
            let on = message.range(of: " on ", options: .backwards)
        else { return nil }
        return address(of: message[on.upperBound..<message.index(message.endIndex, offsetBy: -" completed ok".count)])
    }

    /// `distcc[123] (function) message` or `distcc[123] message` → ("123", "message").
    private static func split(_ line: Substring) -> (String, Substring) {
        guard line.hasPrefix("distcc["), let close = line.firstIndex(of: "]") else { return ("", line) }
        let pid = String(line[line.index(line.startIndex, offsetBy: 7)..<close])
        var rest = line[line.index(after: close)...].drop { $0 == " " }
        if rest.hasPrefix("("), let end = rest.firstIndex(of: ")") { rest = rest[rest.index(after: end)...].drop { $0 == " " } }
        return (pid, rest)
    }

    /// `127.0.0.2:3633/4,lzo` → `127.0.0.2`; `user@box/2` → `box`; `[::1]:3632` → `[::1]`.
    static func address(of host: Substring) -> String {
        var text = host
        if let at = text.firstIndex(of: "@") { text = text[text.index(after: at)...] }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") { return String(text[...close]) }
        return String(text.prefix { $0 != ":" && $0 != "/" && $0 != "," })
    }

    /// `nonblocking connect to 127.0.0.9:3632 failed: Connection refused` → `Connection refused`.
    static func cause(of error: String) -> String {
        if let colon = error.range(of: ": ", options: .backwards) { return String(error[colon.upperBound...]) }
        return error
    }
}
