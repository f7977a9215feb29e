import BootPartition
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport

/// Real inputs for the boot-partition tests: profiles and templates from the repository, FAT images made
/// with mkfs.vfat, and "built" kernels made with the real mkimage, cpio and gzip, so what lands on the
/// partition is what a build produces (uImage with LOADADDR and `Linux-<release>`, a uInitrd holding
/// lib/modules/<release>, a dtb).
final class PartitionFixtures {
    let runner = SpawnRunner()
    let root: String

    init() throws {
        root =
            FileManager.default.temporaryDirectory.appendingPathComponent("odroid-bootpart-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    static func profile(_ name: String) throws -> ResolvedProfile {
        let catalog = ProfileCatalog(directories: [Repository.root + "/profiles"])
        return try ProfileResolver(catalog: catalog).resolve(name)
    }

    static var templates: TemplateStore { TemplateStore(directory: Repository.root + "/templates") }

    func maker(_ profile: ResolvedProfile) -> BootScriptMaker {
        BootScriptMaker(profile: profile, templates: Self.templates, runner: runner, scratchDirectory: root)
    }

    /// A bare FAT image (or one inside an MBR disk image) of `sizeMiB`.
    func image(_ name: String, sizeMiB: Int = 8, layout: FatImageLayout = .bare) throws -> FatImage {
        try FatImageCreator(runner: runner).create(path: "\(root)/\(name)", sizeMiB: sizeMiB, layout: layout)
    }

    func open(_ image: FatImage) throws -> MtoolsImagePartition {
        try MtoolsImagePartition(imagePath: image.path, offset: UInt64(image.filesystemOffset), runner: runner, scratchDirectory: root)
    }

    /// The built files of one kernel version in its own work directory, and the spec that installs them.
    struct Build {
        var version: String
        var release: String
        var spec: InstallSpec
        var directory: String
    }

    func build(
        _ version: String, release: String? = nil, profile: ResolvedProfile, kernelBytes: Int = 120_000,
        initrdRelease: String? = nil, loadAddress: String? = nil
    ) throws -> Build {
        let release = release ?? "\(version)-odroid"
        let dir = "\(root)/build-\(version)-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(
            atPath: dir + "/initramfs/lib/modules/\(initrdRelease ?? release)", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/initramfs/bin", withIntermediateDirectories: true)
        try "#!/bin/sh\nexec /bin/sh\n".write(toFile: dir + "/initramfs/init", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: ArmProgram.path, toPath: dir + "/initramfs/bin/sh")
        // Payload bytes differ per version so two kernels never look identical.
        let seed = UInt8(truncatingIfNeeded: version.hashValue)
        try Data((0..<kernelBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ seed }).write(to: URL(fileURLWithPath: dir + "/zImage"))
        let load = loadAddress ?? Hex.address(profile.kernel.loadAddress)
        try run([
            "mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", load, "-e", load, "-n", "Linux-\(release)", "-d",
            dir + "/zImage", dir + "/uImage",
        ])
        let cpio = try runner.run(
            Command(["cpio", "--quiet", "-o", "-H", "newc"], workingDirectory: dir + "/initramfs"), output: .capture,
            input: ["init", "bin", "bin/sh", "lib", "lib/modules", "lib/modules/\(initrdRelease ?? release)"].joined(separator: "\n") + "\n"
        )
        guard cpio.succeeded else { throw FixtureError("cpio: \(cpio.stderrText)") }
        try cpio.stdout.write(to: URL(fileURLWithPath: dir + "/initrd.cpio"))
        let gz = try runner.run(Command(["gzip", "-9n", "-c", dir + "/initrd.cpio"]), output: .capture)
        try gz.stdout.write(to: URL(fileURLWithPath: dir + "/initrd.gz"))
        try run([
            "mkimage", "-A", "arm", "-O", "linux", "-T", "ramdisk", "-C", "none", "-a", "0", "-e", "0", "-n", "uInitrd", "-d",
            dir + "/initrd.gz", dir + "/uInitrd",
        ])
        // A minimal valid flattened device tree header is all verify reads: magic and size.
        var dtb = Data([0xd0, 0x0d, 0xfe, 0xed])
        dtb.append(contentsOf: [0, 0, 0x10, 0])  // totalsize 4096
        dtb.append(Data(count: 4096 - 8))
        try dtb.write(to: URL(fileURLWithPath: dir + "/board.dtb"))

        let names = profile.bootFiles(version: version)
        var files = [InstallSpec.FileCopy(source: dir + "/uImage", destination: names.kernel)]
        if let initrd = names.initrd { files.append(InstallSpec.FileCopy(source: dir + "/uInitrd", destination: initrd)) }
        for dtbName in names.dtbs { files.append(InstallSpec.FileCopy(source: dir + "/board.dtb", destination: dtbName)) }
        let script = BootScriptNames.onPartition(profile.boot.formats[0])
        let spec = InstallSpec(files: files, bootScript: InstallSpec.FileCopy(source: dir + "/" + script, destination: script))
        return Build(version: version, release: release, spec: spec, directory: dir)
    }

    func run(_ argv: [String]) throws {
        let result = try runner.run(Command(argv), output: .capture)
        guard result.succeeded else { throw FixtureError("\(argv.joined(separator: " ")): \(result.stderrText)") }
    }

    /// Every file on the partition with its bytes, recursively: "the state" compared before and after.
    static func snapshot(_ partition: any BootPartition, directory: String = "") throws -> [String: Data] {
        var result: [String: Data] = [:]
        for entry in try partition.entries(in: directory) {
            let path = PartitionPath.join(directory, entry.name)
            if entry.isDirectory {
                result.merge(try snapshot(partition, directory: path)) { a, _ in a }
                result[path + "/"] = Data()
            } else {
                result[path] = try partition.read(path)
            }
        }
        return result
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
