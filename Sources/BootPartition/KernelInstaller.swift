import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// Installs one built kernel version on a boot partition beside the ones already there, in an order that
/// keeps the partition bootable whenever the run is killed: stale temporaries are cleared, names are checked
/// for case collisions, space is checked before the first write; then the changed files are written under
/// temporary names and flushed, renamed into place, the manifest records them, the previous boot script is
/// kept as a backup and the new script is written last (temporary name, rename). Any error deletes the
/// temporaries, leaving every existing file as it was.
public struct KernelInstaller {
    public enum Mode: Sendable, Equatable {
        /// The new kernel boots from now on.
        case makeDefault
        /// The new kernel boots once; later boots return to the current default until `confirm`.
        case tryOnce
    }

    public let partition: any BootPartition
    public let scripts: BootScriptMaker
    public var clock: @Sendable () -> Date
    /// Progress lines for the user ("writing uImage-3.12.3 (4.1 MiB)").
    public var progress: (String) -> Void

    public init(
        partition: any BootPartition, scripts: BootScriptMaker, clock: @escaping @Sendable () -> Date = { Date() },
        progress: @escaping (String) -> Void = { _ in }
    ) {
        self.partition = partition
        self.scripts = scripts
        self.clock = clock
        self.progress = progress
    }

    /// Installs `spec`'s files for `version` (as named by `--kernel`) and makes it boot (or boot once).
    /// `kernelRelease` is `make -s kernelrelease` of the build; `modulesRoot` the INSTALL_MOD_PATH.
    /// `renderedScript`: the boot script the plan's own steps rendered (a build passes the bytes of its
    /// `out/` file, so what `--dry-run` listed is what lands); nil renders it now with `scripts`, as the
    /// commands that install without a build (install, image create) do.
    @discardableResult
    public func install(
        spec: InstallSpec, version: String, kernelRelease: String?, modulesRoot: String? = nil,
        mode: Mode = .makeDefault, renderedScript: Data? = nil
    ) throws(BootPartitionError) -> InstallReport {
        try partition.writeLock.acquire(progress)  // one writer per partition, from the state read to the last write
        defer { partition.writeLock.release() }
        // The manifest only holds names it can read back.
        if let release = kernelRelease, let problem = BootFileName.problem(inName: release) {
            throw .badInput(
                "kernel release '\(TerminalText.inline(release))' \(problem); it names the modules directory and is recorded in the manifest"
            )
        }
        let profile = scripts.profile
        let sources = try Self.readSources(spec)
        var state = try PartitionState.read(partition, format: scripts.format)
        try refuseCaseClash(version: version, spec: spec, manifest: state.manifest)
        try clearStaleTemporaries(spec: spec)

        // What changes: files whose bytes differ from what is there.
        var changed: [(copy: InstallSpec.FileCopy, data: Data)] = []
        var records: [InstalledFile] = []
        let names = profile.bootFiles(version: version)
        for (copy, data) in zip(spec.files, sources) {
            let digest = SHA256Digest.hex(data)
            records.append(
                InstalledFile(
                    path: PartitionPath.normalized(copy.destination), role: Self.role(copy.destination, names: names),
                    size: UInt64(data.count), sha256: digest))
            if let existing = try partition.entry(at: copy.destination), existing.size == UInt64(data.count),
                SHA256Digest.hex(try partition.read(copy.destination)) == digest
            {
                continue
            }
            changed.append((copy, data))
        }

        // The scripts this install ends with.
        let live = state.liveVersion
        let finalScript: Data
        var pendingTry: PendingTry?
        switch mode {
        case .makeDefault:
            if let renderedScript {
                finalScript = renderedScript
            } else {
                finalScript = try scripts.script(version: version)
            }
        case .tryOnce:
            guard let fallback = live, !PartitionPath.sameOnFAT(fallback, version) else {
                throw .refused(
                    "--try needs another kernel booting by default to fall back to; the boot script boots \(live ?? "no installed kernel")")
            }
            let now = clock()
            let token = TryOnceScriptRenderer.token(version: version, seconds: Int(now.timeIntervalSince1970))
            finalScript = try scripts.tryOnceScript(trial: version, fallback: fallback, token: token)
            pendingTry = PendingTry(version: version, fallback: fallback, token: token, startedAt: now)
        }
        // Rewriting files the live script loads would mix old and new files if killed: boot another
        // installed kernel while they change.
        let touchesLive = state.referencedVersions.contains { PartitionPath.sameOnFAT($0, version) } && !changed.isEmpty
        var interimScript: Data?
        if touchesLive {
            if let other = state.manifest.previousDefault(live: version)
                ?? state.manifest.kernels.last(where: { !PartitionPath.sameOnFAT($0.version, version) })?.version
            {
                interimScript = try scripts.script(version: other)
                progress("\(version) is booting now: \(other) boots while its files are replaced")
            } else {
                progress(
                    "warning: \(version) is the only installed kernel and boots now; a kill while its files are replaced may leave a mix of old and new files"
                )
            }
        }

        try checkSpace(changed: changed.map(\.data), script: finalScript, state: state)

        let writer = SafeReplace(partition: partition)
        var createdDirectories: [String] = []
        var committedNewFiles: [String] = []
        do {
            var backupKept = false
            if let interimScript {
                backupKept = try BootScriptSwitch.apply(interimScript, at: state.scriptPath, previous: state.scriptData, writer: writer)
                state.scriptData = interimScript
            }
            for directory in Set(changed.flatMap { PartitionPath.ancestors($0.copy.destination) }).sorted()
            where try partition.entry(at: directory) == nil {
                try partition.makeDirectory(directory)
                createdDirectories.append(directory)
            }
            for (copy, data) in changed {
                progress("writing \(copy.destination) (\(Hex.size(UInt64(data.count))))")
                try writer.stage(.data(data), for: copy.destination)
            }
            for (copy, _) in changed {
                let isNew = try partition.entry(at: copy.destination) == nil
                try writer.commit(copy.destination)
                if isNew { committedNewFiles.append(copy.destination) }
            }

            var manifest = state.manifest
            let record = InstalledKernel(
                version: version, release: kernelRelease, profile: profile.name, installedAt: clock(), files: records,
                modulesRoot: modulesRoot)
            if let old = manifest.kernel(version), old.files == record.files, old.release == record.release, old.profile == record.profile,
                old.modulesRoot == record.modulesRoot
            {
                // Same install again: keep the record (and its time) so the manifest is not rewritten.
            } else {
                manifest.record(record)
            }
            try writeManifest(manifest, previous: state.manifest, exists: state.manifestExists, writer: writer)
            committedNewFiles = []  // recorded now: kept even if a later step fails

            let scriptChanged = try BootScriptSwitch.apply(
                finalScript, at: state.scriptPath, previous: state.scriptData, writer: writer, keepBackup: !backupKept)
            let before = manifest
            switch mode {
            case .makeDefault:
                manifest.pendingTry = nil
                manifest.madeDefault(version)
            case .tryOnce:
                manifest.pendingTry = pendingTry
            }
            try writeManifest(manifest, previous: before, exists: true, writer: writer)
            return InstallReport(
                version: version, written: changed.map(\.copy.destination),
                unchanged: spec.files.map(\.destination).filter { d in !changed.contains { $0.copy.destination == d } },
                bytesWritten: UInt64(changed.reduce(0) { $0 + $1.data.count }), script: state.scriptPath, scriptChanged: scriptChanged,
                previousDefault: live, pendingTry: pendingTry)
        } catch {
            // Undo what only this run added and nothing records yet. A replaced file cannot be restored,
            // but files are replaced only while the boot script loads another kernel.
            writer.cleanUp()
            for file in committedNewFiles.reversed() { try? partition.delete(file) }
            for directory in createdDirectories.reversed() { try? partition.removeDirectory(directory) }
            throw error
        }
    }

