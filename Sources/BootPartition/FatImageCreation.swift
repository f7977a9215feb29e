import CommandValues
import Foundation
import OdroidProcess

/// How the FAT filesystem sits in an image file.
public enum FatImageLayout: Sendable, Hashable {
    /// The filesystem fills the whole file (what `mkfs.vfat IMG` makes). u-boot's distro boot skips such a
    /// disk ("No partition table"), though an explicit `fatload virtio 0 ...` still reads it.
    case bare
    /// A whole-disk image: an MBR with one bootable FAT32-LBA (type 0x0c) partition from `startSector`
    /// (512-byte sectors) to the end. Distro boot needs a partition table; 2048 (1 MiB) is the usual start.
    case mbr(startSector: Int)

    /// Size of a whole-disk image whose FAT partition of `partitionMiB` starts at `partitionOffset` and runs to
    /// the end of the file: the offset rounded up to whole MiB, plus the partition.
    /// The largest FAT filesystem made, in whole MiB: an MBR entry counts at most 2^32 - 1 sectors of 512
    /// bytes, which is FAT32's own limit with 512-byte sectors too (2 TiB less one MiB).
    public static let maximumMiB = Int((UInt64(UInt32.max) * 512) >> 20)

    public static func diskFileMiB(partitionMiB: Int, partitionOffset: UInt64) -> Int {
        partitionMiB + Int((partitionOffset + (1 << 20) - 1) >> 20)
    }
}

/// A FAT image created by `FatImageCreator`: the file and where its filesystem starts in it.
public struct FatImage: Sendable, Hashable {
    public var path: String
    /// Byte offset of the filesystem inside the file (0 for a bare image).
    public var filesystemOffset: Int

    public init(path: String, filesystemOffset: Int) {
        self.path = path
        self.filesystemOffset = filesystemOffset
    }

    /// The image as mtools' `-i` spells it, `img` or `img@@1048576`: for messages and for tests that look at
    /// an image they made under a plain name. The creator itself never hands this to mtools (see `ToolPath`).
    public var mtoolsTarget: String {
        filesystemOffset == 0 ? path : "\(path)@@\(filesystemOffset)"
    }

    /// `-i` for mtools through an open descriptor of the image.
    func mtoolsTarget(_ opened: ToolPath) -> String {
        filesystemOffset == 0 ? opened.path : "\(opened.path)@@\(filesystemOffset)"
    }
}

/// A failed step while creating or filling a FAT image, with the command that failed and what it said.
public struct FatImageError: Error, CustomStringConvertible {
    public var message: String
    public var command: Command?
    public var output: String

    public var description: String {
        var text = message
        if let command { text += "\n  command: \(command.shellLine)" }
        let said = output.trimmingCharacters(in: .whitespacesAndNewlines)
        if !said.isEmpty { text += "\n  output: \(said)" }
        return text
    }
}

/// Creates FAT images and copies files into them without mounting anything (no root, no loop device):
/// `sfdisk` writes the partition table, `mkfs.vfat --offset` the filesystem inside the partition,
/// mtools (`mmd`, `mcopy`) the files. Every program runs through the process seam and gets the image and the
/// files copied in as `ToolPath`s, never by the names the caller gave.
public struct FatImageCreator: Sendable {
    public let runner: any ProcessRunning

    /// mtools refuses images whose geometry it cannot check unless told not to.
    static let mtoolsEnvironment = ["MTOOLS_SKIP_CHECK": "1"]

    public init(runner: any ProcessRunning) {
        self.runner = runner
    }

    /// Creates (or replaces) `path` as a zero-filled image of `sizeMiB` MiB holding an empty FAT filesystem
    /// labelled `label` (at most 11 characters, stored upper-case by FAT).
    @discardableResult
    public func create(path: String, sizeMiB: Int, layout: FatImageLayout, label: String = "BOOT") throws -> FatImage {
        guard sizeMiB >= 2 else { throw FatImageError(message: "a FAT image needs at least 2 MiB, got \(sizeMiB) MiB", output: "") }
        // The filesystem plus at most a 4 GiB bootloader area before it: bounded, so the byte count below cannot overflow.
        guard sizeMiB <= FatImageLayout.maximumMiB + 4096 else {
            throw FatImageError(message: "a FAT image holds at most \(FatImageLayout.maximumMiB) MiB, got \(sizeMiB) MiB", output: "")
        }
        guard !label.isEmpty, label.utf8.count <= 11 else {
            throw FatImageError(message: "FAT label '\(label)' must be 1 to 11 characters", output: "")
        }
        guard label.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw FatImageError(message: "FAT label '\(label)' must be printable ASCII without blanks", output: "")
        }
        let totalSectors = sizeMiB * 2048
        try Self.makeEmptyFile(path: path, bytes: totalSectors * 512)
        let opened = try Self.forTool(path)
        defer { opened.close() }

