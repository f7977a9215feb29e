import Foundation

/// A board profile after inheritance, the local override file and `--set` are merged and defaults applied:
/// every value present and typed. Built only by `ProfileResolver`, so a value of this type has passed validation.
public struct ResolvedProfile: Sendable {
    public enum ImageType: String, Sendable { case uImage, zImage }
    public enum Flavour: String, Sendable {
        case hardkernel2012 = "hardkernel-2012", hardkernel2017Lines = "hardkernel-2017-lines", hardkernel2017 = "hardkernel-2017", mainline

        /// Whether u-boot runs a boot.ini one line at a time (each line alone through hush).
        public var runsBootIniLineByLine: Bool { self == .hardkernel2012 || self == .hardkernel2017Lines }
    }
    public enum ScriptFormat: String, Sendable, CaseIterable { case ini, cmd, scr, extlinux, prompt }
    public enum Generator: String, Sendable { case mkinitrd, dracut, mkinitramfs, cpio, busybox, none }
    public enum BootCommand: String, Sendable { case bootm, bootz }
    public enum Source: Sendable, Equatable {
        case git(url: String, ref: String)
        case tarball(path: String)
        case local(path: String)
    }
    public enum DtbPlacement: Sendable, Equatable {
        /// A file on the boot partition, loaded to this address.
        case partition(address: UInt64)
        /// Supplied by u-boot: the named variable holds its address (e.g. fdtcontroladdr).
        case firmware(variable: String)
    }

    public struct Board: Sendable {
        public var soc: String
        public var arch: String
        public var compatible: [String]
        public var dramBase: UInt64
        public var dramSize: UInt64
        public var reserved: [MemoryRegion]
        /// One past DRAM's last byte (saturating, never wrapping: see `MemoryRegion.end`).
        public var dramEnd: UInt64 { MemoryRegion(name: "DRAM", start: dramBase, size: dramSize).end }
    }

    public struct Kernel: Sendable {
        public var defconfig: String
        public var fragments: [String]
        public var image: ImageType
        public var loadAddress: UInt64
        public var targets: [String]
        public var dtbs: [String]
        public var dtbDirectory: String
        public var crossCompile: String
        public var ccache: Bool
        public var jobs: Int
        /// `kernel.distcc`: the hosts to compile on, nil for none.
        public var distcc: DistccHosts?
        public var imageMax: UInt64
        public var source: Source
    }

    public struct Initramfs: Sendable {
        public var generator: Generator
        public var sourceDirectory: String?
        /// busybox generator: the static busybox to use (nil: fetch Debian's busybox-static).
        public var busybox: String?
        /// busybox generator: the line /init prints.
        public var marker: String
        public var file: String
        public var uimage: Bool
        public var maxSize: UInt64
    }

    public struct Boot: Sendable {
        public var flavour: Flavour
        public var formats: [ScriptFormat]
        public var interface: String
        public var device: String
        public var mount: String
        public var kernelAddress: UInt64
        public var initrdAddress: UInt64?
        public var dtb: DtbPlacement
        public var dtbMax: UInt64
        public var command: BootCommand
        public var console: String
        public var root: String
        /// Whether root= was given by a profile, the local file or `--set` (not the schema's default).
        public var rootIsExplicit: Bool
        public var rootMode: String
        public var extraBootargs: [String]
        public var consoles: [String]
        /// `xx:xx:xx:xx:xx:xx`, `card` (until the card's UUID is known), or empty.
        public var ethernetMAC: String
        public var ethernetDriver: String
        public var kernelFile: String
        public var initrdFile: String
        public var dtbFile: String
        /// Byte offset of the FAT partition on a whole-disk image (a multiple of 512).
        public var partitionOffset: UInt64
    }

    public struct QEMU: Sendable {
        public var machine: String
        public var ram: UInt64
        public var firmware: String
        public var marker: String
        public var timeoutSeconds: Int
    }

    public struct Modules: Sendable {
        /// INSTALL_MOD_STRIP=1.
        public var strip: Bool
    }

    /// What `rootfs create` makes for the board (mmdebstrap's inputs).
    public struct Rootfs: Sendable, Equatable {
        public var distribution: String
        public var suite: String
        public var architecture: String
        public var mirror: String
        public var variant: String
        public var packages: [String]
    }

