import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// What the marker initramfs holds and prints.
public struct MarkerInitramfs: Sendable, Hashable {
    /// The marker the tool's own proof initramfs prints unless a profile names another.
    public static let defaultMarker = MarkerInit.defaultMarker

    /// The static armhf busybox to put at /bin/busybox.
    public var busybox: String
    /// The line /init prints once userspace runs: the boot proof's success pattern.
    public var marker: String

    public init(busybox: String, marker: String) {
        self.busybox = busybox
        self.marker = marker
    }

    /// The /init script (see `MarkerInit`).
    public var initScript: String { MarkerInit.script(marker: marker) }
}

/// Builds the smallest initramfs that proves a kernel reached userspace: busybox and an /init printing a
/// marker, packed by `NewcArchive` (owner root, fixed times, so no root, no mknod and no cpio are needed and
/// the same busybox always gives the same bytes), compressed with `gzip -9 -n`, optionally wrapped as a u-boot
/// legacy ramdisk (`mkimage -T ramdisk`) for `bootm`.
public struct InitramfsBuilder: Sendable {
    public let runner: any ProcessRunning

    public init(runner: any ProcessRunning) {
        self.runner = runner
    }

    /// The archive's entries, parents before children: /bin/busybox (`busybox`'s bytes), /bin/sh linked to
    /// it, the executable /init and the empty mount points.
    public static func entries(_ initramfs: MarkerInitramfs, busybox: Data) -> [NewcArchive.Entry] {
        var entries: [NewcArchive.Entry] = [
            .directory("bin"), .file("bin/busybox", busybox, permissions: 0o755), .symlink("bin/sh", to: "busybox"),
            .file("init", Data(initramfs.initScript.utf8), permissions: 0o755),
        ]
        entries += MarkerInit.directories.map { NewcArchive.Entry.directory($0) }
        return entries.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
    }

    /// Writes `output` (a .cpio.gz) and, when `uImagePath` is given, the mkimage-wrapped copy there.
    /// `workDirectory` holds the uncompressed archive while it works.
    public func build(_ initramfs: MarkerInitramfs, output: String, uImagePath: String? = nil, workDirectory: String) throws {
        guard let busybox = FileManager.default.contents(atPath: initramfs.busybox) else {
            throw BootProofError("cannot read the busybox for the initramfs at \(initramfs.busybox)")
        }
        let archive = workDirectory + "/initramfs-\(getpid())-\(UUID().uuidString.prefix(8)).cpio"
        defer {
            unlink(archive)
            unlink(archive + ".gz")
        }
        try NewcArchive.encode(Self.entries(initramfs, busybox: busybox)).write(to: URL(fileURLWithPath: archive))
        try runner.checked(Command(["gzip", "-9", "-n", "-f", archive]), "gzip of the initramfs archive")
        guard FileManager.default.fileExists(atPath: archive + ".gz") else {
            throw BootProofError("gzip left no \(archive).gz")
        }
        try? FileManager.default.removeItem(atPath: output)
        try FileManager.default.moveItem(atPath: archive + ".gz", toPath: output)
        if let uImagePath {
            try LegacyImageMaker(runner: runner).make(.ramdisk, name: "initramfs", input: output, output: uImagePath)
        }
    }
}
