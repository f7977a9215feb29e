/// Every key a board profile, a local override file or `--set` may set, by its dotted TOML name. Code names
/// a key only through this enum, so a misspelt key is a compile error rather than a silent "", 0 or false;
/// text from the user (a TOML key, `--set key=value`) becomes a key through `init(rawValue:)`, and a name
/// that is not one is the unknown-key diagnostic. `ProfileSchema.specs` gives each key its type, default and
/// help, in this order (`ProfileKeyTests` holds the two together).
public enum ProfileKey: String, CaseIterable, Sendable, CustomStringConvertible {
    // identity
    case profileName = "profile.name"
    case profileDescription = "profile.description"
    case profileExtends = "profile.extends"
    case profileAbstract = "profile.abstract"
    // board
    case boardSoc = "board.soc"
    case boardArch = "board.arch"
    case boardCompatible = "board.compatible"
    case boardDramBase = "board.dram_base"
    case boardDramSize = "board.dram_size"
    case boardReserved = "board.reserved"
    // kernel
    case kernelDefconfig = "kernel.defconfig"
    case kernelFragments = "kernel.fragments"
    case kernelImage = "kernel.image"
    case kernelLoadaddr = "kernel.loadaddr"
    case kernelTargets = "kernel.targets"
    case kernelDtbs = "kernel.dtbs"
    case kernelDtbDir = "kernel.dtb_dir"
    case kernelCrossCompile = "kernel.cross_compile"
    case kernelCcache = "kernel.ccache"
    case kernelJobs = "kernel.jobs"
    case kernelDistcc = "kernel.distcc"
    case kernelImageMax = "kernel.image_max"
    case kernelSourceKind = "kernel.source.kind"
    case kernelSourceUrl = "kernel.source.url"
    case kernelSourceRef = "kernel.source.ref"
    case kernelSourceTarball = "kernel.source.tarball"
    case kernelSourcePath = "kernel.source.path"
    // modules
    case modulesStrip = "modules.strip"
    // initramfs
    case initramfsGenerator = "initramfs.generator"
    case initramfsSourceDir = "initramfs.source_dir"
    case initramfsBusybox = "initramfs.busybox"
    case initramfsMarker = "initramfs.marker"
    case initramfsFile = "initramfs.file"
    case initramfsUimage = "initramfs.uimage"
    case initramfsMaxSize = "initramfs.max_size"
    // boot
    case bootFlavour = "boot.flavour"
    case bootFormats = "boot.formats"
    case bootInterface = "boot.interface"
    case bootDevice = "boot.device"
    case bootMount = "boot.mount"
    case bootKernelAddr = "boot.kernel_addr"
    case bootInitrdAddr = "boot.initrd_addr"
    case bootDtbAddr = "boot.dtb_addr"
    case bootDtbMax = "boot.dtb_max"
    case bootDtbSource = "boot.dtb_source"
    case bootFirmwareDtb = "boot.firmware_dtb"
    case bootCommand = "boot.command"
    case bootConsole = "boot.console"
    case bootRoot = "boot.root"
    case bootRootMode = "boot.root_mode"
    case bootBootargs = "boot.bootargs"
    case bootConsoles = "boot.consoles"
    case bootEthernetMac = "boot.ethernet_mac"
    case bootEthernetDriver = "boot.ethernet_driver"
    case bootKernelFile = "boot.kernel_file"
    case bootInitrdFile = "boot.initrd_file"
    case bootDtbFile = "boot.dtb_file"
    case bootPartitionOffset = "boot.partition_offset"
    // boot proof under QEMU
    case qemuMachine = "qemu.machine"
    case qemuRam = "qemu.ram"
    case qemuFirmware = "qemu.firmware"
    case qemuMarker = "qemu.marker"
    case qemuTimeout = "qemu.timeout"
    // a root filesystem for the board
    case rootfsDistribution = "rootfs.distribution"
    case rootfsSuite = "rootfs.suite"
    case rootfsArchitecture = "rootfs.architecture"
    case rootfsMirror = "rootfs.mirror"
    case rootfsVariant = "rootfs.variant"
    case rootfsPackages = "rootfs.packages"

    /// The dotted name, as a profile spells it: what a diagnostic, the reference and `profiles show` print.
    public var description: String { rawValue }

    /// The tables the key sits in, outermost first: `kernel.source.kind` is in `kernel` and `kernel.source`.
    public var tables: [String] {
        let parts = rawValue.split(separator: ".").dropLast()
        return parts.indices.map { parts[...$0].joined(separator: ".") }
    }

    /// A key of the `[profile]` table: who the profile is, which only the profile file itself may say (not
    /// the local override file, not `--set`, and for name, description and abstract not a base profile).
    public var isIdentity: Bool { tables.first == "profile" }
}
