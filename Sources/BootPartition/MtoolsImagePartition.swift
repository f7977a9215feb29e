import Foundation
import OdroidProcess

/// A FAT filesystem in an image file (bare, or at a byte offset inside a whole-disk image), written through
/// mtools: no mount, no loop device, no root. Every operation is one mtools run through the process seam, so
/// an operation either finished or never started when the tool is killed between two of them.
public final class MtoolsImagePartition: BootPartition {
    public let imagePath: String
    public let offset: UInt64
    let runner: any ProcessRunning
    /// Where local temporary files (for `write(_:to:)`) go.
    let scratchDirectory: String

    /// mtools refuses images whose geometry it cannot check unless told not to; the 24-hour clock keeps
    /// `mdir` lines parseable.
    static let environment = ["MTOOLS_SKIP_CHECK": "1", "MTOOLS_TWENTY_FOUR_HOUR_CLOCK": "1", "LC_ALL": "C"]

    public var location: String { offset == 0 ? imagePath : "\(imagePath)@@\(offset)" }
    var target: String { location }

    /// Opens the image; `partition` (1 to 4) is looked up in its MBR, `offset` is taken as given; with
    /// neither, a whole-disk image whose MBR holds exactly one FAT partition opens that partition.
    public init(imagePath: String, offset: UInt64 = 0, partition: Int? = nil, runner: any ProcessRunning,
                scratchDirectory: String = NSTemporaryDirectory()) throws(BootPartitionError) {
        guard FileManager.default.isReadableFile(atPath: imagePath) else {
            throw .unusable("\(imagePath): no such image file (or not readable)")
        }
        self.imagePath = imagePath
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

    static func onImage(_ path: String) -> String { "::/" + PartitionPath.normalized(path) }

    public func entries(in directory: String) throws(BootPartitionError) -> [BootPartitionEntry] {
        let result = try mtools(["mdir", "-a", Self.onImage(directory)], operation: "listing", path: directory)
        return MdirListing.entries(result.stdoutText).sorted { $0.name < $1.name }
    }

    public func read(_ path: String) throws(BootPartitionError) -> Data {
        try mtools(["mcopy", "-n", Self.onImage(path), "-"], operation: "reading", path: path).stdout
    }

    public func write(_ data: Data, to path: String) throws(BootPartitionError) {
        let local = "\(scratchDirectory)/odroid-build-mcopy-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: local, contents: data) else {
            throw .failed(operation: "staging", path: path, detail: "cannot write \(local)")
        }
        defer { unlink(local) }
        try copy(localFile: local, to: path)
    }

    public func copy(localFile: String, to path: String) throws(BootPartitionError) {
        // -o: overwrite without asking (only temporary names are written this way).
        _ = try mtools(["mcopy", "-o", localFile, Self.onImage(path)], operation: "copying \(localFile) to", path: path)
    }

    /// mtools writes through the image file; make those writes reach the disk (the image may be an SD card).
    public func flush(_ path: String) throws(BootPartitionError) {
        let fd = open(imagePath, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw .failed(operation: "flushing", path: imagePath, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .failed(operation: "flushing", path: imagePath, detail: String(cString: strerror(errno))) }
    }

    public func rename(_ source: String, to destination: String) throws(BootPartitionError) {
        // -D o: replace an existing destination (mren otherwise refuses); the name is never absent for long.
        _ = try mtools(["mren", "-D", "o", Self.onImage(source), Self.onImage(destination)], operation: "renaming \(source) to", path: destination)
    }

    public func delete(_ path: String) throws(BootPartitionError) {
        _ = try mtools(["mdel", Self.onImage(path)], operation: "deleting", path: path)
    }

    public func makeDirectory(_ path: String) throws(BootPartitionError) {
        // -D s: an existing directory is not an error.
        _ = try mtools(["mmd", "-D", "s", Self.onImage(path)], operation: "creating directory", path: path)
    }

    public func removeDirectory(_ path: String) throws(BootPartitionError) {
        _ = try mtools(["mrd", Self.onImage(path)], operation: "removing directory", path: path)
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