    public var name: String
    public var description: String
    /// Files merged, base first; then the local override file and the command line, when used.
    public var layers: [String]
    /// Every key with its final value and where it came from (defaults included).
    public var settings: [ProfileKey: Setting]
    public var board: Board
    public var kernel: Kernel
    public var modules: Modules
    public var initramfs: Initramfs
    public var boot: Boot
    public var qemu: QEMU?
    public var rootfs: Rootfs

    /// What `boot.root` writes for the root filesystem's UUID (`root = "UUID={root_uuid}"`).
    public static let rootUUIDPlaceholder = "{root_uuid}"

    /// Whether root= still waits for the root filesystem's UUID.
    public var rootNeedsUUID: Bool { boot.root.contains(Self.rootUUIDPlaceholder) || !boot.rootIsExplicit }

    /// The profile with root= for the root filesystem whose UUID is `uuid`: `{root_uuid}` filled in, or, when
    /// the profile, the local file or `--set` named no root at all, `UUID=<uuid>` (only the schema's default
    /// gives way).
    public func withRootFilesystem(uuid: String) -> ResolvedProfile {
        var copy = self
        if boot.ethernetMAC == Self.macFromCard, let mac = Self.mac(fromUUID: uuid) { copy.boot.ethernetMAC = mac }
        if boot.root.contains(Self.rootUUIDPlaceholder) {
            copy.boot.root = boot.root.replacingOccurrences(of: Self.rootUUIDPlaceholder, with: uuid)
        } else if !boot.rootIsExplicit {
            copy.boot.root = "UUID=\(uuid)"
        }
        return copy
    }

    /// The kernel arguments, in the order u-boot passes them.
    public var bootargs: String {
        let mac =
            boot.ethernetMAC.isEmpty || boot.ethernetMAC == Self.macFromCard ? [] : ["\(boot.ethernetDriver).macaddr=\(boot.ethernetMAC)"]
        return
            (boot.consoles.map { "console=\($0)" } + ["console=\(boot.console)", "root=\(boot.root)", boot.rootMode] + mac
            + boot.extraBootargs)
            .joined(separator: " ")
    }

    /// `boot.ethernet_mac = "card"`.
    public static let macFromCard = "card"

    /// A MAC address for the card whose root filesystem UUID is `uuid`: locally administered (02:...) and
    /// unicast, the next five bytes the UUID's first five, so the board keeps one address per card.
    public static func mac(fromUUID uuid: String) -> String? {
        let hex = uuid.filter(\.isHexDigit).lowercased()
        guard hex.count >= 10 else { return nil }
        let pairs = stride(from: 0, to: 10, by: 2).map { String(hex.dropFirst($0).prefix(2)) }
        return (["02"] + pairs).joined(separator: ":")
    }

    /// The boot partition file names for kernel version `version` (from `--kernel`).
    public func bootFiles(version: String) -> BootFiles {
        func fill(_ pattern: String, dtb: String = "") -> String {
            pattern.replacingOccurrences(of: "{version}", with: version)
                .replacingOccurrences(of: "{image}", with: kernel.image.rawValue)
                .replacingOccurrences(of: "{dtb}", with: dtb)
        }
        let dtbs: [String] = {
            guard case .partition = boot.dtb else { return [] }
            return kernel.dtbs.map { fill(boot.dtbFile, dtb: $0.split(separator: "/").last.map(String.init) ?? $0) }
        }()
        return BootFiles(
            kernel: fill(boot.kernelFile),
            initrd: initramfs.generator == .none ? nil : fill(initramfs.uimage ? boot.initrdFile : initramfs.file),
            rawInitrd: initramfs.generator == .none ? nil : fill(initramfs.file),
            dtbs: dtbs)
    }
}

/// Names of one kernel version's files on the boot partition.
public struct BootFiles: Sendable, Equatable, Codable {
    public var kernel: String
    /// What the boot script loads as the initramfs (the uInitrd when wrapped), nil without one.
    public var initrd: String?
    /// The raw initramfs (extlinux.conf loads this one; u-boot passes it with its size).
    public var rawInitrd: String?
    /// Dtb paths on the partition; empty when u-boot supplies the dtb.
    public var dtbs: [String]
    public init(kernel: String, initrd: String?, rawInitrd: String?, dtbs: [String]) {
        self.kernel = kernel
        self.initrd = initrd
        self.rawInitrd = rawInitrd
        self.dtbs = dtbs
    }

    /// The dtb the boot script loads (the first one).
    public var dtb: String? { dtbs.first }
}
