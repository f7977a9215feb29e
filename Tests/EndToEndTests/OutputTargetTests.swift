import Foundation
import OdroidProcess
import Testing
import TestSupport

/// `-o FILE` (and --svg, --emit-script, dtb set-bootargs, image create -o) on every kind of target, with the
/// built binary. Device nodes are made with mknod inside the scratch directory (never the real /dev): a
/// character device with /dev/null's numbers must still be that device afterwards, a FIFO still a FIFO
/// (and its reader gets the text), a symlink still the same symlink with its target written.
@Suite("Output targets: regular, device, FIFO, symlink, standard output", .tags(.realProcess))
struct OutputTargetTests {
    static let bootScript = ["boot-script", "-p", "odroidxu", "-k", "3.12.3"]
    static let isRoot = getuid() == 0

    /// The kind of file at `path`, without following a symlink.
    static func kind(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return UInt64(info.st_ino)
    }

    /// A character device node with /dev/null's numbers (1:3), made in the scratch directory.
    static func nullNode(in scratch: ScratchDirectory, name: String = "null") throws -> String {
        let path = scratch.file(name)
        try #require(mknod(path, S_IFCHR | 0o666, makedev(1, 3)) == 0, "mknod: \(String(cString: strerror(errno)))")
        return path
    }

    static func makedev(_ major: UInt32, _ minor: UInt32) -> dev_t {
        dev_t((UInt64(major) << 8) | UInt64(minor & 0xff) | (UInt64(minor & ~0xff) << 12))
    }

