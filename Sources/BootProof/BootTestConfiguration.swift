import Foundation
import OdroidCore

/// Everything one boot proof needs, as a value. The CLI's `boot-test --boot-image` fills it from options;
/// `boot-test --profile` and a build's `--boot-test` fill it from the resolved profile (marker, RAM, timeout)
/// and the image the install step wrote.
public struct BootTestConfiguration: Sendable, Codable, Hashable {
    /// The whole-disk boot image (a FAT partition behind an MBR, as distro boot needs).
    public var diskImage: String
    /// The success pattern: a line containing it means init ran.
    public var marker: String
    public var timeoutSeconds: Double
    /// Guest RAM (`512M`); at least 256M for the usual load addresses (u-boot reserves the top ~34 MiB).
    public var ram: String
    /// Boot with an environment flash setting `bootdelay=0 boot_targets=virtio0` (about 2 s faster).
    public var fast: Bool
    /// Further u-boot variables (`NAME=VALUE`) for the environment flash; any makes one.
    public var environmentOverrides: [String]
    public var uBoot: String
    /// Where the console log goes (its host-timed twin is `<log>.times`).
    public var logPath: String
    /// Scratch space for the environment flash image.
    public var workDirectory: String
    /// Keep u-boot's environment between proofs that share `workDirectory`, as a board keeps it on its
    /// eMMC: the flash (`u-boot-env.img`) is built only when missing, attached writable, and checked after
    /// the boot (`BootReport.savedEnvironment`). What makes try-once boot scripts provable.
    public var persistentEnvironment = false
    /// A boot trace's TCG plugin argument (`QemuInvocation.plugin`), or nil for an untraced proof. A traced proof
    /// lets the guest power off after the marker (up to `settleAfterMarkerSeconds`), so that the trace is complete.
    public var tracePlugin: String?
    public var settleAfterMarkerSeconds = 0.0
    /// QEMU's clock counts instructions (`QemuInvocation.instructionCountedClock`).
    public var instructionCountedClock = false

    public init(
        diskImage: String, marker: String, timeoutSeconds: Double = 60, ram: String = "512M", fast: Bool = false,
        environmentOverrides: [String] = [], uBoot: String = QemuInvocation.debianUBoot, logPath: String, workDirectory: String,
        persistentEnvironment: Bool = false
    ) {
        self.diskImage = diskImage
        self.marker = marker
        self.timeoutSeconds = timeoutSeconds
        self.ram = ram
        self.fast = fast
        self.environmentOverrides = environmentOverrides
        self.uBoot = uBoot
        self.logPath = logPath
        self.workDirectory = workDirectory
        self.persistentEnvironment = persistentEnvironment
    }

    /// The u-boot variables the environment flash sets, or empty for none.
    public func flashOverrides() throws -> [(name: String, value: String)] {
        (fast ? EnvironmentFlashBuilder.fastBoot : []) + (try UBootEnvironment.overrides(environmentOverrides))
    }
}

extension BootTestConfiguration {
    /// The one way a proof's settings are chosen, for `boot-test` and a build's `--boot-test` alike: each value
    /// given explicitly wins over the profile's `[qemu]` table, which wins over the built-in default (the
    /// marker busybox initramfs prints, 60 s, 512M, Debian's qemu_arm u-boot). Scratch files go beside the log.
    public static func choosing(
        diskImage: String, qemu: ResolvedProfile.QEMU?, marker: String? = nil, timeoutSeconds: Double? = nil, ramMiB: Int? = nil,
        fast: Bool, environmentOverrides: [String] = [], uBoot: String? = nil, logPath: String
    ) -> BootTestConfiguration {
        BootTestConfiguration(
            diskImage: diskImage, marker: marker ?? qemu?.marker ?? MarkerInitramfs.defaultMarker,
            timeoutSeconds: timeoutSeconds ?? qemu.map { Double($0.timeoutSeconds) } ?? 60,
            ram: "\(ramMiB ?? qemu.map { Int($0.ram >> 20) } ?? 512)M", fast: fast, environmentOverrides: environmentOverrides,
            uBoot: uBoot ?? qemu?.firmware ?? QemuInvocation.debianUBoot, logPath: logPath,
            workDirectory: URL(fileURLWithPath: logPath).deletingLastPathComponent().path)
    }
}
