import BootPartition
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

/// Hostile partitions and hostile names for them, on the real backends. A mounted partition (here a plain
/// directory with allowNonFAT, where links can exist) with a symlink or a FIFO planted where an install or
/// a removal goes: refused, never followed, and nothing outside the partition changes. An image whose name
/// mtools would re-read (`$(...)`, backquotes, `@@`, a comma, a newline): the install lands in that very
/// file, verifies, and nothing else is created or written.
@Suite("Hostile partitions and image names", .tags(.realProcess))
struct HostilePartitionTests {
    /// What is planted in the partition before the install, relative to its root, and where it points.
    struct Plant: CustomTestStringConvertible, Sendable {
        enum Kind: Sendable { case symlinkToOutsideFile, symlinkToOutsideDirectory, fifo }
        var name: String
        var path: String
        var kind: Kind
        /// The install that runs into it: a fresh partition (false) or one that already holds 3.11-rc7 (true).
        var afterFirstInstall = false
        var testDescription: String { name }
    }

    static let plants: [Plant] = [
        Plant(name: "the kernel file is a symlink out", path: "uImage-3.12.3", kind: .symlinkToOutsideFile),
        Plant(name: "the dtb directory is a symlink out", path: "dtbs", kind: .symlinkToOutsideDirectory),
        Plant(
            name: "the version's dtb directory is a symlink out", path: "dtbs/3.12.3", kind: .symlinkToOutsideDirectory,
            afterFirstInstall: true),
        Plant(name: "boot.ini is a symlink out", path: "boot.ini", kind: .symlinkToOutsideFile),
        Plant(name: "boot.ini.bak is a symlink out", path: "boot.ini.bak", kind: .symlinkToOutsideFile, afterFirstInstall: true),
        Plant(name: "the manifest is a symlink out", path: "odroid-build.json", kind: .symlinkToOutsideFile),
        Plant(name: "a temporary name is a symlink out", path: "uImage-3.12.3.odroid-build-new", kind: .symlinkToOutsideFile),
        Plant(name: "the manifest is a FIFO", path: "odroid-build.json", kind: .fifo),
        Plant(name: "the kernel file is a FIFO", path: "uImage-3.12.3", kind: .fifo),
    ]

