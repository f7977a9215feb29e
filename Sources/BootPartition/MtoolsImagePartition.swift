import CommandValues
import Foundation
import OdroidProcess

/// A FAT filesystem in an image file (bare, or at a byte offset inside a whole-disk image), written through
/// mtools: no mount, no loop device, no root. Every operation is one mtools run through the process seam, so
/// an operation either finished or never started when the tool is killed between two of them.
///
/// mtools never sees the user's image name: it re-reads `-i` names through a shell and takes `@@` as an
/// offset, so the image is opened once (`ToolPath`) and mtools gets `/proc/<pid>/fd/<n>@@<offset>`. The same
/// descriptor carries the partition's write lock, so the locked file is the file written. Local files
/// handed to mcopy go the same way; staging copies are made in a `PrivateDirectory`.
public final class MtoolsImagePartition: BootPartition {
    public let imagePath: String
    public let offset: UInt64
    let runner: any ProcessRunning
    /// Where local temporary files (for `write(_:to:)`) go.
    let scratchDirectory: String
    /// The open image every mtools run goes through.
    let image: ToolPath
    public let writeLock: PartitionWriteLock

    /// mtools refuses images whose geometry it cannot check unless told not to; the 24-hour clock keeps
    /// `mdir` lines parseable.
    static let environment = ["MTOOLS_SKIP_CHECK": "1", "MTOOLS_TWENTY_FOUR_HOUR_CLOCK": "1", "LC_ALL": "C"]

    public var location: String { offset == 0 ? imagePath : "\(imagePath)@@\(offset)" }
    /// What mtools' `-i` gets: the open image, never its name.
    var target: String { offset == 0 ? image.path : "\(image.path)@@\(offset)" }

    /// Opens the image; `partition` (1 to 4) is looked up in its MBR, `offset` is taken as given; with
    /// neither, a whole-disk image whose MBR holds exactly one FAT partition opens that partition.
    public init(
        imagePath: String, offset: UInt64 = 0, partition: Int? = nil, runner: any ProcessRunning,
        scratchDirectory: String = NSTemporaryDirectory()
    ) throws(BootPartitionError) {
        guard FileManager.default.isReadableFile(atPath: imagePath) else {
            throw .unusable("\(imagePath): no such image file (or not readable)")
        }
        do {
            image = try Self.openImage(imagePath)
        } catch {
            throw .unusable("\(imagePath): \(error)")
        }
        self.imagePath = imagePath
        writeLock = PartitionWriteLock(descriptor: image.descriptor, location: imagePath)
        if let partition {
            self.offset = try MBRPartitionTable.read(imagePath: imagePath).offset(ofPartition: partition, image: imagePath)
        } else if offset == 0, let sole = MBRPartitionTable.soleFATPartition(imagePath: imagePath) {
            // A whole-disk image with one FAT partition (what `image create --disk` and a build make): no need to name it.
            self.offset = sole.byteOffset
        } else {
            self.offset = offset
        }
        self.runner = runner
        self.scratchDirectory = scratchDirectory
        // Fail now, with mtools' own words, when there is no FAT filesystem at the offset.
        _ = try space()
    }

    /// Read-write when the file allows it (installs), else read-only (list and verify of a read-only image).
    static func openImage(_ path: String) throws(ToolPathError) -> ToolPath {
        do {
            return try ToolPath(opening: path, access: .readWrite)
        } catch {
            if case .cannotOpen(_, let err) = error, err == EACCES || err == EROFS || err == EPERM {
                return try ToolPath(opening: path, access: .readOnly)
            }
            throw error
        }
    }

    func mtools(_ arguments: [String], operation: String, path: String) throws(BootPartitionError) -> ProcessResult {
        let command = Command([arguments[0], "-i", target] + arguments.dropFirst(), environment: Self.environment)
        let result: ProcessResult
        do {
            result = try runner.run(command, output: .capture)
        } catch {
            throw .failed(operation: operation, path: path, detail: "\(error) (install mtools)")
        }
        guard result.succeeded else {
            let said = (result.stderrText + result.stdoutText).trimmingCharacters(in: .whitespacesAndNewlines)
            let lower = said.lowercased()
            if lower.contains("disk full") || lower.contains("no free clusters") || lower.contains("no space") {
                throw .noSpace(path: path, detail: said)
            }
            if lower.contains("not found") { throw .notFound(path) }
            throw .failed(operation: operation, path: path, detail: "\(command.program) \(result.termination): \(said)")
        }
        return result
    }

