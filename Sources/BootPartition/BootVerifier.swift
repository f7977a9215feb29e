import Foundation
import OdroidCore
import OdroidProcess
import UBootImage

/// Answers "will this partition boot?" the way u-boot would find out, without a board: the boot script
/// parses and lints clean; every file it loads exists (FAT matches names case-insensitively, so a name that
/// differs only in case boots but is reported); u-boot image headers and CRCs are valid, of the right type,
/// ARM and Linux, the kernel's load address is the profile's LOADADDR; kernel, initrd and dtb fit their load
/// windows inside DRAM and clear of reserved regions; the files of one version carry one kernel release; each
/// initramfs unpacks, holds an /init and programs for the kernel's architecture and modules of its release.
/// (The root filesystem's side, the modules themselves, is checked by RootFilesystem's `RootVerifier`.)
public struct BootVerifier {
    public let partition: any BootPartition
    public let profile: ResolvedProfile
    public let runner: any ProcessRunning
    /// The kernel's `.config` when known (the root filesystem's boot/config-<release>): which compressions
    /// its initramfs may use.
    public var kernelConfig: String?

    public init(partition: any BootPartition, profile: ResolvedProfile, runner: any ProcessRunning, kernelConfig: String? = nil) {
        self.partition = partition
        self.profile = profile
        self.runner = runner
        self.kernelConfig = kernelConfig
    }

    public func verify() throws(BootPartitionError) -> VerifyReport {
        var report = VerifyReport(location: partition.location)
        let format = profile.boot.formats[0]
        let state = try PartitionState.read(partition, format: format)
        let script = state.scriptPath
        guard state.scriptData != nil else {
            report.error(script, "no boot script: u-boot finds nothing to run on \(partition.location)")
            return report
        }
        if let problem = state.scriptProblem { report.error(script, "cannot be read as a \(format.rawValue) script: \(problem)") }
        guard let text = state.scriptText, let parsed = state.parsed else { return report }
        for item in BootScriptLint(format: format, flavour: profile.boot.flavour).lint(text, file: script) {
            report.add(item.severity == .error ? .error : .warning, script, (item.line.map { "line \($0): " } ?? "") + item.message)
        }
        if parsed.boots.isEmpty { report.error(script, "never boots a kernel (no bootm, bootz or booti; no extlinux label)") }
        for load in parsed.trailingLoads { report.warning(script, "line \(load.line): loads \(load.file) after the last boot command") }
        for boot in parsed.boots { checkBoot(boot, script: script, state: state, into: &report) }
        report.bootVersions = parsed.boots.map { state.version(booting: $0) ?? "?" }
        report.pendingTry = state.manifest.pendingTry
        return report
    }

    func checkBoot(_ boot: ParsedBootScript.Boot, script: String, state: PartitionState, into report: inout VerifyReport) {
        let version = state.version(booting: boot)
        let record = version.flatMap { state.manifest.kernel($0) }
        let label = "\(script):\(boot.line) (\(boot.command)\(version.map { " of \($0)" } ?? ""))"
        var files: [InstalledFile.Role: Data] = [:]
        for load in boot.loads {
            let role =
                load.role
                ?? (load.address == boot.kernelAddress
                    ? .kernel : load.address == boot.initrdAddress ? .initrd : load.address == boot.dtbAddress ? .dtb : .other)
            guard let entry = try? partition.entry(at: load.file), !entry.isDirectory else {
                report.error(load.file, "\(script) line \(load.line) loads it, but it is not on \(partition.location)")
                continue
            }
            let found = PartitionPath.join(PartitionPath.split(load.file).directory, entry.name)
            if entry.name != PartitionPath.split(load.file).name {
                report.warning(
                    load.file,
                    "found as \(found): the names differ only in case (FAT matches them, but a copy to another filesystem breaks)")
            }
            guard let data = try? partition.read(found) else {
                report.error(load.file, "cannot be read")
                continue
            }
            if let recorded = record?.files.first(where: { PartitionPath.sameOnFAT($0.path, load.file) }),
                recorded.sha256 != SHA256Digest.hex(data)
            {
                report.warning(load.file, "differs from what odroid-build installed (manifest SHA-256); changed by hand?")
            }
            files[role] = data
            checkContent(role: role, data: data, file: load.file, into: &report)
        }
        if boot.kernel == nil { report.error(label, "loads no kernel at the boot command's kernel address") }
        if boot.initrdAddress != nil && boot.initrd == nil { report.error(label, "passes an initrd address but loads no file there") }
        if boot.dtbAddress != nil && boot.dtb == nil { report.error(label, "passes a dtb address but loads no file there") }
        checkMemory(boot, files: files, label: label, into: &report)
        checkReleases(record: record, files: files, label: label, into: &report)
    }

