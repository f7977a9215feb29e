import Foundation
import OdroidProcess

/// What the marker initramfs holds and prints.
public struct MarkerInitramfs: Sendable, Hashable {
    /// The marker the tool's own proof initramfs prints unless a profile names another.
    public static let defaultMarker = "ODROID-BUILD-BOOT-OK"

    /// The static armhf busybox to put at /bin/busybox.
    public var busybox: String
    /// The line /init prints once userspace runs: the boot proof's success pattern.
    public var marker: String

    public init(busybox: String, marker: String) {
        self.busybox = busybox
        self.marker = marker
    }

    /// The /init script: mount devtmpfs and re-open /dev/console (the archive has no device nodes), print
    /// the kernel command line and the marker, then power off (PSCI SYSTEM_OFF ends QEMU).
    public var initScript: String {
        """
        #!/bin/sh
        /bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
        exec </dev/console >/dev/console 2>&1
        /bin/busybox mount -t proc proc /proc
        echo "cmdline: $(/bin/busybox cat /proc/cmdline)"
        echo '\(marker.replacingOccurrences(of: "'", with: "'\\''"))'
        /bin/busybox sync
        /bin/busybox poweroff -f

        """
    }
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
        for dir in ["dev", "proc", "sys"] { try files.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true) }
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
        try runner.checked(
            Command(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet", "-F", archive], workingDirectory: root),
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
