import BootPartition
import BuildExecutor
import Foundation
import OdroidCore
import RootFilesystem

/// `image create --rootfs`: a whole card (MBR, FAT boot partition, ext4 root from a tarball), then each
/// --kernel installed into it the way a build would (modules and config into the root, files and the boot
/// script with root=UUID on the boot partition).
extension ImageCreateCommand {
    func createCard(profile: ResolvedProfile, tarball: String, target: String) throws {
        guard FileManager.default.isReadableFile(atPath: tarball) else { throw CLIError.usage("--rootfs \(tarball): no such tarball") }
        let totalMiB = FlashCommand.imageMiB(size ?? "2G")!
        let layout = CardImageBuilder.Layout(
            bootOffset: profile.boot.partitionOffset, bootBytes: UInt64(FlashCommand.imageMiB(bootSize)!) << 20,
            totalBytes: UInt64(totalMiB) << 20)
        if let problem = layout.problem { throw CLIError.usage("--size/--boot-size: \(problem)") }
        let identity = CardImageBuilder.Identity(hostname: profile.name, bootMount: profile.boot.mount)
        let partial = AtomicFile.Partial(finalPath: target)
        defer { partial.discard() }
        let started = Date()
        do {
            try CardImageBuilder(runner: BootPartitionAccess.runner).create(
                path: partial.path, tarball: tarball, layout: layout, identity: identity, label: label,
                scratch: URL(fileURLWithPath: target).deletingLastPathComponent().appendingPathComponent(
                    ".\(URL(fileURLWithPath: target).lastPathComponent).tree-\(getpid())"
                ).path)
        } catch {
            if error.isBadInput { throw CLIError.usage(error.description) }
            throw CLIError.failed(phase: .creating("the card image"), error.description)
        }
        let cardProfile = profile.withRootFilesystem(uuid: identity.rootUUID)
        if !kernel.isEmpty {
            let boot = try BootPartitionAccess.mapped(.opening("the new card's boot partition")) {
                try MtoolsImagePartition(imagePath: partial.path, offset: layout.bootOffset, runner: BootPartitionAccess.runner)
            }
            let root = try RootTargetAccess.mapped(.opening("the new card's root filesystem")) {
                try Ext4ImageRootFilesystem(
                    imagePath: partial.path, offset: layout.rootOffset, partition: 2, runner: BootPartitionAccess.runner)
            }
            let scripts = BootScriptMaker(
                profile: cardProfile, templates: try profileOptions.templates(), runner: BootPartitionAccess.runner)
            let installer = KernelInstaller(partition: boot, scripts: scripts, progress: { Terminal.error("odroid-build: \($0)") })
            for (index, version) in kernel.enumerated() {
                let build = try BuiltKernel.located(
                    profile: cardProfile, version: version,
                    workDir: workDir.isEmpty ? nil : workDir[index])
                if let release = build.release {
                    try RootTargetAccess.installModules(of: build, release: release, into: root)
                }
                _ = try BootPartitionAccess.mapped(.installing("\(version) in the card")) {
                    try installer.install(
                        spec: build.spec, version: version, kernelRelease: build.release,
                        modulesRoot: "UUID=\(identity.rootUUID)", mode: .makeDefault)
                }
            }
        }
        try commitOutput(partial)
        Terminal.out(
            "created \(output): \(totalMiB) MiB card, MBR; FAT boot partition 1 at byte \(layout.bootOffset) (\(layout.bootBytes >> 20) MiB, UUID \(identity.bootVolumeUUID)), "
                + "ext4 root partition 2 at byte \(layout.rootOffset) (\(layout.rootBytes >> 20) MiB, UUID \(identity.rootUUID)) from \(rootfs ?? "")"
                + String(format: " in %.1f s", Date().timeIntervalSince(started)) + "\n")
        Terminal.out(
            kernel.isEmpty
                ? "no kernel yet: `odroid-build --profile \(profile.name) --kernel V --boot-image \(output)` builds and installs one\n"
                : "boots \(kernel.last!) with root=UUID=\(identity.rootUUID)\n")
        Terminal.out("sectors 1 to \(layout.bootOffset / 512 - 1) are left zero for the board's bootloader blobs\n")
    }
}