    func checkContent(role: InstalledFile.Role, data: Data, file: String, into report: inout VerifyReport) {
        for problem in BootFileContent.problems(role: role, data: data, profile: profile) { report.error(file, problem) }
    }

    /// The profile's memory map with the addresses the script really uses and the files' real sizes.
    func checkMemory(_ boot: ParsedBootScript.Boot, files: [InstalledFile.Role: Data], label: String, into report: inout VerifyReport) {
        var actual = profile
        if let address = boot.kernelAddress { actual.boot.kernelAddress = address }
        if let address = boot.initrdAddress { actual.boot.initrdAddress = address }
        if boot.initrdAddress == nil && boot.command != "extlinux" { actual.boot.initrdAddress = nil }
        if let address = boot.dtbAddress, case .partition = actual.boot.dtb { actual.boot.dtb = .partition(address: address) }
        let sizes = MemoryMap.ArtifactSizes(
            kernel: files[.kernel].map { UInt64($0.count) }, initrd: (files[.initrd] ?? files[.rawInitrd]).map { UInt64($0.count) },
            dtb: files[.dtb].map { UInt64($0.count) })
        for problem in MemoryMap(profile: actual, sizes: sizes).problems() { report.error(label, problem.message) }
    }

    /// The kernel's own release (uImage name `Linux-<release>`), the initrd's modules and the manifest agree.
    func checkReleases(record: InstalledKernel?, files: [InstalledFile.Role: Data], label: String, into report: inout VerifyReport) {
        var kernelRelease: String?
        if let kernel = files[.kernel], let header = try? UBootImageHeader.parse(kernel), header.name.hasPrefix("Linux-") {
            kernelRelease = String(header.name.dropFirst("Linux-".count))
        }
        let expected = record?.release ?? kernelRelease
        if let recorded = record?.release, let kernelRelease, kernelRelease != recorded,
            !(recorded.hasPrefix(kernelRelease) && kernelRelease.utf8.count == UBootImageHeader.nameLength - "Linux-".utf8.count)
        {
            report.error(label, "the kernel image says release \(kernelRelease), the manifest \(recorded)")
        }
        if let initrd = files[.initrd] ?? files[.rawInitrd], let machine = ELFMachine.forKernelArch(profile.board.arch) {
            let kernel = InitramfsCheck.Kernel(machine: machine, release: expected, config: kernelConfig)
            let (problems, summary) = InitramfsCheck(kernel: kernel).problems(in: initrd, runner: runner)
            for problem in problems { report.error(label, "the initramfs \(problem)") }
            if let summary { report.initramfs.append(summary) }
        }
    }
}

/// Everything `verify` found: bootable when there is no error.
public struct VerifyReport: Sendable {
    public enum Severity: String, Sendable { case error, warning }
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public var severity: Severity
        public var subject: String
        public var message: String
        public var description: String { "\(subject): \(severity.rawValue): \(message)" }
    }

    public var location: String
    public var findings: [Finding] = []
    /// The version each boot command boots ("?" when not in the manifest), in script order.
    public var bootVersions: [String] = []
    public var pendingTry: PendingTry?
    /// What each initramfs the script loads holds (size, compression, ELF machines, modules).
    public var initramfs: [InitramfsCheck.Summary] = []

    public init(location: String) { self.location = location }

    public var errors: [Finding] { findings.filter { $0.severity == .error } }
    public var isBootable: Bool { errors.isEmpty }

    public mutating func add(_ severity: Severity, _ subject: String, _ message: String) {
        findings.append(Finding(severity: severity, subject: subject, message: message))
    }
    mutating func error(_ subject: String, _ message: String) { add(.error, subject, message) }
    mutating func warning(_ subject: String, _ message: String) { add(.warning, subject, message) }
}
