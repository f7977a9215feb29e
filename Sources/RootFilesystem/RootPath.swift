/// A path inside a root filesystem, relative to its root: `/`-separated components, none empty, `.` or `..`,
/// none holding a NUL. Built only through `init(_:)`, so a value of this type never leaves the root it is
/// applied to. Symlinks inside the root are resolved by `RootPathResolver`, never by the host's kernel.
public struct RootPath: Sendable, Hashable, CustomStringConvertible, Comparable {
    public let components: [String]

    /// The root itself.
    public static let root = RootPath(components: [])

    init(components: [String]) { self.components = components }

    /// `usr/lib/modules` from `usr/lib/modules`, `/usr/lib/modules/` or `./usr//lib/modules`.
    /// Throws for `..` (a record or an option must not climb out of the root) and for NUL bytes.
    public init(_ text: String) throws(RootFilesystemError) {
        var parts: [String] = []
        for part in text.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == ".." { throw .badInput("'\(text)': a path inside the root filesystem may not contain '..'") }
            if part.utf8.contains(0) { throw .badInput("a path inside the root filesystem may not contain a NUL byte") }
            parts.append(String(part))
        }
        components = parts
    }

    public var isRoot: Bool { components.isEmpty }
    public var name: String { components.last ?? "" }
    public var parent: RootPath { RootPath(components: Array(components.dropLast())) }
    public func appending(_ name: String) -> RootPath { RootPath(components: components + [name]) }
    public func appending(_ other: RootPath) -> RootPath { RootPath(components: components + other.components) }

    /// `usr/lib/modules` (no leading slash); "" for the root.
    public var relative: String { components.joined(separator: "/") }
    /// `/usr/lib/modules`, as the board sees it.
    public var absolute: String { "/" + relative }
    public var description: String { absolute }

    public static func < (a: RootPath, b: RootPath) -> Bool { a.relative < b.relative }

    /// Whether `self` is `other` or lies inside it.
    public func isInside(_ other: RootPath) -> Bool {
        components.count >= other.components.count && Array(components.prefix(other.components.count)) == other.components
    }
}
