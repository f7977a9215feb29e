/// Resolves symlinks inside a root filesystem the way the board's kernel would once that filesystem is its
/// `/`: an absolute target starts again at the root, a relative one at the link's directory, `..` never
/// climbs above the root. So `lib -> usr/lib` (Debian's merged /usr) and `lib -> /usr/lib` both lead to
/// `usr/lib` of the target, never to the host's.
public struct RootPathResolver {
    public let filesystem: any RootFilesystem
    /// Links followed before giving up, like the kernel's limit of 40.
    public static let linkLimit = 40

    public init(filesystem: any RootFilesystem) {
        self.filesystem = filesystem
    }

    /// `path` with every symlink in it resolved; components that do not exist are kept as they are.
    public func resolve(_ path: RootPath) throws(RootFilesystemError) -> RootPath {
        var done: [String] = []
        var pending = path.components
        var followed = 0
        while !pending.isEmpty {
            let name = pending.removeFirst()
            let candidate = RootPath(components: done + [name])
            guard case .symlink(let target)? = try filesystem.entryKind(candidate) else {
                done.append(name)
                continue
            }
            followed += 1
            if followed > Self.linkLimit {
                throw .refused("\(filesystem.location): more than \(Self.linkLimit) symlinks while resolving \(path)")
            }
            if target.hasPrefix("/") { done = [] }
            var next = done
            for part in target.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
                if part == ".." {
                    if !next.isEmpty { next.removeLast() }
                } else {
                    next.append(String(part))
                }
            }
            // Re-walk what the link named, so links inside its target are resolved too.
            pending = next + pending
            done = []
        }
        return RootPath(components: done)
    }
}
