import CommandValues
import OdroidProcess

/// The QEMU command line of a boot proof, as data: QEMU's 32-bit ARM `virt` machine with u-boot as its
/// firmware and the boot image as a read-only virtio disk. Pure, so dry runs print exactly what runs.
public struct QemuInvocation: Sendable, Hashable, Codable {
    /// Debian's u-boot-qemu build for 32-bit ARM `virt`.
    public static let debianUBoot = "/usr/lib/u-boot/qemu_arm/u-boot.bin"

    public var qemu = "qemu-system-arm"
    public var machine = "virt"
    /// Guest RAM as QEMU takes it (`512M`). u-boot keeps the top ~34 MiB for itself, so QEMU's default
    /// 128M leaves too little below it for the usual load addresses; 256M is the least that works.
    public var ram = "512M"
    public var uBoot = QemuInvocation.debianUBoot
    public var diskImage: String
    /// `virtio-blk-device` (virtio-mmio; u-boot's `virtio 0`) or `virtio-blk-pci`.
    public var diskDevice = "virtio-blk-device"
    /// A 64 MiB u-boot environment image for flash bank 1 (`EnvironmentFlashBuilder`), or nil for u-boot's
    /// default environment (bootdelay=2).
    public var environmentFlash: String?
    /// Attach the environment flash writable, so that u-boot's `saveenv` reaches the file and the next boot
    /// with the same file sees it. Off by default: read-only lets several QEMUs share one flash image.
    public var environmentFlashWritable = false

    public init(diskImage: String, ram: String = "512M", environmentFlash: String? = nil) {
        self.diskImage = diskImage
        self.ram = ram
        self.environmentFlash = environmentFlash
    }

    /// `-no-reboot`: a panic (with `panic=-1`) or a reset ends QEMU instead of looping back into u-boot.
    /// `-nic none`: distro boot's last targets (DHCP/TFTP) have nothing to wait for. `snapshot=on`: the guest may
    /// write (a distribution remounts its root read-write, fsck runs) into a temporary overlay, the image itself
    /// is opened read-only and never changes, and a second QEMU on the same image still gets it.
    /// The board's serial port on a pseudo-terminal, as a USB serial adapter would show it, and QEMU started
    /// paused with its monitor on a second pty: a console program attaches first, then `cont` starts the
    /// board (so u-boot's countdown cannot pass unseen). QEMU prints which ptys it made on stderr.
    public var consoleOnPty = false
    /// A TCG plugin and its arguments as `-plugin` takes them (`/path/odroid-trace.so,dir=/tmp/t`), or nil.
    public var plugin: String?
    /// `-icount shift=0,sleep=off`: the guest's clock advances one nanosecond per instruction, so that timer
    /// interrupts and delay loops no longer follow the host's speed (a trace's instruction counts then repeat to
    /// a few parts per million instead of ~1%); autoboot's countdown then also runs in instructions (use --fast).
    public var instructionCountedClock = false

    public var command: Command {
        let display = consoleOnPty ? ["-display", "none", "-serial", "pty", "-monitor", "pty", "-S"] : ["-nographic"]
        var argv =
            [qemu, "-M", machine, "-m", ram] + display + [
                "-no-reboot", "-nic", "none",
                "-bios", uBoot,
                "-drive", "if=none,file=\(diskImage),format=raw,id=boot0,snapshot=on",
                "-device", "\(diskDevice),drive=boot0",
            ]
        if let plugin { argv += ["-plugin", plugin] }
        if instructionCountedClock { argv += ["-icount", "shift=0,sleep=off"] }
        if let environmentFlash {
            let access = environmentFlashWritable ? "" : "readonly=on,"
            argv += ["-drive", "if=pflash,unit=1,format=raw,\(access)file=\(environmentFlash)"]
        }
        return Command(argv)
    }
}