    /// `::/path` on the image, after the path is confined to it.
    func onImage(_ path: String) throws(BootPartitionError) -> String {
        "::/" + (try PartitionPath.confined(path, on: location))
    }

    public func entries(in directory: String) throws(BootPartitionError) -> [BootPartitionEntry] {
        let result = try mtools(["mdir", "-a", try onImage(directory)], operation: "listing", path: directory)
        return MdirListing.entries(result.stdoutText).sorted { $0.name < $1.name }
    }

    public func read(_ path: String) throws(BootPartitionError) -> Data {
        try mtools(["mcopy", "-n", try onImage(path), "-"], operation: "reading", path: path).stdout
    }

    public func write(_ data: Data, to path: String) throws(BootPartitionError) {
        let staging: PrivateDirectory
        do {
            staging = try PrivateDirectory(base: scratchDirectory, purpose: "mcopy")
        } catch {
            throw .failed(operation: "staging", path: path, detail: "\(error)")
        }
        defer { staging.remove() }
        let local = staging.file("data")
        guard FileManager.default.createFile(atPath: local, contents: data) else {
            throw .failed(operation: "staging", path: path, detail: "cannot write \(local)")
        }
        try copy(localFile: local, to: path)
    }

    public func copy(localFile: String, to path: String) throws(BootPartitionError) {
        let destination = try onImage(path)
        let source: ToolPath
        do {
            source = try ToolPath(opening: localFile)
        } catch {
            throw .failed(operation: "reading", path: localFile, detail: "\(error)")
        }
        defer { source.close() }
        // -o: overwrite without asking (only temporary names are written this way).
        _ = try mtools(["mcopy", "-o", source.path, destination], operation: "copying \(localFile) to", path: path)
    }

    /// mtools writes through the image file; make those writes reach the disk (the image may be an SD card).
    public func flush(_ path: String) throws(BootPartitionError) {
        guard fsync(image.descriptor) == 0 else {
            throw .failed(operation: "flushing", path: imagePath, detail: String(cString: strerror(errno)))
        }
    }

    public func rename(_ source: String, to destination: String) throws(BootPartitionError) {
        // -D o: replace an existing destination (mren otherwise refuses); the name is never absent for long.
        _ = try mtools(
            ["mren", "-D", "o", try onImage(source), try onImage(destination)], operation: "renaming \(source) to", path: destination)
    }

    public func delete(_ path: String) throws(BootPartitionError) {
        _ = try mtools(["mdel", try onImage(path)], operation: "deleting", path: path)
    }

    public func makeDirectory(_ path: String) throws(BootPartitionError) {
        // -D s: an existing directory is not an error.
        _ = try mtools(["mmd", "-D", "s", try onImage(path)], operation: "creating directory", path: path)
    }

    public func removeDirectory(_ path: String) throws(BootPartitionError) {
        _ = try mtools(["mrd", try onImage(path)], operation: "removing directory", path: path)
    }

    public func space() throws(BootPartitionError) -> BootPartitionSpace {
        let info = try mtools(["minfo", "::"], operation: "reading the filesystem of", path: location).stdoutText
        let sectorSize = Self.number(after: "sector size:", in: info) ?? 512
        let sectorsPerCluster = Self.number(after: "cluster size:", in: info) ?? 1
        let listing = try mtools(["mdir", "::/"], operation: "reading free space of", path: location).stdoutText
        guard let free = MdirListing.freeBytes(listing) else {
            throw .failed(operation: "reading free space of", path: location, detail: "no 'bytes free' line in mdir output")
        }
        return BootPartitionSpace(freeBytes: free, clusterBytes: sectorSize * sectorsPerCluster)
    }

    static func number(after label: String, in text: String) -> UInt64? {
        guard let range = text.range(of: label) else { return nil }
        let digits = text[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
        return UInt64(digits)
    }
}
