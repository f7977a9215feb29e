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

/// Builds the smallest initramfs that proves a kernel reached userspace: a gzip'd newc cpio archive
/// (`cpio -o -H newc -R 0:0`, so no root and no mknod are needed) with busybox and an /init printing a marker,
/// optionally wrapped as a u-boot legacy ramdisk (`mkimage -T ramdisk`) for `bootm`.
public struct InitramfsBuilder: Sendable {
    public let runner: any ProcessRunning

    public init(runner: any ProcessRunning) {
        self.runner = runner
    }

    /// Writes `output` (a .cpio.gz) and, when `uImagePath` is given, the mkimage-wrapped copy there.
    /// `workDirectory` holds the staging tree while it works.
    public func build(_ initramfs: MarkerInitramfs, output: String, uImagePath: String? = nil, workDirectory: String) throws {
        let files = FileManager.default
        let root = workDirectory + "/initramfs-root-\(getpid())-\(UUID().uuidString.prefix(8))"
        try files.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        defer { try? files.removeItem(atPath: root) }
        for dir in MarkerInit.directories { try files.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true) }
        try files.copyItem(atPath: initramfs.busybox, toPath: root + "/bin/busybox")
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/bin/busybox")
        try files.createSymbolicLink(atPath: root + "/bin/sh", withDestinationPath: "busybox")
        try Data(initramfs.initScript.utf8).write(to: URL(fileURLWithPath: root + "/init"))
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/init")

        // The entries in a stable order, parents before children, as cpio reads them from stdin.
        let entries = ["bin", "bin/busybox", "bin/sh", "dev", "init", "proc", "sys"]
        let archive = output.hasSuffix(".gz") ? String(output.dropLast(3)) : output + ".cpio"
        try? files.removeItem(atPath: archive)
        try? files.removeItem(atPath: archive + ".gz")
        // --force-local: GNU cpio takes an -F name with a ':' as [user@]host:file and runs rsh to that host.
        try runner.checked(
            Command(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet", "--force-local", "-F", archive], workingDirectory: root),
            input: entries.joined(separator: "\n") + "\n", "cpio of the initramfs tree")
        try runner.checked(Command(["gzip", "-9", "-n", "-f", archive]), "gzip of \(archive)")
        if archive + ".gz" != output {
            try? files.removeItem(atPath: output)
            try files.moveItem(atPath: archive + ".gz", toPath: output)
        }
        if let uImagePath {
            try LegacyImageMaker(runner: runner).make(.ramdisk, name: "initramfs", input: output, output: uImagePath)
        }
    }
}
