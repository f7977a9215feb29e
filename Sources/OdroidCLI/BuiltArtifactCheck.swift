import DeviceTree
import Foundation
import OdroidCore
import UBootImage

/// What a build checks before its install step writes anything: the kernel image just built is a sound u-boot
/// kernel image whose load address is the profile's LOADADDR (a uImage made without `LOADADDR=` does not
/// boot), a uInitrd is a sound ramdisk image, each installed dtb is for this board and its memory holds every
/// load window, and the real sizes fit the memory map. The same facts `verify` checks on the partition,
/// caught while the old kernel is still the one that boots.
struct BuiltArtifactCheck {
    var profile: ResolvedProfile
    var files: BootFiles

    /// Every problem, each naming the file; empty when the install may go ahead.
    func problems(in spec: InstallSpec) -> [String] {
        var problems: [String] = []
        var sizes = MemoryMap.ArtifactSizes()
        for copy in spec.files {
            guard let data = FileManager.default.contents(atPath: copy.source) else {
                problems.append("\(copy.source): cannot be read")
                continue
            }
            let size = UInt64(data.count)
            if copy.destination == files.kernel {
                sizes.kernel = size
                if profile.kernel.image == .uImage {
                    problems += imageProblems(data, expect: .kernel(loadAddress: UInt32(truncatingIfNeeded: profile.kernel.loadAddress)), file: copy.source)
                }
            } else if copy.destination == files.initrd {
                sizes.initrd = size
                if profile.initramfs.uimage { problems += imageProblems(data, expect: .ramdisk(), file: copy.source) }
            } else if copy.destination == files.dtb {
                sizes.dtb = size
            }
        }
        let map = MemoryMap(profile: profile, sizes: sizes)
        problems += map.problems().map { "memory map with the built sizes: \($0)" }
        for copy in spec.files where files.dtbs.contains(copy.destination) {
            problems += dtbProblems(copy.source, map: map)
        }
        return problems
    }

    private func imageProblems(_ data: Data, expect: ImageExpectation, file: String) -> [String] {
        do {
            return try LegacyImage(data).check(expect).map { "\(file): \($0)" }
        } catch {
            return ["\(file): \(error)"]
        }
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
struct BuiltArtifactProblems: Error, CustomStringConvertible {
    var problems: [String]
    var description: String {
        "the built files would not boot on this board, so nothing was installed:\n    " + problems.joined(separator: "\n    ")
    }
}
