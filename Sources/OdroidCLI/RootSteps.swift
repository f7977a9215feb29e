import BuildExecutor
import Foundation
import OdroidCore
import OdroidProcess
import RootFilesystem

/// The executor's `rootfs-install` step, done by RootFilesystem's `ModuleTreeInstaller` on the plan's root
/// filesystem (a mounted directory, or a card image's ext partition through debugfs).
struct RootFilesystemInstallStep: RootInstallStep {
    var target: PlanOptions.RootTarget
    var runner: any ProcessRunning

    func install(_ install: RootInstall, log: @Sendable (String) -> Void) throws {
        try withoutActuallyEscaping(log) { log in
            let filesystem = try RootFilesystemOpening.open(target, runner: runner)
            let installer = ModuleTreeInstaller(filesystem: filesystem, progress: { log($0) })
            if install.stagedModules.isEmpty {
                try installer.installFile(local: install.kernelConfig, at: try RootPath("boot/config-\(install.release)"))
            } else {
                let path = try installer.install(
                    release: install.release, staged: install.stagedModules, kernelConfig: install.kernelConfig)
                log("modules of \(install.release) are in \(filesystem.location):\(path)")
            }
        }
    }

    func holds(_ install: RootInstall) -> Bool {
        guard let filesystem = try? RootFilesystemOpening.open(target, runner: runner) else { return false }
        let installer = ModuleTreeInstaller(filesystem: filesystem)
        if !install.stagedModules.isEmpty, (try? installer.holds(release: install.release)) != true { return false }
        guard let config = try? RootPath("boot/config-\(install.release)"), case .file? = (try? filesystem.resolvedKind(config))??.kind
        else { return false }
        return true
    }
}

/// The executor's sandboxed initramfs step: the board's generator inside the plan's root filesystem.
struct SandboxedInitramfsMaker: TargetInitramfsMaking {
    var target: PlanOptions.RootTarget
    var runner: any ProcessRunning

    func make(_ initramfs: TargetInitramfs, output: String, log: @Sendable (String) -> Void) throws {
        let filesystem = try RootFilesystemOpening.open(target, runner: runner)
        try TargetInitramfsGenerator(filesystem: filesystem, runner: runner).make(initramfs, output: output, log: log)
    }

    /// Unreadable counts as changed: a digest that never matches a recorded one.
    func inputsDigest(_ initramfs: TargetInitramfs) -> String {
        guard let filesystem = try? RootFilesystemOpening.open(target, runner: runner),
            let digest = try? GeneratorInputs.digest(of: filesystem)
        else { return "unreadable-\(UUID().uuidString)" }
        return digest
    }
}
