import ArgumentParser
import Foundation
import OdroidCore
import UBootImage

/// `odroid-build layout --profile P`: DRAM with every load window to scale, overlaps marked, as text or SVG.
struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Draw the board's memory map: kernel (as loaded and where bootm moves it), initrd, dtb and reserved regions, to scale.",
        discussion:
            "Sizes are the real artifacts' when given (--kernel-image/--initrd/--dtb, or --boot DIR --kernel VERSION), else the profile's maximums. Exit 0 when nothing collides, 1 when a window overlaps another or leaves DRAM."
    )

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var artifacts: LayoutArtifactOptions

    @Option(help: ArgumentHelp("Also write the picture as SVG to this file.", valueName: "file"))
    var svg: String?

    @Option(help: ArgumentHelp("Columns for the to-scale bars in the terminal picture.", valueName: "n"))
    var width = 64

    func validate() throws {
        guard (16...400).contains(width) else { throw ValidationError("--width must be between 16 and 400") }
    }

    func run() throws {
        try reportingErrors {
            let profile = try profileOptions.resolve()
            let map = MemoryMap(profile: profile, sizes: try artifacts.sizes(profile: profile))
            let (lanes, notes) = LayoutKernelHeader.inspect(path: artifacts.paths(profile: profile).kernel, profile: profile)
            let scene = LayoutScene(profile: profile, map: map, extraLanes: lanes, notes: notes)
            Terminal.out(LayoutText(scene: scene, width: width).render())
            if let svg {
                try OutputFile.at(svg).write(Data(LayoutSVG(scene: scene).render().utf8))
                Terminal.error("odroid-build: wrote \(svg)")
            }
            if !scene.problems.isEmpty { throw ExitCode(1) }
        }
    }
}

/// What a real uImage's own header adds to the picture: bootm moves the kernel to the header's load address,
/// which is only the profile's LOADADDR when the kernel was built with the right one.
enum LayoutKernelHeader {
    static func inspect(path: String?, profile: ResolvedProfile) -> (lanes: [LayoutScene.Lane], notes: [String]) {
        guard profile.kernel.image == .uImage, let path, let data = FileManager.default.contents(atPath: path) else { return ([], []) }
        guard let image = try? LegacyImage(data) else {
            return ([], ["\(path) is not a u-boot legacy image, but the profile boots a uImage with bootm"])
        }
        var notes = image.problems.map { "\(path): \($0)" }
        let load = UInt64(image.header.loadAddress)
        guard load != profile.kernel.loadAddress else { return ([], notes) }
        notes.append(
            "\(path) has load address \(Hex.address(load)), the profile's LOADADDR is \(Hex.address(profile.kernel.loadAddress)): bootm moves the kernel to \(Hex.address(load)) (rebuild with LOADADDR=\(Hex.address(profile.kernel.loadAddress)))"
        )
        let lane = LayoutScene.Lane(
            label: "kernel moved to the uImage's load address",
            region: MemoryRegion(name: "uImage load", start: load, size: UInt64(image.header.dataSize)),
            kind: .kernelRelocated, actualSize: true)
        return ([lane], notes)
    }
}
