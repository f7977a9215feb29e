/// The operating-system byte of a legacy image header (`IH_OS_*` in u-boot's include/image.h).
/// The numbers are part of the on-disk format: u-boot only ever appends new ones.
public enum ImageOS: UInt8, CaseIterable, Sendable {
    case invalid = 0, openBSD, netBSD, freeBSD, bsd44, linux, svr4, esix, solaris, irix, sco, dell, ncr
    case lynxOS, vxWorks, pSOS, qnx, uBoot, rtems, artos, unity, integrity, ose, plan9, openRTOS
    case armTrustedFirmware, tee, openSBI, efi

    /// The name `mkimage -l` prints for `code` ("Unknown OS" for numbers mkimage has no name for).
    public static func displayName(_ code: UInt8) -> String {
        ImageOS(rawValue: code).flatMap { names[$0] } ?? "Unknown OS"
    }

    private static let names: [ImageOS: String] = [
        .invalid: "Invalid OS", .armTrustedFirmware: "ARM Trusted Firmware", .linux: "Linux", .netBSD: "NetBSD",
        .ose: "Enea OSE", .plan9: "Plan 9", .rtems: "RTEMS", .tee: "Trusted Execution Environment",
        .uBoot: "U-Boot", .vxWorks: "VxWorks", .qnx: "QNX", .integrity: "INTEGRITY", .bsd44: "4_4BSD",
        .dell: "Dell", .esix: "Esix", .freeBSD: "FreeBSD", .irix: "Irix", .ncr: "NCR", .openBSD: "OpenBSD",
        .pSOS: "pSOS", .sco: "SCO", .solaris: "Solaris", .svr4: "SVR4", .openRTOS: "OpenRTOS",
        .openSBI: "RISC-V OpenSBI", .efi: "EFI Firmware",
    ]
}