    @Test(arguments: plants)
    func aPlantedLinkOrFIFOIsRefusedAndNothingOutsideChanges(plant: Plant) throws {
        let fixtures = try PartitionFixtures()
        let profile = try PartitionFixtures.profile("odroidxu")
        let root = fixtures.root + "/boot"
        let outside = fixtures.root + "/outside"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside + "/dir", withIntermediateDirectories: true)
        try Data("{\"outside\": true}\n".utf8).write(to: URL(fileURLWithPath: outside + "/file"))
        let partition = try MountedBootPartition(root: root, allowNonFAT: true)
        let installer = KernelInstaller(partition: partition, scripts: fixtures.maker(profile))
        if plant.afterFirstInstall {
            let first = try fixtures.build("3.11-rc7", profile: profile, kernelBytes: 20_000)
            try installer.install(spec: first.spec, version: first.version, kernelRelease: first.release)
            try Data("{\"outside\": true}\n".utf8).write(to: URL(fileURLWithPath: outside + "/file"))
        }
        let target = root + "/" + plant.path
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        switch plant.kind {
        case .symlinkToOutsideFile: try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: outside + "/file")
        case .symlinkToOutsideDirectory: try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: outside + "/dir")
        case .fifo: try #require(mkfifo(target, 0o600) == 0)
        }
        let outsideBefore = try Self.snapshot(outside)

        let build = try fixtures.build("3.12.3", profile: profile, kernelBytes: 20_000)
        let started = Date()
        #expect(throws: BootPartitionError.self, "the install went ahead through \(plant.path)") {
            try installer.install(spec: build.spec, version: build.version, kernelRelease: build.release)
        }
        #expect(Date().timeIntervalSince(started) < 20, "blocked on a FIFO")
        #expect(try Self.snapshot(outside) == outsideBefore, "a file outside the partition changed")
        var info = stat()
        #expect(
            lstat(target, &info) == 0 && (info.st_mode & S_IFMT) == (plant.kind == .fifo ? S_IFIFO : S_IFLNK),
            "the planted \(plant.path) was replaced")
    }

    @Test func removingAKernelWhoseFileBecameASymlinkIsRefused() throws {
        let fixtures = try PartitionFixtures()
        let profile = try PartitionFixtures.profile("odroidxu")
        let root = fixtures.root + "/boot"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let partition = try MountedBootPartition(root: root, allowNonFAT: true)
        let installer = KernelInstaller(partition: partition, scripts: fixtures.maker(profile))
        for version in ["3.11-rc7", "3.12.3"] {
            let build = try fixtures.build(version, profile: profile, kernelBytes: 20_000)
            try installer.install(spec: build.spec, version: build.version, kernelRelease: build.release)
        }
        let victim = fixtures.root + "/victim"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: victim))
        try FileManager.default.removeItem(atPath: root + "/uInitrd-3.11-rc7")
        try FileManager.default.createSymbolicLink(atPath: root + "/uInitrd-3.11-rc7", withDestinationPath: victim)
        #expect(throws: BootPartitionError.self) {
            try KernelManager(partition: partition, scripts: fixtures.maker(profile)).remove("3.11-rc7")
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
        #expect(FileManager.default.fileExists(atPath: root + "/uInitrd-3.11-rc7"))
    }

    /// A release the manifest could not read back (make kernelrelease of a crafted tree) is refused before
    /// anything is written.
    @Test(arguments: ["6.1\nsetenv bootcmd reset", "../../etc", "6.1 rc", "6.1;reset"])
    func aHostileKernelReleaseIsRefusedBeforeAnyWrite(release: String) throws {
        let fixtures = try PartitionFixtures()
        let profile = try PartitionFixtures.profile("odroidxu")
        let image = try fixtures.image("boot.img", sizeMiB: 4)
        let before = try Data(contentsOf: URL(fileURLWithPath: image.path))
        let build = try fixtures.build("3.12.3", profile: profile, kernelBytes: 20_000)
        #expect {
            try KernelInstaller(partition: try fixtures.open(image), scripts: fixtures.maker(profile)).install(
                spec: build.spec, version: build.version, kernelRelease: release)
        } throws: { ($0 as? BootPartitionError)?.isBadInput == true }
        #expect(try Data(contentsOf: URL(fileURLWithPath: image.path)) == before)
    }

    static let imageNames = [
        "x$(touch PWNED).img", "b.img@@0", "back`touch PWNED`.img", "a,b:c?offset=1.img", "new\nline.img", "-rf.img", "star*[x]{y}~.img",
    ]

    /// An image under a name mtools would re-read: installs, verifies, and only that file changes.
    @Test(arguments: imageNames)
    func anImageNameIsNeverReread(name: String) throws {
        let fixtures = try PartitionFixtures()
        let profile = try PartitionFixtures.profile("odroidxu")
        let decoy = try fixtures.image("b.img", sizeMiB: 4)
        let decoyBefore = try Data(contentsOf: URL(fileURLWithPath: decoy.path))
        let image = try fixtures.image(name, sizeMiB: 4)
        let partition = try MtoolsImagePartition(imagePath: image.path, runner: fixtures.runner, scratchDirectory: fixtures.root)
        let build = try fixtures.build("3.12.3", profile: profile, kernelBytes: 20_000)
        let namesBefore = try Set(FileManager.default.contentsOfDirectory(atPath: fixtures.root))
        try KernelInstaller(partition: partition, scripts: fixtures.maker(profile)).install(
            spec: build.spec, version: build.version, kernelRelease: build.release)
        let report = try BootVerifier(partition: partition, profile: profile, runner: fixtures.runner).verify()
        #expect(report.isBootable && report.bootVersions == ["3.12.3"], "\(report.findings)")
        #expect(
            try Set(FileManager.default.contentsOfDirectory(atPath: fixtures.root)) == namesBefore, "a file was created beside the image")
        #expect(!FileManager.default.fileExists(atPath: "PWNED"), "a command ran in the current directory")
        #expect(try Data(contentsOf: URL(fileURLWithPath: decoy.path)) == decoyBefore, "another image was written")
        // Read back with the real mtools through a plain name: the files are in the image that was named.
        let plain = fixtures.root + "/plain-copy.img"
        try FileManager.default.copyItem(atPath: image.path, toPath: plain)
        let listing = try fixtures.runner.run(Command(["mdir", "-b", "-i", plain, "::/"], environment: ["MTOOLS_SKIP_CHECK": "1"]))
        #expect(listing.stdoutText.contains("uImage-3.12.3"), "\(listing.stdoutText)")
    }

    /// Every file under `directory` with its bytes (links shown as their targets).
    static func snapshot(_ directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: directory) {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG: result[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            case S_IFLNK: result[name] = Data(try FileManager.default.destinationOfSymbolicLink(atPath: path).utf8)
            default: result[name] = Data()
            }
        }
        return result
    }
}
