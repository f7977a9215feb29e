import Foundation

/// The one way files change on the partition: write under a temporary name in the same directory, flush,
/// then rename over the real name. Until the rename the old file is untouched; the rename itself replaces
/// one directory entry. Remembers its temporaries so a failed run can delete them.
final class SafeReplace {
    let partition: any BootPartition
    private(set) var temporaries: [String] = []

    init(partition: any BootPartition) {
        self.partition = partition
    }

    /// Writes `data` (or a local file) to the temporary name of `path` and flushes it; returns that name.
    @discardableResult
    func stage(_ contents: Contents, for path: String) throws(BootPartitionError) -> String {
        let temporary = PartitionPath.temporary(for: path)
        temporaries.append(temporary)
        switch contents {
        case .data(let data): try partition.write(data, to: temporary)
        case .localFile(let file): try partition.copy(localFile: file, to: temporary)
        }
        try partition.flush(temporary)
        return temporary
    }

    /// Renames the staged temporary of `path` into place.
    func commit(_ path: String) throws(BootPartitionError) {
        let temporary = PartitionPath.temporary(for: path)
        try partition.rename(temporary, to: path)
        temporaries.removeAll { $0 == temporary }
    }

    /// Stage and commit in one go (manifest, boot script, backup).
    func replace(_ path: String, with data: Data) throws(BootPartitionError) {
        try stage(.data(data), for: path)
        try commit(path)
    }

    /// Deletes every temporary this run left; errors are ignored (the next run deletes leftovers too).
    func cleanUp() {
        for temporary in temporaries.reversed() { try? partition.delete(temporary) }
        temporaries = []
    }

    enum Contents {
        case data(Data)
        case localFile(String)
    }
}
