import ArgumentParser
import OdroidCore

/// Where the boot partition is: a mounted directory or a FAT image (shared by build, install and the
/// kernel-management commands).
struct BootTargetOptions: ParsableArguments {
    @Option(
        name: .customLong("boot"), help: ArgumentHelp("Mounted FAT boot partition (default: the profile's boot.mount).", valueName: "dir"))
    var bootDirectory: String?

    @Option(
        name: .customLong("boot-image"),
        help: ArgumentHelp(
            "FAT image, or whole-disk image (its only FAT partition, or the one --partition/--offset names), written through mtools (no mount, no root).",
            valueName: "file"))
    var bootImage: String?

    @Option(help: ArgumentHelp("Partition number of the FAT filesystem inside a whole-disk --boot-image (MBR).", valueName: "n"))
    var partition: Int?

    @Option(help: ArgumentHelp("Byte offset of the FAT filesystem inside --boot-image.", valueName: "bytes"))
    var offset: UInt64?

    func validate() throws {
        if bootDirectory != nil && bootImage != nil { throw ValidationError("--boot and --boot-image exclude each other") }
        if (partition != nil || offset != nil) && bootImage == nil { throw ValidationError("--partition and --offset need --boot-image") }
        if partition != nil && offset != nil { throw ValidationError("--partition and --offset exclude each other") }
        if let partition, partition < 1 || partition > 4 { throw ValidationError("--partition must be 1 to 4 (MBR primary partitions)") }
    }

    /// The target for a plan; partitions are resolved to offsets by the boot-partition layer at run time,
    /// so a plan shows the offset only when it was given.
    var planTarget: PlanOptions.BootTarget? {
        if let bootDirectory { return .mounted(path: bootDirectory) }
        if let bootImage { return .image(path: bootImage, offset: offset ?? 0) }
        return nil
    }
}
