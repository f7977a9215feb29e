import Foundation

/// A u-boot environment as ordered `name=value` pairs: the built-in default one read out of a u-boot binary,
/// with overrides applied. Pure: no files, no processes.
public struct UBootEnvironment: Sendable, Hashable {
    public var variables: [(name: String, value: String)]

    public init(variables: [(name: String, value: String)]) {
        self.variables = variables
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.variables.map { "\($0.name)=\($0.value)" } == rhs.variables.map { "\($0.name)=\($0.value)" }
    }

    public func hash(into hasher: inout Hasher) {
        for variable in variables { hasher.combine("\(variable.name)=\(variable.value)") }
    }

    public subscript(name: String) -> String? {
        variables.first { $0.name == name }?.value
    }

    /// u-boot's `default_environment[]`: a block of NUL-terminated `name=value` strings ended by an empty
    /// one, found in the binary by its `\0bootcmd=` entry (u-boot puts bootcmd first). A binary without it, or
    /// with a suspiciously small block, is rejected rather than guessed at.
    public static func builtInDefault(in binary: Data, anchor: String = "bootcmd=") throws -> UBootEnvironment {
        let needle = Data([0] + Array(anchor.utf8))
        guard let found = binary.range(of: needle) else {
            throw BootProofError("no built-in environment (no '\(anchor)' entry) in the u-boot binary")
        }
        var variables: [(String, String)] = []
        var cursor = found.lowerBound + 1
        while cursor < binary.endIndex, binary[cursor] != 0 {
            guard let end = binary[cursor...].firstIndex(of: 0) else { break }
            let entry = String(decoding: binary[cursor..<end], as: UTF8.self)
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw BootProofError("the u-boot environment block has an entry without a name: '\(entry.prefix(60))'")
            }
            variables.append((String(entry[..<equals]), String(entry[entry.index(after: equals)...])))
            cursor = end + 1
        }
        guard variables.count >= 5 else {
            throw BootProofError(
                "the u-boot environment block found has only \(variables.count) entries; expected a full default environment")
        }
        return UBootEnvironment(variables: variables)
    }

    /// This environment with `overrides` applied: existing names keep their place with the new value,
    /// new names are appended in the order given.
    public func applying(_ overrides: [(name: String, value: String)]) -> UBootEnvironment {
        var result = variables
        for (name, value) in overrides {
            if let index = result.firstIndex(where: { $0.name == name }) {
                result[index].value = value
            } else {
                result.append((name, value))
            }
        }
        return UBootEnvironment(variables: result)
    }

    /// This environment without the variables named in `names` (names it does not hold are ignored).
    public func removing(_ names: [String]) -> UBootEnvironment {
        let unwanted = Set(names)
        return UBootEnvironment(variables: variables.filter { !unwanted.contains($0.name) })
    }

    /// The text `mkenvimage` reads: one `name=value` per line. Values containing a newline cannot be
    /// written this way and are rejected.
    public func mkenvimageText() throws -> String {
        for (name, value) in variables where value.contains("\n") || name.contains("\n") {
            throw BootProofError("u-boot variable \(name) contains a newline; mkenvimage's text input cannot hold it")
        }
        return variables.map { "\($0.name)=\($0.value)\n" }.joined()
    }

    /// Parses `NAME=VALUE` words (as given on a command line).
    public static func overrides(_ words: [String]) throws -> [(name: String, value: String)] {
        try words.map { word in
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw BootProofError("u-boot variable override '\(word)' is not NAME=VALUE")
            }
            return (String(word[..<equals]), String(word[word.index(after: equals)...]))
        }
    }
}
