import BuildExecutor
import Foundation
import RootFilesystem

/// Root-filesystem operations of the commands, their errors mapped to the CLI's exit codes.
enum RootTargetAccess {
    static func mapped<T>(_ phase: FailurePhase, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RootFilesystemError {
            if error.isBadInput { throw CLIError.usage(error.description) }
            throw CLIError.failed(phase: phase, error.description)
        }
    }

    /// The root filesystem `--rootfs DIR` names, or else the ext partition of an existing whole-disk
    /// `--boot-image`; nil when neither has one.
    static func open(directory: String?, boot: BootTargetOptions, partition: Int?) throws -> (any RootFilesystem)? {
        let image = boot.bootImage.map(absolute).flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        return try mapped(.opening("the root filesystem")) { () -> (any RootFilesystem)? in
            let choice = try RootFilesystemOpening.choose(
                directory: directory.map(absolute), bootImage: directory == nil ? image : nil,
                partition: partition, hostRoot: false, needUUID: false, runner: BootPartitionAccess.runner)
            return try choice.target.map { try RootFilesystemOpening.open($0, runner: BootPartitionAccess.runner) }
        }
    }

    /// A build's staged modules of `release` and its .config into `root` (nothing when it built no modules).
    static func installModules(of build: BuiltKernel, release: String, into root: any RootFilesystem) throws {
        let staged = "\(build.modulesRoot)/lib/modules/\(release)"
        let installer = ModuleTreeInstaller(filesystem: root, progress: { Terminal.error("odroid-build: \($0)") })
        try mapped(.installing("the modules of \(release)")) {
            if FileManager.default.fileExists(atPath: staged) {
                try installer.install(release: release, staged: staged, kernelConfig: build.kernelConfig)
            } else if let config = build.kernelConfig {
                try installer.installFile(local: config, at: try RootPath("boot/config-\(release)"))
            }
        }
    }
}
