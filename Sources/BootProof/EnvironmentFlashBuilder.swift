import CommandValues
import Foundation
import OdroidProcess

/// Builds the image for QEMU `virt`'s second flash bank (`-drive if=pflash,unit=1`), where Debian's
/// qemu_arm u-boot keeps its environment (CONFIG_ENV_ADDR 0x4000000, CONFIG_ENV_SIZE 0x40000, no redundant
/// copy). It changes u-boot's behaviour without key presses: `bootdelay=0 boot_targets=virtio0` cuts
/// about 2 s from every boot. The image replaces the whole environment, so it starts from the default one
/// copied out of u-boot.bin and applies the overrides on top.
public struct EnvironmentFlashBuilder: Sendable {
    /// The overrides that make a boot proof fast: no autoboot countdown, only the virtio disk.
    public static let fastBoot: [(name: String, value: String)] = [("bootdelay", "0"), ("boot_targets", "virtio0")]
    /// QEMU's virt flash banks are 64 MiB each and QEMU wants the file to match.
    public static let flashBankBytes = 64 * 1024 * 1024
    public static let environmentSize = "0x40000"
    /// `environmentSize` as a number: the bytes u-boot's `saveenv` writes (CRC32, then the variables).
    public static let environmentBytes = 0x40000

    /// Default variables a `boot_targets=virtio0` distro boot never runs (the DHCP, QEMU fw_cfg, USB, SCSI
    /// and NVMe targets). A persistent environment leaves them out so that what `saveenv` writes stays under
    /// 4 KiB; see `SavedEnvironment` for why that size matters under Debian 12's QEMU.
    public static let unusedByVirtioBoot = [
        "bootcmd_dhcp", "boot_script_dhcp", "boot_net_usb_start", "bootcmd_qfw", "bootcmd_usb0", "usb_boot",
        "bootcmd_scsi0", "scsi_boot", "scsi_init", "bootcmd_nvme0", "nvme_boot", "nvme_init",
    ]

    public let runner: any ProcessRunning

    public init(runner: any ProcessRunning) {
        self.runner = runner
    }

    /// Writes the flash image to `output` (and the environment text beside it as `output`.txt) and returns the
    /// environment it holds: the built-in default without the variables in `removing`, with `overrides` applied.
    @discardableResult
    public func build(uBoot: String, overrides: [(name: String, value: String)], removing: [String] = [], output: String) throws
        -> UBootEnvironment
    {
        guard let binary = FileManager.default.contents(atPath: uBoot) else {
            throw BootProofError("cannot read the u-boot binary \(uBoot)")
        }
        let environment = try UBootEnvironment.builtInDefault(in: binary).removing(removing).applying(overrides)
        let text = output + ".txt"
        try Data(try environment.mkenvimageText().utf8).write(to: URL(fileURLWithPath: text))
        try? FileManager.default.removeItem(atPath: output)
        try runner.checked(Command(["mkenvimage", "-s", Self.environmentSize, "-o", output, text]), "mkenvimage for \(output)")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(Self.flashBankBytes))
        return environment
    }
}