        switch layout {
        case .bare:
            try check(Command(["mkfs.vfat", "-n", label, opened.path]), what: "mkfs.vfat on \(path)")
            return FatImage(path: path, filesystemOffset: 0)
        case .mbr(let startSector):
            guard startSector >= 1, startSector < totalSectors - 2048 else {
                throw FatImageError(message: "partition start sector \(startSector) leaves no room in a \(sizeMiB) MiB image", output: "")
            }
            try check(
                Command(["sfdisk", "--quiet", "--label", "dos", opened.path]), input: "start=\(startSector), type=c, bootable\n",
                what: "partition table on \(path)")
            // mkfs.vfat counts the filesystem size in 1 KiB blocks; --offset is in sectors.
            let blocks = (totalSectors - startSector) / 2
            try check(
                Command(["mkfs.vfat", "-n", label, "--offset=\(startSector)", opened.path, String(blocks)]),
                what: "mkfs.vfat inside the partition of \(path)")
            return FatImage(path: path, filesystemOffset: startSector * 512)
        }
    }

    /// Copies each `source` to `nameOnImage` (a path such as `dtbs/6.1/board.dtb`), creating missing
    /// directories and overwriting files that exist.
    public func copyIn(files: [(source: String, nameOnImage: String)], to image: FatImage) throws {
        var made: Set<String> = []
        let opened = try Self.forTool(image.path)
        defer { opened.close() }
        for (source, name) in files {
            let parts = name.split(separator: "/").map(String.init)
            guard !parts.isEmpty else { throw FatImageError(message: "empty name on image for \(source)", output: "") }
            if let problem = PartitionPath.escapeProblem(name) {
                throw FatImageError(message: "name on image '\(name)' for \(source) \(problem)", output: "")
            }
            let input = try Self.forTool(source, access: .readOnly)
            defer { input.close() }
            var directory = ""
            for part in parts.dropLast() {
                directory += "/" + part
                if made.insert(directory).inserted {
                    // -D s: skip (no error) when the directory already exists.
                    try check(
                        Command(
                            ["mmd", "-D", "s", "-i", image.mtoolsTarget(opened), "::" + directory], environment: Self.mtoolsEnvironment),
                        what: "creating directory \(directory) in \(image.path)")
                }
            }
            try check(
                Command(
                    ["mcopy", "-o", "-i", image.mtoolsTarget(opened), input.path, "::/" + parts.joined(separator: "/")],
                    environment: Self.mtoolsEnvironment),
                what: "copying \(source) to \(name) in \(image.path)")
        }
    }

    private func check(_ command: Command, input: String? = nil, what: String) throws {
        let result = try runner.run(command, output: .capture, input: input)
        guard result.succeeded else {
            throw FatImageError(
                message: "\(what) failed (\(result.termination))", command: command, output: result.stderrText + result.stdoutText)
        }
    }

    /// `path` opened for a tool (read-write unless `access` says otherwise).
    private static func forTool(_ path: String, access: ToolPath.Access = .readWrite) throws -> ToolPath {
        do {
            return try ToolPath(opening: path, access: access)
        } catch {
            throw FatImageError(message: "\(error)", output: "")
        }
    }

    /// A sparse file of exactly `bytes` bytes, replacing any earlier one.
    private static func makeEmptyFile(path: String, bytes: Int) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FatImageError(message: "cannot create \(path): \(String(cString: strerror(errno)))", output: "") }
        defer { close(fd) }
        guard ftruncate(fd, off_t(bytes)) == 0 else {
            throw FatImageError(message: "cannot size \(path) to \(bytes) bytes: \(String(cString: strerror(errno)))", output: "")
        }
    }
}