    /// Reads every built file before anything is written: a missing one is a usage error, nothing changes.
    static func readSources(_ spec: InstallSpec) throws(BootPartitionError) -> [Data] {
        var result: [Data] = []
        for copy in spec.files {
            guard let data = FileManager.default.contents(atPath: copy.source) else {
                throw .badInput(
                    "\(copy.source): built file not found (for \(copy.destination)); build first, or check --work-dir and --kernel")
            }
            result.append(data)
        }
        return result
    }

    /// The role of a file installed at `destination`, by the profile's names for this version.
    public static func role(_ destination: String, names: BootFiles) -> InstalledFile.Role {
        let path = PartitionPath.normalized(destination)
        if path == names.kernel { return .kernel }
        if path == names.initrd { return .initrd }
        if path == names.rawInitrd { return .rawInitrd }
        if names.dtbs.contains(path) { return .dtb }
        return .other
    }

    /// FAT cannot hold two names that differ only in case: refuse instead of silently replacing.
    func refuseCaseClash(version: String, spec: InstallSpec, manifest: BootManifest) throws(BootPartitionError) {
        if let other = manifest.kernel(version), other.version != version {
            throw .refused(
                "kernel \(other.version) is installed; FAT compares names case-insensitively, so \(version) would overwrite its files. Use the same spelling or remove \(other.version) first"
            )
        }
        for copy in spec.files {
            let path = PartitionPath.normalized(copy.destination)
            if let existing = try partition.entry(at: path) {
                if existing.isDirectory { throw .refused("\(path) is a directory on \(partition.location); cannot install a file there") }
                if existing.name != PartitionPath.split(path).name {
                    throw .refused(
                        "\(partition.location) has \(PartitionPath.join(PartitionPath.split(path).directory, existing.name)), which FAT treats as the same name as \(path); rename or remove it first"
                    )
                }
            }
        }
    }

