import ArgumentParser
import BootPartition
import BuildExecutor
import Dispatch
import Foundation
import OdroidCore

/// `odroid-build image create --profile P --kernel V [--kernel V2 …] -o boot.img [--size 128M] [--disk]`:
/// a FAT boot partition image (or a whole-disk image with an MBR) holding existing builds, made with
/// mkfs.vfat and mtools, without root or a mount. Each kernel goes in through the same `KernelInstaller` as
/// `odroid-build install`, so the image is exactly what an install on the card would leave.
struct ImageCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a FAT boot partition image (or a whole-disk image with --disk) holding built kernels and the boot script.",
        discussion: """
            Every --kernel must already be built (its work directory as `odroid-build build` left it); they are \
            installed side by side in the order given and the last one boots. With --disk the image starts with an \
            MBR and the FAT partition begins at the profile's boot.partition_offset; the bytes before it are left \
            zero for the board's own (signed) bootloader blobs, which odroid-build does not supply. The image is \
            built under a temporary name next to the output and renamed into place only when complete.
            """)

    @OptionGroup var profileOptions: ProfileOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Kernel version that was built (repeatable; the last one boots by default).", valueName: "version"))
    var kernel: [String] = []

    @Option(
        help: ArgumentHelp(
            "Work directory of a build (default: ~/.cache/odroid-build/work/PROFILE-VERSION); give it once per --kernel, in the same order.",
            valueName: "dir"))
    var workDir: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Image file to create.", valueName: "file"))
    var output: String

    @Option(
        help: ArgumentHelp(
            "Size of the FAT filesystem, in whole MiB (default 128M; with --disk the file is this plus the partition offset). With --rootfs: the whole card (default 2G).",
            valueName: "size"))
    var size: String?

    @Flag(help: "Create a whole-disk image: an MBR with the FAT partition at the profile's boot.partition_offset.")
    var disk = false

    @Option(
        help: ArgumentHelp(
            "Root filesystem tarball (`odroid-build rootfs create`): make a whole card, an MBR with the FAT boot partition and an ext4 root filesystem from the tarball (implies --disk; --kernel is then optional).",
            valueName: "tarball"))
    var rootfs: String?

    @Option(help: ArgumentHelp("Size of the FAT boot partition of a card made with --rootfs.", valueName: "size"))
    var bootSize = "256M"

    @Option(help: ArgumentHelp("FAT volume label (1 to 11 characters).", valueName: "label"))
    var label = "BOOT"

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func validate() throws {
        guard !kernel.isEmpty || rootfs != nil else {
            throw ValidationError("give at least one --kernel (or --rootfs for a card without a kernel yet)")
        }
        for version in kernel {
            if let problem = PlanOptions.checkVersion(version) { throw ValidationError(problem) }
        }
        let lowered = kernel.map { $0.lowercased() }
        if Set(lowered).count != lowered.count { throw ValidationError("each --kernel may be given once (FAT names ignore case)") }
        if !workDir.isEmpty && workDir.count != kernel.count {
            throw ValidationError("give --work-dir once per --kernel (\(kernel.count)), or not at all")
        }
        _ = try SizeOption.imageMiB(size ?? "128M", option: "--size")
        _ = try SizeOption.imageMiB(bootSize, option: "--boot-size")
    }

    func run() throws {
        try reportingErrors {
            let profile = try profileOptions.resolve()
            let target = try OutputFile.regularFilePath(absolute(output))  // a symlink is written through, a device refused
            if FileManager.default.fileExists(atPath: target) && !force {
                throw CLIError.usage("\(output) exists; pass --force to replace it")
            }
            if let rootfs {
                try createCard(profile: profile, tarball: absolute(rootfs), target: target)
                return
            }
            let fatMiB = FlashCommand.imageMiB(size ?? "128M")!
            let offset = profile.boot.partitionOffset
            let layout: FatImageLayout = disk ? .mbr(startSector: Int(offset / 512)) : .bare
            let fileMiB = disk ? FatImageLayout.diskFileMiB(partitionMiB: fatMiB, partitionOffset: offset) : fatMiB

            let partial = AtomicFile.Partial(finalPath: target)
            defer { partial.discard() }
            let image: FatImage
            do {
                image = try FatImageCreator(runner: BootPartitionAccess.runner).create(
                    path: partial.path, sizeMiB: fileMiB, layout: layout, label: label)
            } catch let error as FatImageError {
                throw CLIError.failed(phase: .creating("the FAT image"), error.description)
            }
            let boot = try BootPartitionAccess.mapped(.opening("the new image")) {
                try MtoolsImagePartition(
                    imagePath: partial.path, offset: UInt64(image.filesystemOffset), runner: BootPartitionAccess.runner)
            }
            let scripts = BootScriptMaker(profile: profile, templates: try profileOptions.templates(), runner: BootPartitionAccess.runner)
            let installer = KernelInstaller(partition: boot, scripts: scripts, progress: { Terminal.error("odroid-build: \($0)") })
            for (index, version) in kernel.enumerated() {
                let build = try BuiltKernel.located(
                    profile: profile, version: version,
                    workDir: workDir.isEmpty ? nil : workDir[index])
                _ = try BootPartitionAccess.mapped(.installing("\(version) in the image")) {
                    try installer.install(
                        spec: build.spec, version: version, kernelRelease: build.release, modulesRoot: build.modulesRoot, mode: .makeDefault
                    )
                }
            }
            try commitOutput(partial)

            let placement = disk ? "MBR disk, FAT partition at byte \(offset) (\(Hex.size(offset)))" : "bare FAT"
            Terminal.out(
                "created \(output): \(fileMiB) MiB, \(placement); boots \(kernel.last!)"
                    + (kernel.count > 1 ? ", also holds \(kernel.dropLast().joined(separator: ", "))" : "") + "\n")
            if disk { Terminal.out("sectors 1 to \(offset / 512 - 1) are left zero for the board's bootloader blobs\n") }
        }
    }
}

extension BuiltKernel {
    /// The files `odroid-build -p P -k VERSION [--work-dir DIR]` built, found through the plan of that build.
    static func located(profile: ResolvedProfile, version: String, workDir: String?) throws -> BuiltKernel {
        guard let build = BuiltKernel.locate(in: HostPlanRequest(kernelVersion: version, workDirectory: workDir).plan(profile)) else {
            throw CLIError.failed(phase: .planning, "the plan for \(profile.name) has no install step")
        }
        if build.release == nil {
            Terminal.error(
                "odroid-build: warning: \(build.releaseFile) not found; the manifest will not record the kernel release of \(version)")
        }
        return build
    }
}
