/// A distcc host list in distcc's own syntax (what DISTCC_HOSTS holds), checked before it reaches distcc and
/// read for its slots. Hosts are separated by spaces or commas; a comma followed by an option (`lzo`, `cpp`,
/// `auth`, `auth=NAME`) belongs to the host before it, as in distcc (`box/8,lzo`). Accepted:
/// - `localhost[/LIMIT]` (compiles on this machine; 2 slots unless LIMIT);
/// - `HOST[:PORT][/LIMIT]` and distcc's older `HOST[/LIMIT][:PORT]`, HOST a name, an IPv4 address or an IPv6
///   address in brackets (4 slots unless LIMIT);
/// - `[USER]@HOST[/LIMIT]`: over ssh (a remote command, `@HOST:COMMAND`, is refused: it would run as given);
/// - the global options `--randomize`, `--localslots=N`, `--localslots_cpp=N`.
/// Anything else (zeroconf, stray characters) is refused with the token named.
public struct DistccHosts: Sendable, Equatable, Codable {
    public struct Host: Sendable, Equatable, Codable {
        /// The host as distcc reads it, normalised (`127.0.0.2:3633/4,lzo`).
        public var text: String
        /// The address or name (`127.0.0.2`, `localhost`, `[::1]`), without user, port, limit or options.
        public var address: String
        public var port: Int?
        /// Jobs distcc sends there at once.
        public var slots: Int
        public var overSSH: Bool
        public var isLocal: Bool { address == "localhost" }
    }

    public var hosts: [Host]
    /// Global options (`--randomize`, `--localslots=N`), in the order given.
    public var globalOptions: [String]

    /// What `distcc -j` reports: the slots of every host together.
    public var slots: Int { hosts.reduce(0) { $0 + $1.slots } }

    /// The value of DISTCC_HOSTS.
    public var environmentValue: String { (globalOptions + hosts.map(\.text)).joined(separator: " ") }

    /// The hosts that compile elsewhere (not `localhost`).
    public var remoteHosts: [Host] { hosts.filter { !$0.isLocal } }

    public static let defaultRemoteSlots = 4
    public static let defaultLocalSlots = 2
    static let hostOptions: Set<String> = ["lzo", "cpp", "auth"]
    static let maximumSlots = 1024

    /// The hosts `text` names, or why not (naming the token).
    public static func parse(_ text: String) -> Result<DistccHosts, Problem> {
        var hosts: [Host] = []
        var globals: [String] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            var current: (base: String, options: [String])?
            func finish() throws(Problem) {
                guard let pending = current else { return }
                hosts.append(try host(pending.base, options: pending.options))
                current = nil
            }
            do throws(Problem) {
                var parts = word.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if parts.count > 1, parts.last == "" { parts.removeLast() }  // "a/4, b": the comma separates
                for part in parts {
                    if part.isEmpty { throw Problem("'\(word)' has an empty entry between commas") }
                    if Self.hostOptions.contains(part) || part.hasPrefix("auth=") {
                        guard current != nil else { throw Problem("option '\(part)' in '\(word)' follows no host") }
                        if part.hasPrefix("auth="), !isName(String(part.dropFirst(5))) {
                            throw Problem("'\(part)': the auth name may hold letters, digits, '.', '_' and '-' only")
                        }
                        current!.options.append(part)
                        continue
                    }
                    try finish()
                    if part.hasPrefix("-") {
                        try checkGlobal(part)
                        globals.append(part)
                    } else {
                        current = (part, [])
                    }
                }
                try finish()
            } catch {
                return .failure(error)
            }
        }
        guard !hosts.isEmpty else { return .failure(Problem("names no host (e.g. 'localhost 192.168.1.20/8 buildbox:3633')")) }
        return .success(DistccHosts(hosts: hosts, globalOptions: globals))
    }

    /// Why a host list is refused.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    private static func checkGlobal(_ option: String) throws(Problem) {
        if option == "--randomize" { return }
        for prefix in ["--localslots=", "--localslots_cpp="] where option.hasPrefix(prefix) {
            guard let n = Int(option.dropFirst(prefix.count)), n > 0, n <= maximumSlots else {
                throw Problem("'\(option)' needs a number of slots from 1 to \(maximumSlots)")
            }
            return
        }
        throw Problem("'\(option)' is not a distcc host option (--randomize, --localslots=N, --localslots_cpp=N)")
    }

    private static func host(_ base: String, options: [String]) throws(Problem) -> Host {
        var rest = Substring(base)
        var overSSH = false
        var user = ""
        if let at = rest.firstIndex(of: "@") {
            overSSH = true
            user = String(rest[..<at])
            if !user.isEmpty, !isName(user) { throw Problem("'\(base)': the user may hold letters, digits, '.', '_' and '-' only") }
            rest = rest[rest.index(after: at)...]
        }
        // The address: a bracketed IPv6 address, or a name up to ':' or '/'.
        let address: String
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw Problem("'\(base)': an IPv6 address needs its closing ']'") }
            let inside = rest[rest.index(after: rest.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw Problem("'\(base)': '\(inside)' is not an IPv6 address")
            }
            address = String(rest[...close])
            rest = rest[rest.index(after: close)...]
        } else {
            let end = rest.firstIndex { $0 == ":" || $0 == "/" } ?? rest.endIndex
            address = String(rest[..<end])
            rest = rest[end...]
            guard isName(address), !address.hasPrefix("-"), !address.hasPrefix(".") else {
                throw Problem(address.isEmpty ? "'\(base)' names no host" : "'\(base)': '\(address)' is not a host name or address")
            }
        }
        var port: Int?
        var limit: Int?
        while let marker = rest.first {
            rest = rest.dropFirst()
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            switch marker {
            case ":":
                if overSSH { throw Problem("'\(base)': a remote command over ssh is refused (it would run as given); name the host only") }
                guard port == nil, let value = Int(digits), (1...65535).contains(value) else {
                    throw Problem("'\(base)': the port must be a number from 1 to 65535")
                }
                port = value
            case "/":
                guard limit == nil, let value = Int(digits), (1...maximumSlots).contains(value) else {
                    throw Problem("'\(base)': the limit after '/' must be a number from 1 to \(maximumSlots)")
                }
                limit = value
            default:
                throw Problem("'\(base)': unexpected '\(marker)'")
            }
        }
        if address == "localhost", port != nil || overSSH { throw Problem("'\(base)': localhost takes only a limit (localhost/N)") }
        let slots = limit ?? (address == "localhost" ? defaultLocalSlots : defaultRemoteSlots)
        var text = (overSSH ? "\(user)@" : "") + address
        if let port { text += ":\(port)" }
        if let limit { text += "/\(limit)" }
        text += options.map { ",\($0)" }.joined()
        return Host(text: text, address: address, port: port, slots: slots, overSSH: overSSH)
    }

    private static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
    }
}
