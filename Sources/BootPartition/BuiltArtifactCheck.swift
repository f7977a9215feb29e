import DeviceTree
import Foundation
import OdroidCore
import OdroidProcess

/// What a build checks before its install step writes anything: the kernel image just built is a sound u-boot
/// kernel image whose load address is the profile's LOADADDR (a uImage made without `LOADADDR=` does not
/// boot), a uInitrd is a sound ramdisk image (both through `BootFileContent`, as `verify` checks them on the
/// partition), each installed dtb is for this board and its memory holds every load window, and the real sizes
/// fit the memory map: caught while the old kernel is still the one that boots.
public struct BuiltArtifactCheck {
    public var profile: ResolvedProfile
    public var files: BootFiles
    /// `make kernelrelease` of the build, which the initramfs' modules must match.
    public var kernelRelease: String?
    /// The build's .config: which compressions the kernel unpacks an initramfs with.
    public var kernelConfig: String?
    public var runner: any ProcessRunning

    public init(profile: ResolvedProfile, files: BootFiles, kernelRelease: String?, kernelConfig: String?, runner: any ProcessRunning) {
        self.profile = profile
        self.files = files
        self.kernelRelease = kernelRelease
        self.kernelConfig = kernelConfig
        self.runner = runner
    }

    /// Every problem, each naming the file (empty when the install may go ahead), and what each initramfs holds.
    public func problems(in spec: InstallSpec) -> (problems: [String], initramfs: [InitramfsCheck.Summary]) {
        var problems: [String] = []
        var summaries: [InitramfsCheck.Summary] = []
        var sizes = MemoryMap.ArtifactSizes()
        var dtbs: [String] = []
        for copy in spec.files {
            guard let data = FileManager.default.contents(atPath: copy.source) else {
                problems.append("\(copy.source): cannot be read")
                continue
            }
            let role = KernelInstaller.role(copy.destination, names: files)
            let size = UInt64(data.count)
            switch role {
            case .kernel: sizes.kernel = size
            case .initrd: sizes.initrd = size
            case .dtb:
                // The full libfdt check below covers the magic, and the first dtb is the one the script loads.
                if dtbs.isEmpty { sizes.dtb = size }
                dtbs.append(copy.source)
                continue
            case .rawInitrd, .other: break
            }
            problems += BootFileContent.problems(role: role, data: data, profile: profile).map { "\(copy.source): \($0)" }
            if role == .initrd || (role == .rawInitrd && files.initrd == nil), let machine = ELFMachine.forKernelArch(profile.board.arch) {
                let config = kernelConfig.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
                let kernel = InitramfsCheck.Kernel(machine: machine, release: kernelRelease, config: config)
                let (found, summary) = InitramfsCheck(kernel: kernel).problems(in: data, runner: runner)
                problems += found.map { "\(copy.source): the initramfs \($0)" }
                if let summary { summaries.append(summary) }
            }
        }
        let map = MemoryMap(profile: profile, sizes: sizes)
        problems += map.problems().map { "memory map with the built sizes: \($0)" }
        for dtb in dtbs { problems += dtbProblems(dtb, map: map) }
        return (problems, summaries)
    }

    private func dtbProblems(_ path: String, map: MemoryMap) -> [String] {
        do {
            let blob = try DeviceTreeBlob(contentsOfFile: path)
            return try blob.check(against: DtbBoardRequirements.make(profile: profile, map: map))
                .filter { $0.severity == .error }.map { "\(path): \($0.message)" }
        } catch {
            return ["\(path): \(error)"]
        }
    }
}

/// The install step's refusal: the built files would not boot on the profile's board.
public struct BuiltArtifactProblems: Error, CustomStringConvertible {
    public var problems: [String]
    public init(problems: [String]) { self.problems = problems }
    public var description: String {
        "the built files would not boot on this board, so nothing was installed:\n    " + problems.joined(separator: "\n    ")
    }
}

/// The profile's board and memory map as the plain requirements the DeviceTree module checks a blob against.
public enum DtbBoardRequirements {
    public static func make(profile: ResolvedProfile, map: MemoryMap) -> BoardRequirements {
        BoardRequirements(
            origin: "profile \(profile.name)",
            compatible: profile.board.compatible,
            dram: MemoryRange(base: profile.board.dramBase, size: profile.board.dramSize),
            loadWindows: map.windows.filter { $0.kind != .reserved }.map {
                LoadWindow(name: $0.region.name, range: MemoryRange(base: $0.region.start, size: $0.region.size))
            })
    }
}
