import ArgumentParser
import Foundation
import OdroidCore

/// The real kernel, initrd and dtb whose sizes replace the profile's maximums in memory checks and pictures:
/// named one by one, or found on a mounted boot partition under the profile's file names for --kernel.
struct LayoutArtifactOptions: ParsableArguments {
    @Option(
        name: .customLong("boot"),
        help: ArgumentHelp("Mounted boot partition to take the artifacts from (with --kernel).", valueName: "dir"))
    var bootDirectory: String?

    @Option(
        name: .shortAndLong, help: ArgumentHelp("Kernel version whose files to find under --boot (uImage-VERSION …).", valueName: "version")
    )
    var kernel: String?

    @Option(help: ArgumentHelp("The kernel image as u-boot loads it (uImage or zImage).", valueName: "file"))
    var kernelImage: String?

    @Option(help: ArgumentHelp("The initramfs as u-boot loads it (uInitrd or raw).", valueName: "file"))
    var initrd: String?

    @Option(help: ArgumentHelp("The device-tree blob as u-boot loads it.", valueName: "file"))
    var dtb: String?

    func validate() throws {
        if (bootDirectory == nil) != (kernel == nil) { throw ValidationError("--boot and --kernel go together") }
    }

    /// The artifact paths: explicit options win over files found under --boot.
    func paths(profile: ResolvedProfile) -> (kernel: String?, initrd: String?, dtb: String?) {
        var found: (kernel: String?, initrd: String?, dtb: String?) = (nil, nil, nil)
        if let bootDirectory, let kernel {
            let files = profile.bootFiles(version: kernel)
            found.kernel = "\(bootDirectory)/\(files.kernel)"
            found.initrd = files.initrd.map { "\(bootDirectory)/\($0)" }
            found.dtb = files.dtb.map { "\(bootDirectory)/\($0)" }
        }
        return (kernelImage ?? found.kernel, initrd ?? found.initrd, dtb ?? found.dtb)
    }

    /// Sizes of the artifacts that exist; a path given explicitly that does not exist is a usage error.
    func sizes(profile: ResolvedProfile) throws -> MemoryMap.ArtifactSizes {
        let chosen = paths(profile: profile)
        return MemoryMap.ArtifactSizes(
            kernel: try Self.size(chosen.kernel, explicit: kernelImage != nil),
            initrd: try Self.size(chosen.initrd, explicit: initrd != nil),
            dtb: try Self.size(chosen.dtb, explicit: dtb != nil))
    }

    /// The size of the file at `path`; a missing file is a usage error when the user named it, else a note.
    static func size(_ path: String?, explicit: Bool) throws -> UInt64? {
        guard let path else { return nil }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let bytes = (attributes?[.size] as? NSNumber)?.uint64Value else {
            if explicit { throw CLIError.usage("\(path): no such file") }
            Terminal.error("odroid-build: note: \(path) not found; using the profile's maximum size")
            return nil
        }
        return bytes
    }
}
