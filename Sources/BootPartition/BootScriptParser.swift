import OdroidCore

/// What a boot script on the partition loads and boots, read back from its text: every `fatload`/`load`
/// (file and address) and every `bootm`/`bootz`/`booti` with the loads before it. A try-once script has
/// two boot commands (the kernel on trial, then the fallback); a plain one has one. extlinux.conf names its
/// files under the default label instead.
public struct ParsedBootScript: Sendable, Equatable {
    public struct Load: Sendable, Equatable {
        public var file: String
        /// nil when the address is a variable (`${kernel_addr_r}`) or extlinux chooses it.
        public var address: UInt64?
        /// Set when the script says what the file is (extlinux), otherwise found from the boot command.
        public var role: InstalledFile.Role?
        public var line: Int
    }

    /// One boot command and the files loaded for it.
    public struct Boot: Sendable, Equatable {
        public var command: String
        public var kernelAddress: UInt64?
        public var initrdAddress: UInt64?
        public var dtbAddress: UInt64?
        public var line: Int
        public var loads: [Load]

        /// The load that puts a file at `address`, the latest one winning (as in u-boot's memory).
        func load(at address: UInt64?) -> Load? {
            guard let address else { return nil }
            return loads.last { $0.address == address }
        }

        public var kernel: Load? { loads.last { $0.role == .kernel } ?? load(at: kernelAddress) }
        public var initrd: Load? { loads.last { $0.role == .initrd || $0.role == .rawInitrd } ?? load(at: initrdAddress) }
        public var dtb: Load? { loads.last { $0.role == .dtb } ?? load(at: dtbAddress) }
    }

    public var boots: [Boot]
    public var loads: [Load]
    /// Loads after the last boot command (they can never be used).
    public var trailingLoads: [Load]

    /// Parses a u-boot hush script (boot.ini, boot.cmd, the text of boot.scr) or an extlinux.conf.
    public init(text: String, format: ResolvedProfile.ScriptFormat) {
        if format == .extlinux {
            self = Self.extlinux(text)
            return
        }
        var boots: [Boot] = []
        var all: [Load] = []
        var pending: [Load] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("#") || trimmed.isEmpty { continue }
            for command in HushWords.commands(String(trimmed)) {
                var words = command
                while let first = words.first, ["then", "else", "do", "fi", "done", "{", "}"].contains(first) { words.removeFirst() }
                guard let name = words.first, name != "if", name != "elif", name != "while", name != "until" else { continue }
                switch name {
                case "fatload", "load", "ext4load", "ext2load":
                    guard words.count >= 5 else { continue }
                    let load = Load(file: PartitionPath.normalized(words[4]), address: Self.address(words[3]), role: nil, line: index + 1)
                    pending.append(load)
                    all.append(load)
                case "bootm", "bootz", "booti":
                    let args = Array(words.dropFirst())
                    func arg(_ i: Int) -> UInt64? { i < args.count ? Self.address(args[i]) : nil }
                    boots.append(
                        Boot(
                            command: name, kernelAddress: arg(0), initrdAddress: arg(1), dtbAddress: arg(2), line: index + 1, loads: pending
                        ))
                    pending = []
                default:
                    continue
                }
            }
        }
        self.boots = boots
        loads = all
        trailingLoads = pending
    }

    /// A hex address as u-boot reads it (`0x43000000` or bare `43000000`); nil for `-` and variables.
    static func address(_ word: String) -> UInt64? {
        var digits = Substring(word.split(separator: ":").first ?? "")
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty else { return nil }
        return UInt64(digits, radix: 16)
    }

    static func extlinux(_ text: String) -> ParsedBootScript {
        var defaultLabel: String?
        var labels: [(name: String, loads: [Load], line: Int)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let key = words.first?.lowercased(), words.count >= 2 else { continue }
            let file = PartitionPath.normalized(words[1])
            switch key {
            case "default": defaultLabel = words[1]
            case "label": labels.append((words[1], [], index + 1))
            case "kernel", "linux", "initrd", "fdt", "devicetree":
                guard !labels.isEmpty else { continue }
                let role: InstalledFile.Role = key == "initrd" ? .rawInitrd : (key == "fdt" || key == "devicetree" ? .dtb : .kernel)
                labels[labels.count - 1].loads.append(Load(file: file, address: nil, role: role, line: index + 1))
            default: continue
            }
        }
        let chosen = labels.first { $0.name == defaultLabel } ?? labels.first
        guard let chosen else { return ParsedBootScript(boots: [], loads: [], trailingLoads: []) }
        let boot = Boot(
            command: "extlinux", kernelAddress: nil, initrdAddress: nil, dtbAddress: nil, line: chosen.line, loads: chosen.loads)
        return ParsedBootScript(boots: [boot], loads: chosen.loads, trailingLoads: [])
    }

    init(boots: [Boot], loads: [Load], trailingLoads: [Load]) {
        self.boots = boots
        self.loads = loads
        self.trailingLoads = trailingLoads
    }
}

/// Splits one line of u-boot hush into commands (at `;` outside quotes) and each command into words
/// (quotes removed). Enough for the commands a boot script uses; not a full hush parser.
enum HushWords {
    static func commands(_ line: String) -> [[String]] {
        var commands: [[String]] = []
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        func endWord() {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        }
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
                continue
            }
            switch c {
            case "\"", "'":
                quote = c
                inWord = true
            case " ", "\t":
                endWord()
            case ";":
                endWord()
                commands.append(words)
                words = []
            default:
                word.append(c)
                inWord = true
            }
        }
        endWord()
        commands.append(words)
        return commands.filter { !$0.isEmpty }
    }
}
