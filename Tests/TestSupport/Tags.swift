import Testing

/// Test sizes. Pure tests take milliseconds; real-process tests run real tools (mkimage, mkfs.vfat, mtools, make
/// on a fixture tree); boot tests start QEMU and u-boot; kernel tests build a real kernel tree.
extension Tag {
    @Tag public static var pure: Self
    @Tag public static var realProcess: Self
    @Tag public static var boot: Self
    @Tag public static var kernel: Self
}
