/// The image-type byte of a legacy image header (`IH_TYPE_*` in u-boot's include/image.h).
/// `kernel`, `ramdisk`, `multi` and `script` are the ones this tool builds and checks.
public enum ImageType: UInt8, CaseIterable, Sendable {
    case invalid = 0, standalone, kernel, ramdisk, multi, firmware, script, filesystem, flatDT, kwbImage
    case imxImage, ublImage, omapImage, aisImage, kernelNoLoad, pblImage, mxsImage, gpImage, atmelImage
    case socfpgaImage, x86Setup, lpc32xxImage, loadable, rkImage, rkSD, rkSPI, zynqImage, zynqMPImage
    case zynqMPBif, fpga, vybridImage, tee, firmwareIVT, pmmc, stm32Image, socfpgaImageV1, mtkImage
    case imx8mImage, imx8Image, copro, sunxiEgon

    /// Whether the data starts with a table of big-endian component sizes ended by a zero word.
    public var hasSizeTable: Bool { self == .multi || self == .script }

    /// The name `mkimage -l` prints for `code` ("Unknown Image" when mkimage has none).
    public static func displayName(_ code: UInt8) -> String {
        ImageType(rawValue: code).flatMap { names[$0] } ?? "Unknown Image"
    }

    private static let names: [ImageType: String] = [
        .aisImage: "Davinci AIS image", .filesystem: "Filesystem Image", .firmware: "Firmware",
        .flatDT: "Flat Device Tree", .gpImage: "TI Keystone SPL Image", .kernel: "Kernel Image",
        .kernelNoLoad: "Kernel Image (no loading done)", .kwbImage: "Kirkwood Boot Image",
        .imxImage: "Freescale i.MX Boot Image", .imx8Image: "NXP i.MX8 Boot Image",
        .imx8mImage: "NXP i.MX8M Boot Image", .invalid: "Invalid Image", .multi: "Multi-File Image",
        .omapImage: "TI OMAP SPL With GP CH", .pblImage: "Freescale PBL Boot Image", .ramdisk: "RAMDisk Image",
        .script: "Script", .socfpgaImage: "Altera SoCFPGA CV/AV preloader",
        .socfpgaImageV1: "Altera SoCFPGA A10 preloader", .standalone: "Standalone Program",
        .ublImage: "Davinci UBL image", .mxsImage: "Freescale MXS Boot Image", .atmelImage: "ATMEL ROM-Boot Image",
        .x86Setup: "x86 setup.bin", .lpc32xxImage: "LPC32XX Boot Image", .rkImage: "Rockchip Boot Image",
        .rkSD: "Rockchip SD Boot Image", .rkSPI: "Rockchip SPI Boot Image", .vybridImage: "Vybrid Boot Image",
        .zynqImage: "Xilinx Zynq Boot Image", .zynqMPImage: "Xilinx ZynqMP Boot Image",
        .zynqMPBif: "Xilinx ZynqMP Boot Image (bif)", .fpga: "FPGA Image",
        .tee: "Trusted Execution Environment Image", .firmwareIVT: "Firmware with HABv4 IVT",
        .pmmc: "TI Power Management Micro-Controller Firmware", .stm32Image: "STMicroelectronics STM32 Image",
        .mtkImage: "MediaTek BootROM loadable Image", .copro: "Coprocessor Image",
        .sunxiEgon: "Allwinner eGON Boot Image",
    ]
}