    @Test func aRegularFileIsReplacedWholeWithNothingLeftBeside() throws {
        let scratch = try ScratchDirectory("out-regular")
        let target = try scratch.write("boot.ini", Data("old contents".utf8))
        let before = Self.inode(target)
        let out = try Binary.run(Self.bootScript + ["-o", target])
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("ODROIDXU-UBOOT-CONFIG\n"))
        #expect(Self.inode(target) != before, "replaced by rename, not rewritten in place")
        #expect(try scratch.names() == ["boot.ini"], "no temporary file left")
    }

    @Test(.enabled(if: isRoot, "mknod needs root"))
    func aCharacterDeviceIsWrittenInPlaceAndStaysADevice() throws {
        let scratch = try ScratchDirectory("out-chardev")
        let node = try Self.nullNode(in: scratch)
        for arguments in [
            Self.bootScript + ["-o", node], ["layout", "-p", "odroidxu", "--svg", node],
            ["-p", "odroidxu", "-k", "3.12.3", "--emit-script", node],
        ] {
            let out = try Binary.run(arguments)
            #expect(out.exitCode == 0, "\(arguments): \(out.stderr)")
            #expect(Self.kind(node) == S_IFCHR, "\(arguments) replaced the device node")
        }
        #expect(try scratch.names() == ["null"], "no temporary file beside the device")
    }

    @Test(.enabled(if: isRoot, "mknod needs root"))
    func imageCreateRefusesADeviceAndLeavesIt() throws {
        let scratch = try ScratchDirectory("out-image-device")
        let build = try FakeKernelBuild(version: "3.12.3", in: scratch)
        let node = try Self.nullNode(in: scratch)
        let out = try Binary.run([
            "image", "create", "-p", "odroidxu", "-k", "3.12.3", "--work-dir", build.workDirectory, "-o", node, "--size", "8M", "--force",
        ])
        #expect(out.exitCode == 2, "\(out.stderr)")
        #expect(out.stderr.contains("is not a regular file"))
        #expect(Self.kind(node) == S_IFCHR)
        #expect(try scratch.names() == ["null", "work-3.12.3"])
    }

    @Test(.enabled(if: isRoot, "mknod needs root"))
    func aBlockDeviceNodeIsRefusedUntouched() throws {
        let scratch = try ScratchDirectory("out-blockdev")
        let node = scratch.file("blk")
        // Numbers of a loop device that nothing opens: the refusal comes before any open.
        try #require(mknod(node, S_IFBLK | 0o600, Self.makedev(7, 250)) == 0)
        let out = try Binary.run(Self.bootScript + ["-o", node])
        #expect(out.exitCode == 2)
        #expect(out.stderr.contains("is a block device; write a card with odroid-build flash"), "\(out.stderr)")
        #expect(Self.kind(node) == S_IFBLK)
    }

    @Test func aFIFOIsWrittenInPlaceAndItsReaderGetsTheScript() throws {
        let scratch = try ScratchDirectory("out-fifo")
        let fifo = scratch.file("pipe")
        try #require(mkfifo(fifo, 0o600) == 0)
        let reader = FIFOReader(path: fifo)
        let out = try Binary.run(Self.bootScript + ["-o", fifo])
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(reader.wait().hasPrefix("ODROIDXU-UBOOT-CONFIG\n"))
        #expect(Self.kind(fifo) == S_IFIFO)
    }

    @Test func aSymlinkIsWrittenThroughAndStays() throws {
        let scratch = try ScratchDirectory("out-symlink")
        let real = try scratch.write("real/boot.ini", Data("old".utf8))
        let link = scratch.file("link.ini")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/boot.ini")
        let out = try Binary.run(Self.bootScript + ["-o", "link.ini"], directory: scratch.path)
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(Self.kind(link) == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real/boot.ini")
        #expect(try String(contentsOfFile: real, encoding: .utf8).hasPrefix("ODROIDXU-UBOOT-CONFIG\n"))
        #expect(try scratch.names() == ["real", "link.ini"])
    }

    @Test func aDanglingSymlinkGetsItsTargetCreated() throws {
        let scratch = try ScratchDirectory("out-dangling")
        let link = scratch.file("link.ini")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "made.ini")
        let out = try Binary.run(Self.bootScript + ["-o", link])
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(Self.kind(link) == S_IFLNK)
        #expect(try String(contentsOfFile: scratch.file("made.ini"), encoding: .utf8).hasPrefix("ODROIDXU-UBOOT-CONFIG\n"))
    }

    @Test func dashAndTheProcessOwnDescriptorAreStandardOutput() throws {
        for target in ["-", "/proc/self/fd/1"] {
            let out = try Binary.run(Self.bootScript + ["-o", target])
            #expect(out.exitCode == 0, "\(target): \(out.stderr)")
            #expect(out.stdout.hasPrefix("ODROIDXU-UBOOT-CONFIG\n"), "\(target)")
        }
        // A binary script image to standard output, on request.
        let scr = try Binary.run(["boot-script", "-p", "qemu-virt", "-k", "6.1", "--format", "scr", "-o", "-"])
        #expect(scr.exitCode == 0, "\(scr.stderr)")
        #expect(scr.stdout.utf8.prefix(4).elementsEqual([0x27, 0x05, 0x19, 0x56]), "u-boot image magic")
    }

    @Test func aDirectoryIsRefused() throws {
        let scratch = try ScratchDirectory("out-directory")
        let out = try Binary.run(Self.bootScript + ["-o", scratch.path])
        #expect(out.exitCode == 2)
        #expect(out.stderr.contains("is a directory"))
    }

    @Test func dtbSetBootargsInPlaceThroughASymlinkKeepsTheLink() throws {
        let scratch = try ScratchDirectory("out-dtb-link")
        let blob = try scratch.compileDeviceTree(FakeKernelBuild.odroidXU, to: "board.dtb")
        let link = scratch.file("current.dtb")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: blob)
        let out = try Binary.run(["dtb", "set-bootargs", link, "--bootargs", "console=ttySAC2,115200n8 root=/dev/mmcblk0p2"])
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(Self.kind(link) == S_IFLNK)
        let inspect = try Binary.run(["dtb", "inspect", blob])
        #expect(inspect.stdout.contains("root=/dev/mmcblk0p2"), "\(inspect.stdout)")
    }

    @Test func imageCreateThroughASymlinkWritesItsTarget() throws {
        let scratch = try ScratchDirectory("out-image-link")
        let build = try FakeKernelBuild(version: "3.12.3", in: scratch)
        try FileManager.default.createSymbolicLink(atPath: scratch.file("boot.img"), withDestinationPath: "images-boot.img")
        let out = try Binary.run(
            [
                "image", "create", "-p", "odroidxu", "-k", "3.12.3", "--work-dir", build.workDirectory, "-o", "boot.img", "--size", "8M",
                "--force",
            ],
            directory: scratch.path)
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(Self.kind(scratch.file("boot.img")) == S_IFLNK)
        #expect(Self.kind(scratch.file("images-boot.img")) == S_IFREG)
        let verify = try Binary.run(["verify", "-p", "odroidxu", "--boot-image", scratch.file("images-boot.img")])
        #expect(verify.exitCode == 0, "\(verify.stderr)")
    }
}

/// Reads a FIFO to its end on another thread (the writer's open blocks until a reader opens it).
final class FIFOReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var text = ""

    init(path: String) {
        Thread.detachNewThread { [self] in
            let data = FileHandle(forReadingAtPath: path)?.readDataToEndOfFile() ?? Data()
            lock.withLock { text = String(decoding: data, as: UTF8.self) }
            done.signal()
        }
    }

    func wait() -> String {
        _ = done.wait(timeout: .now() + 30)
        return lock.withLock { text }
    }
}
