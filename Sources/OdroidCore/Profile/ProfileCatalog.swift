import Foundation

/// Finds profile files by name in an ordered list of directories (the user's own first, then the shipped
/// ones) and reads them. Reading is the only I/O the core does, and it is injectable for tests. Files are
/// read as bytes: whether they are UTF-8 is the parser's question, answered with a line, not "no such profile".
public struct ProfileCatalog: Sendable {
    public var directories: [String]
    public var readFile: @Sendable (String) -> [UInt8]?
    public var listDirectory: @Sendable (String) -> [String]

    public init(
        directories: [String],
        readFile: @escaping @Sendable (String) -> [UInt8]? = { path in
            (try? Data(contentsOf: URL(fileURLWithPath: path))).map { [UInt8]($0) }
        },
        listDirectory: @escaping @Sendable (String) -> [String] = { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] }
    ) {
        self.directories = directories
        self.readFile = readFile
        self.listDirectory = listDirectory
    }

    /// The path of profile `name`: a name looked up as NAME.toml in each directory, or a path to a .toml file.
    public func path(of name: String) -> String? {
        if name.hasSuffix(".toml") || name.contains("/") {
            return readFile(name) != nil ? name : nil
        }
        for dir in directories {
            let candidate = "\(dir)/\(name).toml"
            if readFile(candidate) != nil { return candidate }
        }
        return nil
    }

    /// Every profile name visible, with the file that wins for it (earlier directories shadow later ones).
    public func all() -> [(name: String, path: String)] {
        var seen: [String: String] = [:]
        var order: [String] = []
        for dir in directories {
            for file in listDirectory(dir).sorted() where file.hasSuffix(".toml") {
                let name = String(file.dropLast(5))
                if seen[name] == nil {
                    seen[name] = "\(dir)/\(file)"
                    order.append(name)
                }
            }
        }
        return order.sorted().map { ($0, seen[$0]!) }
    }
}
