/// Which of many paths exist on a partition, with each directory they lie in listed once. Looking paths up
/// one by one with `entry(at:)` lists the whole directory per path: for `list` on a partition of 10,000
/// kernels that is tens of thousands of listings of a directory of tens of thousands of files.
public struct PartitionIndex: Sendable {
    private struct Listing: Sendable {
        var names: Set<String>
        /// Names by `lowercased()`, which is how `PartitionPath.sameOnFAT` folds case; only for directories
        /// large enough that comparing with every name would cost more (most hold one file).
        var folded: [String: [String]]?

        init(_ names: [String]) {
            self.names = Set(names)
            folded = names.count > 16 ? Dictionary(grouping: names) { $0.lowercased() } : nil
        }

        func containsFile(named name: String) -> Bool {
            if names.contains(name) { return true }
            let candidates = folded.map { $0[name.lowercased()] ?? [] } ?? Array(names)
            return candidates.contains { PartitionPath.sameOnFAT($0, name) }
        }
    }

    private var listings: [String: Listing] = [:]
    /// The answer for every path asked about so far.
    private var answers: [String: Bool] = [:]

    /// Lists every directory that one of `paths` lies in (a missing directory lists as empty).
    public init(_ partition: any BootPartition, paths: [String]) throws(BootPartitionError) {
        try add(paths, from: partition)
    }

    /// This index, with the directories of `paths` it has not listed yet listed too.
    public func including(_ paths: [String], from partition: any BootPartition) throws(BootPartitionError) -> PartitionIndex {
        var index = self
        try index.add(paths, from: partition)
        return index
    }

    /// Whether a file FAT would find for `path` is there (names compare case-insensitively, as on the board).
    public func containsFile(_ path: String) -> Bool {
        answers[path] ?? Self.lookUp(path, in: listings)
    }

    private mutating func add(_ paths: [String], from partition: any BootPartition) throws(BootPartitionError) {
        for path in paths where answers[path] == nil {
            let (directory, name) = PartitionPath.split(path)
            if listings[directory] == nil {
                let names = try partition.entriesIfPresent(in: directory).filter { !$0.isDirectory }.map(\.name)
                listings[directory] = Listing(names)
            }
            answers[path] = listings[directory]?.containsFile(named: name) ?? false
        }
    }

    private static func lookUp(_ path: String, in listings: [String: Listing]) -> Bool {
        let (directory, name) = PartitionPath.split(path)
        return listings[directory]?.containsFile(named: name) ?? false
    }
}
