import CommandValues
import Foundation
import OdroidProcess
import Testing

/// Device trees for the tests: small .dts sources written for them, compiled by the real dtc into a scratch
/// directory, plus helpers to damage the results in the ways copies get damaged.
struct BlobFixtures {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("devicetree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Compiles `source` with `dtc -I dts -O dtb` and returns the blob's path.
    func compile(_ source: String, name: String = "fixture", extra: [String] = []) throws -> String {
        let dts = path("\(name).dts")
        try Data(source.utf8).write(to: URL(fileURLWithPath: dts))
        let dtb = path("\(name).dtb")
        let result = try SpawnRunner().run(Command(["dtc", "-I", "dts", "-O", "dtb"] + extra + ["-o", dtb, dts]), output: .capture)
        try #require(result.succeeded, "dtc failed: \(result.stderrText)")
        return dtb
    }

    /// Decompiles a blob with `dtc -I dtb -O dts` (an independent reader to check ours against).
    func decompile(_ dtb: String) throws -> String {
        let result = try SpawnRunner().run(Command(["dtc", "-I", "dtb", "-O", "dts", dtb]), output: .capture)
        try #require(result.succeeded, "dtc could not read \(dtb): \(result.stderrText)")
        return result.stdoutText
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    func write(_ name: String, _ data: Data) throws -> String {
        try data.write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    /// A cut-down ODROID-XU tree: the root facts the tool reads, as in Linux's exynos5410-odroidxu.dts.
    static let odroidXU = """
        /dts-v1/;
        / {
            model = "Hardkernel Odroid XU";
            compatible = "hardkernel,odroid-xu", "samsung,exynos5410", "samsung,exynos5";
            #address-cells = <1>;
            #size-cells = <1>;
            memory@40000000 {
                device_type = "memory";
                reg = <0x40000000 0x7ea00000>;
            };
            chosen {
                stdout-path = "serial2:115200n8";
            };
        };
        """

    /// The XU3's tree: the blob users copy to an XU by mistake.
    static let odroidXU3 = """
        /dts-v1/;
        / {
            model = "Hardkernel Odroid XU3";
            compatible = "hardkernel,odroid-xu3", "samsung,exynos5800", "samsung,exynos5";
            #address-cells = <1>;
            #size-cells = <1>;
            memory@40000000 {
                device_type = "memory";
                reg = <0x40000000 0x7ea00000>;
            };
        };
        """

    /// Two 64-bit memory banks with /memreserve/, a chosen node carrying an initrd, no model.
    static let twoBanks64 = """
        /dts-v1/;
        /memreserve/ 0x80000000 0x10000;
        / {
            compatible = "vendor,board64";
            #address-cells = <2>;
            #size-cells = <2>;
            memory@80000000 {
                device_type = "memory";
                reg = <0x0 0x80000000 0x0 0x40000000>, <0x8 0x80000000 0x1 0x00000000>;
            };
            chosen {
                bootargs = "console=ttyS0";
                linux,initrd-start = <0x0 0x84000000>;
                linux,initrd-end = <0x0 0x84800000>;
                linux,phandle-like = <1>;
            };
        };
        """
}