    /// Deletes temporaries a killed run left in the directories this install writes.
    func clearStaleTemporaries(spec: InstallSpec) throws(BootPartitionError) {
        let directories = Set(
            [""] + spec.files.map { PartitionPath.split($0.destination).directory } + [
                PartitionPath.split(scripts.pathOnPartition).directory
            ])
        for directory in directories.sorted() {
            for entry in try partition.entriesIfPresent(in: directory)
            where !entry.isDirectory && entry.name.hasSuffix(PartitionPath.temporarySuffix) {
                progress("deleting \(PartitionPath.join(directory, entry.name)) left by an interrupted run")
                try partition.delete(PartitionPath.join(directory, entry.name))
            }
        }
    }

    /// Refuses before the first write when the files (rounded up to clusters, all present at once with the
    /// old ones until the renames) plus script, backup and manifest copies do not fit.
    func checkSpace(changed: [Data], script: Data, state: PartitionState) throws(BootPartitionError) {
        let space = try partition.space()
        var needed = changed.reduce(UInt64(0)) { $0 + space.allocated(UInt64($1.count)) }
        needed += space.allocated(UInt64(script.count)) + space.allocated(UInt64(state.scriptData?.count ?? 0))
        needed += 2 * space.allocated(UInt64(state.manifest.encoded().count + 4096))
        needed += 2 * space.clusterBytes  // new directories and directory growth
        guard needed <= space.freeBytes else {
            throw .noSpace(
                path: partition.location,
                detail:
                    "need \(Hex.size(needed)), \(Hex.size(space.freeBytes)) free; nothing was written. Remove an old kernel (odroid-build list, odroid-build remove VERSION)"
            )
        }
    }

    func writeManifest(_ manifest: BootManifest, previous: BootManifest, exists: Bool, writer: SafeReplace) throws(BootPartitionError) {
        if exists && manifest == previous { return }
        try writer.replace(BootManifest.fileName, with: manifest.encoded())
    }
}

/// What an install did.
public struct InstallReport: Sendable, Equatable {
    public var version: String
    public var written: [String]
    /// Files already on the partition with the same bytes (not rewritten).
    public var unchanged: [String]
    public var bytesWritten: UInt64
    public var script: String
    public var scriptChanged: Bool
    /// The kernel that booted before.
    public var previousDefault: String?
    public var pendingTry: PendingTry?
}
