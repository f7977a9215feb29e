import Foundation

/// Which Debian package provides each tool: data (data/host-tools.json), not a Swift switch, so a new tool
/// or distribution is a one-line change. Names may contain `{triplet}` to cover every cross compiler.
public struct PackageTable: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        /// Program name, or a header path under /usr/include when `kind` is "header".
        public var name: String
        public var kind: String?
        public var package: String?
        /// Said instead of a package when there is none.
        public var note: String?

        public init(name: String, kind: String? = nil, package: String? = nil, note: String? = nil) {
            self.name = name
            self.kind = kind
            self.package = package
            self.note = note
        }
    }

    public var tools: [Entry]

    public init(tools: [Entry]) { self.tools = tools }

    /// Reads the table; throws with the path when the file is missing or malformed.
    public static func load(path: String) throws -> PackageTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExecutionError.io(path: path, message: "package table not found")
        }
        do {
            return try JSONDecoder().decode(PackageTable.self, from: data)
        } catch {
            throw ExecutionError.io(path: path, message: "package table does not parse: \(error)")
        }
    }

    /// The entry for `name`, with `{triplet}` filled in when a pattern matched.
    public func entry(for name: String) -> Entry? {
        if let exact = tools.first(where: { $0.name == name }) { return exact }
        for entry in tools where entry.name.contains("{triplet}") {
            let parts = entry.name.components(separatedBy: "{triplet}")
            guard parts.count == 2, name.hasPrefix(parts[0]), name.hasSuffix(parts[1]),
                name.count > parts[0].count + parts[1].count
            else { continue }
            let triplet = String(name.dropFirst(parts[0].count).dropLast(parts[1].count))
            var filled = entry
            filled.name = name
            filled.package = entry.package?.replacingOccurrences(of: "{triplet}", with: triplet)
            return filled
        }
        return nil
    }
}
