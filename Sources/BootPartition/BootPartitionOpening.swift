import CardWriter
import Foundation
import OdroidCore
import OdroidProcess

/// Opens the partition a command or a plan names: a mounted directory (checked to be a FAT mount) or a FAT
/// image through mtools, at a byte offset or at MBR partition `partition`.
public enum BootPartitionOpening {
    public static func open(
        _ target: PlanOptions.BootTarget, partition: Int? = nil, allowNonFAT: Bool = false,
        runner: any ProcessRunning
    ) throws(BootPartitionError) -> any BootPartition {
        switch target {
        case .mounted(let path):
            return try MountedBootPartition(root: path, allowNonFAT: allowNonFAT)
        case .image(let path, let offset):
            // mtools reads and writes the bytes behind the kernel's back: never under a mounted filesystem.
            let uses = TargetInUse.current().uses(of: path)
            if !uses.isEmpty {
                throw .unusable(
                    "\(path) is in use: \(uses.joined(separator: "; ")); mtools would write behind the mounted filesystem and corrupt it: name the mounted directory with --boot instead, or unmount it"
                )
            }
            return try MtoolsImagePartition(imagePath: path, offset: offset, partition: partition, runner: runner)
        }
    }
}

extension KernelInstaller {
    /// The build's last step: installs the plan's `.install(spec)` on `target` with the boot script the plan's
    /// steps rendered (`spec.bootScript.source`, byte for byte). `kernelRelease` is the build's
    /// `make -s kernelrelease`; `modulesRoot` the plan's modules directory.
    @discardableResult
    public static func install(
        spec: InstallSpec, target: PlanOptions.BootTarget, partition: Int? = nil, profile: ResolvedProfile,
        templates: TemplateStore, version: String, kernelRelease: String?, modulesRoot: String? = nil,
        mode: Mode = .makeDefault, allowNonFAT: Bool = false, runner: any ProcessRunning,
        progress: @escaping (String) -> Void = { _ in }
    ) throws(BootPartitionError) -> InstallReport {
        let boot = try BootPartitionOpening.open(target, partition: partition, allowNonFAT: allowNonFAT, runner: runner)
        let installer = KernelInstaller(
            partition: boot, scripts: BootScriptMaker(profile: profile, templates: templates, runner: runner), progress: progress)
        // The script the plan rendered (boot-scripts, boot-scr steps) is the one that lands, byte for byte.
        guard let rendered = FileManager.default.contents(atPath: spec.bootScript.source) else {
            throw .badInput(
                "\(spec.bootScript.source): the rendered boot script is not there (for \(spec.bootScript.destination)); run the build's boot-scripts step first"
            )
        }
        return try installer.install(
            spec: spec, version: version, kernelRelease: kernelRelease, modulesRoot: modulesRoot, mode: mode,
            renderedScript: rendered)
    }
}

extension KernelInstaller {
    /// Whether `target` already boots `version` from exactly these files: the manifest records the kernel
    /// with each file's SHA-256 equal to its source's, and the boot script boots it by default. The build uses
    /// this to skip an unchanged install only when the partition really holds it (a replaced card or a
    /// recreated image gets the install again). Any error reading the partition counts as "no".
    public static func holds(
        spec: InstallSpec, target: PlanOptions.BootTarget, partition: Int? = nil, profile: ResolvedProfile,
        version: String, runner: any ProcessRunning
    ) -> Bool {
        guard let boot = try? BootPartitionOpening.open(target, partition: partition, runner: runner),
            let state = try? PartitionState.read(boot, format: profile.boot.formats[0]),
            state.liveVersion == version, let kernel = state.manifest.kernel(version)
        else { return false }
        for copy in spec.files {
            let path = PartitionPath.normalized(copy.destination)
            guard let record = kernel.files.first(where: { $0.path.lowercased() == path.lowercased() }),
                let data = FileManager.default.contents(atPath: copy.source),
                UInt64(data.count) == record.size, SHA256Digest.hex(data) == record.sha256
            else { return false }
        }
        return true
    }
}
