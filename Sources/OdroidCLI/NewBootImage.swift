import BootPartition
import BuildExecutor
import Foundation
import OdroidCore

/// A build's `--boot-image` that does not exist yet: made as a whole-disk image (an MBR with one FAT
/// partition at the profile's `boot.partition_offset`, like `image create --disk`), so that QEMU's distro boot
/// can boot it and `flash --disk` can write it; the build then installs into its partition 1 (found as the
/// image's only FAT partition, like any such disk image).
struct NewBootImage {
    var path: String
    /// Size of the FAT partition.
    var fatMiB: Int
    var profile: ResolvedProfile

    /// Whole file: the partition plus the space before it.
    var fileMiB: Int { FatImageLayout.diskFileMiB(partitionMiB: fatMiB, partitionOffset: profile.boot.partitionOffset) }

    var summary: String {
        "\(path) does not exist: it is created as a \(fileMiB) MiB whole-disk image (MBR, FAT partition 1 at byte \(profile.boot.partitionOffset)) and the kernel installed in partition 1"
    }

    /// Makes the image under a temporary name (`AtomicFile.Partial`: flushed, renamed into place once complete,
    /// deleted on an error or Ctrl-C).
    func create() throws {
        do {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        } catch {
            throw CLIError.failed(phase: .creating(path), "cannot make its directory: \(error.localizedDescription)")
        }
        // A dangling symlink at the path is written through (the link stays), never replaced.
        let partial = AtomicFile.Partial(finalPath: try OutputFile.regularFilePath(path))
        defer { partial.discard() }
        do {
            _ = try FatImageCreator(runner: BootPartitionAccess.runner).create(
                path: partial.path, sizeMiB: fileMiB, layout: .mbr(startSector: Int(profile.boot.partitionOffset / 512)))
        } catch let error as FatImageError {
            throw CLIError.failed(phase: .creating(path), error.description)
        }
        try commitOutput(partial)
    }
}
