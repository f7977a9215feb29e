import Foundation
import OdroidCore

/// The kernel-management commands on an installed partition: which kernels are there, switch the default,
/// roll back, remove, and confirm a try-once kernel. Each change ends by writing the boot script the same
/// safe way an install does (backup, temporary name, rename); the manifest is updated after it. Each holds
/// the partition's write lock from its first read to its last write.
public struct KernelManager {
    public let partition: any BootPartition
    public let scripts: BootScriptMaker
    public var progress: (String) -> Void

    public init(partition: any BootPartition, scripts: BootScriptMaker, progress: @escaping (String) -> Void = { _ in }) {
        self.partition = partition
        self.scripts = scripts
        self.progress = progress
    }

    public func state() throws(BootPartitionError) -> PartitionState {
        try PartitionState.read(partition, format: scripts.format)
    }

    /// Installed kernels with their sizes, the default, a pending try and free space.
    public func list() throws(BootPartitionError) -> PartitionListing {
        let state = try state()
        // Once each, not once per kernel: a partition of 10,000 kernels lists in well under a second.
        let live = state.liveVersion
        let present = try state.present.including(state.manifest.kernels.flatMap { $0.files.map(\.path) }, from: partition)
        var kernels: [PartitionListing.Kernel] = []
        for kernel in state.manifest.kernels {
            let missing = kernel.files.map(\.path).filter { !present.containsFile($0) }
            kernels.append(
                PartitionListing.Kernel(
                    record: kernel, isDefault: live.map { PartitionPath.sameOnFAT($0, kernel.version) } ?? false,
                    isTrial: state.manifest.pendingTry.map { PartitionPath.sameOnFAT($0.version, kernel.version) } ?? false,
                    missingFiles: missing))
        }
        return PartitionListing(
            location: partition.location, script: state.scriptPath, scriptExists: state.scriptData != nil, kernels: kernels,
            defaultVersion: state.liveVersion, pendingTry: state.manifest.pendingTry,
            rollbackTarget: state.manifest.previousDefault(live: state.liveVersion), space: try partition.space())
    }

    /// Makes installed `version` the kernel that boots; returns the one that booted before.
    @discardableResult
    public func setDefault(_ version: String) throws(BootPartitionError) -> String? {
        try partition.writeLock.acquire(progress)
        defer { partition.writeLock.release() }
        let state = try state()
        guard let kernel = state.manifest.kernel(version) else {
            let installed = state.manifest.kernels.map(\.version).joined(separator: ", ")
            throw .badInput(
                "kernel \(version) is not installed on \(partition.location) (installed: \(installed.isEmpty ? "none" : installed))")
        }
        try requireFiles(of: kernel)
        if kernel.profile != scripts.profile.name {
            progress(
                "note: \(kernel.version) was installed with profile \(kernel.profile); rendering the script with \(scripts.profile.name)")
        }
        let script = try scripts.script(version: kernel.version)
        let writer = SafeReplace(partition: partition)
        do {
            try BootScriptSwitch.apply(script, at: state.scriptPath, previous: state.scriptData, writer: writer)
            var manifest = state.manifest
            manifest.pendingTry = nil
            manifest.madeDefault(kernel.version)
            if manifest != state.manifest { try writer.replace(BootManifest.fileName, with: manifest.encoded()) }
        } catch {
            writer.cleanUp()
            throw error
        }
        return state.liveVersion
    }

    /// Back to the previous default in one step; returns the version now booting.
    @discardableResult
    public func rollback() throws(BootPartitionError) -> String {
        try partition.writeLock.acquire(progress)
        defer { partition.writeLock.release() }
        let state = try state()
        // During a try, "previous" is the fallback the try-once script already names.
        let target = state.manifest.pendingTry?.fallback ?? state.manifest.previousDefault(live: state.liveVersion)
        guard let target else {
            throw .refused("no earlier default to roll back to on \(partition.location) (odroid-build list shows what is installed)")
        }
        try setDefault(target)
        return target
    }

    /// Deletes an installed kernel's files and its record. Refuses a kernel the boot script loads.
    public func remove(_ version: String) throws(BootPartitionError) {
        try partition.writeLock.acquire(progress)
        defer { partition.writeLock.release() }
        let state = try state()
        guard let kernel = state.manifest.kernel(version) else {
            throw .badInput("kernel \(version) is not installed on \(partition.location)")
        }
        if state.referencedVersions.contains(where: { PartitionPath.sameOnFAT($0, kernel.version) })
            || state.manifest.pendingTry.map({ [$0.version, $0.fallback].contains(kernel.version) }) == true
        {
            throw .refused(
                "\(kernel.version) is what \(state.scriptPath) boots; make another kernel the default first (odroid-build default VERSION or rollback)"
            )
        }
        // Files first, then the record: a kill in between leaves a record with missing files, which
        // `list` shows and a second `remove` finishes.
        for file in kernel.files where try partition.entry(at: file.path) != nil {
            progress("deleting \(file.path)")
            try partition.delete(file.path)
        }
        for directory in Set(kernel.files.flatMap { PartitionPath.ancestors($0.path) }).sorted(by: { $0.count > $1.count }) {
            if try partition.entriesIfPresent(in: directory).isEmpty, try partition.entry(at: directory) != nil {
                try partition.removeDirectory(directory)
            }
        }
        var manifest = state.manifest
        manifest.kernels.removeAll { $0.version == kernel.version }
        let writer = SafeReplace(partition: partition)
        do {
            try writer.replace(BootManifest.fileName, with: manifest.encoded())
        } catch {
            writer.cleanUp()
            throw error
        }
    }

    /// Makes the kernel on trial permanent. `runningRelease` is `uname -r` of the booted system: confirming
    /// from the fallback kernel would keep a kernel that did not boot, so it is refused unless it matches.
    @discardableResult
    public func confirm(runningRelease: String?) throws(BootPartitionError) -> String {
        try partition.writeLock.acquire(progress)
        defer { partition.writeLock.release() }
        let state = try state()
        guard let trial = state.manifest.pendingTry else {
            throw .refused("no try-once kernel is waiting for confirmation on \(partition.location)")
        }
        if let running = runningRelease, let release = state.manifest.kernel(trial.version)?.release, running != release {
            throw .refused(
                "the running kernel is \(running), not \(release) (\(trial.version) on trial): it did not boot, or this is another system. `odroid-build rollback` returns to \(trial.fallback) for good"
            )
        }
        try setDefault(trial.version)
        return trial.version
    }

    func requireFiles(of kernel: InstalledKernel) throws(BootPartitionError) {
        for file in kernel.files where try partition.entry(at: file.path) == nil {
            throw .refused("\(kernel.version) is incomplete on \(partition.location): \(file.path) is missing; install it again")
        }
    }
}

/// What `list` shows.
public struct PartitionListing: Sendable {
    public struct Kernel: Sendable {
        public var record: InstalledKernel
        public var isDefault: Bool
        public var isTrial: Bool
        public var missingFiles: [String]
    }
    public var location: String
    public var script: String
    public var scriptExists: Bool
    public var kernels: [Kernel]
    public var defaultVersion: String?
    public var pendingTry: PendingTry?
    public var rollbackTarget: String?
    public var space: BootPartitionSpace
}
