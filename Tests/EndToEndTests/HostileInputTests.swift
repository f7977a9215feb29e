import Foundation
import Testing
import TestSupport

/// Hostile input to the built binary (issue 11, classes 1 and 4): every one ends with exit status 2 and a
/// message naming the option, or the file and line, never a trap (a signal, or the 132/134 of a Swift trap).
@Suite("Hostile input to the binary exits 2 with the place named", .tags(.realProcess))
struct HostileInputTests {
    struct OptionCase: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var message: String
        var testDescription: String { name }
    }

    static let fixtures = "\(Repository.root)/Tests/OdroidCoreTests/Fixtures/profiles"

    static let optionCases: [OptionCase] = [
        OptionCase(
            name: "build --image-size 99999999T",
            arguments: ["-p", "qemu-virt", "-k", "6.1", "--dry-run", "--boot-image", "/nonexistent/disk.img", "--image-size", "99999999T"],
            message: "--image-size '99999999T' is too large (more than 2^64 - 1 bytes, 16 EiB)"),
        OptionCase(
            name: "build --image-size beyond FAT32",
            arguments: ["-p", "qemu-virt", "-k", "6.1", "--dry-run", "--boot-image", "/nonexistent/disk.img", "--image-size", "16T"],
            message: "--image-size '16T' must be from 2 MiB to 2097151 MiB"),
        OptionCase(
            name: "image create --size 99999999T",
            arguments: ["image", "create", "-p", "qemu-virt", "-k", "6.1", "-o", "/nonexistent/x.img", "--size", "99999999T"],
            message: "--size '99999999T' is too large"),
        OptionCase(
            name: "image create --size 2^64 exactly",
            arguments: ["image", "create", "-p", "qemu-virt", "-k", "6.1", "-o", "/nonexistent/x.img", "--size", "16777216T"],
            message: "--size '16777216T' is too large"),
        OptionCase(
            name: "image create --size not a size",
            arguments: ["image", "create", "-p", "qemu-virt", "-k", "6.1", "-o", "/nonexistent/x.img", "--size", "1.5G"],
            message: "--size '1.5G' is not a size"),
        OptionCase(
            name: "flash --max-size 99999999T",
            arguments: ["flash", "/nonexistent/boot.img", "--device", "/nonexistent/dev", "--max-size", "99999999T"],
            message: "--max-size '99999999T' is too large"),
        OptionCase(
            name: "boot-test --ram 99999999T",
            arguments: ["boot-test", "--boot-image", "/nonexistent/disk.img", "--ram", "99999999T"],
            message: "--ram '99999999T' is too large"),
        OptionCase(
            name: "boot-test --ram above 4 GiB",
            arguments: ["boot-test", "--boot-image", "/nonexistent/disk.img", "--ram", "8G"],
            message: "--ram '8G' must be from 256 MiB to 4 GiB"),
        OptionCase(
            name: "dtb set-bootargs --initrd-start past 32 bits",
            arguments: [
                "dtb", "set-bootargs", "/nonexistent/x.dtb", "--bootargs", "console=ttyAMA0", "--initrd-start", "0x100000000",
                "--initrd-end", "0x100000004",
            ],
            message: "--initrd-start must be a 32-bit hex address"),
        OptionCase(
            name: "dtb set-bootargs --initrd-end past 2^64",
            arguments: [
                "dtb", "set-bootargs", "/nonexistent/x.dtb", "--bootargs", "console=ttyAMA0", "--initrd-start", "0x46000000",
                "--initrd-end", "0x10000000000000000",
            ],
            message: "--initrd-end must be a 32-bit hex address"),
        OptionCase(
            name: "--set kernel.jobs=2^64-1",
            arguments: ["-p", "odroidxu", "-k", "3.12.3", "--dry-run", "--set", "kernel.jobs=18446744073709551615"],
            message: "--set: error: 'kernel.jobs': 18446744073709551615 is more than 1024"),
        OptionCase(
            name: "--set kernel.jobs=2^64",
            arguments: ["-p", "odroidxu", "-k", "3.12.3", "--dry-run", "--set", "kernel.jobs=18446744073709551616"],
            message: "--set: error: 'kernel.jobs': '18446744073709551616' is too large"),
        OptionCase(
            name: "--set board.dram_size=99999999T",
            arguments: ["-p", "odroidxu", "-k", "3.12.3", "--dry-run", "--set", "board.dram_size=99999999T"],
            message: "--set: error: 'board.dram_size': '99999999T' is too large"),
        OptionCase(
            name: "--set boot.formats empty",
            arguments: ["-p", "odroidxu", "-k", "3.12.3", "--dry-run", "--set", "boot.formats="],
            message: "--set: error: 'boot.formats': must list at least one value"),
        OptionCase(
            name: "--set of a 100,000-character unknown key",
            arguments: ["-p", "odroidxu", "-k", "3.12.3", "--dry-run", "--set", String(repeating: "k", count: 100_000) + "=1"],
            message: "… (100000 characters)"),
    ]

    @Test(arguments: optionCases)
    func optionExits2NamingIt(_ hostile: OptionCase) throws {
        let out = try Binary.run(hostile.arguments)
        #expect(out.exitCode == 2, "\(hostile.name): \(out.status)\n\(out.stderr.prefix(2000))")
        #expect(out.stderr.contains(hostile.message), "\(hostile.name): stderr: \(out.stderr.prefix(2000))")
        #expect(out.stderr.count < 5000, "\(hostile.name): \(out.stderr.count) bytes of stderr")
    }

    struct FileCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// The profile file's bytes; its name is `hostile.toml` in a scratch directory beside fixture-base.
        var bytes: [UInt8]
        var command: [String] = ["--kernel", "1.0", "--dry-run"]
        var line: Int
        var message: String
        var testDescription: String { name }
    }

    static let header = Array("[profile]\nname = \"hostile\"\nextends = \"fixture-base\"\n".utf8)

    static let fileCases: [FileCase] = [
        FileCase(
            name: "CR-only line endings", bytes: Array("[profile]\rname = \"hostile\"\r".utf8), line: 1,
            message: "error: a carriage return (CR) without a line feed"),
        FileCase(
            name: "a Latin-1 profile", bytes: header + Array("[boot]\nroot = \"caf".utf8) + [0xE9] + Array("\"\n".utf8), line: 5,
            message: "error: the file is not UTF-8 text (byte 0xE9"),
        FileCase(
            name: "100,000 nested arrays",
            bytes: header + Array(("[board]\nreserved = " + String(repeating: "[", count: 100_000) + "\n").utf8),
            line: 5, message: "error: arrays and inline tables nested more than 32 deep"),
        FileCase(
            name: "dram base plus size past 2^64",
            bytes: header + Array("[board]\ndram_base = 0x7FFFFFFFFFFFFFFF\ndram_size = 0x7FFFFFFFFFFFFFFF\n".utf8), line: 5,
            message: "error: 'board.dram_base': 0x7fffffffffffffff is not a 32-bit address"),
        FileCase(
            name: "load address below the image header",
            bytes: header + Array("[kernel]\nloadaddr = 0x20\n[boot]\nkernel_addr = 0x0\n".utf8),
            line: 5, message: "error: LOADADDR 0x00000020 is outside DRAM"),
        FileCase(
            name: "kernel.jobs of 2^63-1", bytes: header + Array("[kernel]\njobs = 0x7FFFFFFFFFFFFFFF\n".utf8), line: 5,
            message: "error: 'kernel.jobs': 9223372036854775807 is more than 1024"),
        FileCase(
            name: "empty boot.formats", bytes: header + Array("[boot]\nformats = []\n".utf8), line: 5,
            message: "error: 'boot.formats': must list at least one value"),
        FileCase(
            name: "empty dtbs at its own line", bytes: header + Array("[kernel]\ndtbs = []\n".utf8), line: 5,
            message: "error: 'kernel.dtbs' is empty, but it is required because boot.dtb_source is partition"),
        FileCase(
            name: "dtb check with compatible = []", bytes: header + Array("[board]\ncompatible = []\n".utf8),
            command: ["dtb", "check", "/nonexistent/board.dtb"], line: 5, message: "error: 'board.compatible': must list at least one value"
        ),
    ]

    @Test(arguments: fileCases)
    func profileFileExits2WithItsLine(_ hostile: FileCase) throws {
        let scratch = try ScratchDirectory("hostile-profile")
        try scratch.write("fixture-base.toml", Data(contentsOf: URL(fileURLWithPath: "\(Self.fixtures)/fixture-base.toml")))
        let path = try scratch.write("hostile.toml", Data(hostile.bytes))
        let arguments = hostile.command.first == "dtb" ? hostile.command + ["--profile", path] : ["--profile", path] + hostile.command
        let out = try Binary.run(arguments)
        #expect(out.exitCode == 2, "\(hostile.name): \(out.status)\n\(out.stderr.prefix(2000))")
        #expect(out.stderr.contains("\(path):\(hostile.line): \(hostile.message)"), "\(hostile.name): stderr: \(out.stderr.prefix(2000))")
        #expect(!out.stderr.contains("<default>"))
    }

    /// A manifest on the partition is input too: a record claiming a file of 2^64 - 1 bytes made `list` trap.
    @Test func listRefusesAManifestWithImpossibleSizes() throws {
        let scratch = try ScratchDirectory("hostile-list")
        try scratch.write("boot/odroid-build.json", Data(Self.manifest(version: "3.12.3", release: "3.12.3", size: UInt64.max).utf8))
        let out = try Binary.run(["list", "--boot", scratch.file("boot"), "--allow-non-fat"])
        #expect(out.exitCode == 2, "\(out.status)\n\(out.stderr)")
        #expect(
            out.stderr.contains(
                "odroid-build.json is not a valid odroid-build manifest: kernel '3.12.3' records 'uImage-3.12.3' as 18446744073709551615 bytes; a FAT file holds at most 4294967295"
            ), "\(out.stderr)")
    }

    /// Escape sequences, newlines and bidi overrides in a crafted manifest never reach the terminal raw: such a
    /// manifest is refused (its names are not names odroid-build writes), and the refusal shows them escaped.
    @Test func listPrintsManifestTextSafely() throws {
        let scratch = try ScratchDirectory("hostile-list-escapes")
        let version = "3.12.3\u{1B}[2J\u{1B}]0;owned\u{07}"
        let release = "x\nFAKE  default line\u{202E}"
        try scratch.write("boot/odroid-build.json", Data(Self.manifest(version: version, release: release, size: 16).utf8))
        let out = try Binary.run(["list", "--boot", scratch.file("boot"), "--allow-non-fat"])
        #expect(out.exitCode == 2, "\(out.status)\n\(out.stderr)")
        for text in [out.stdout, out.stderr] {
            #expect(
                !text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "\(text.debugDescription)")
            #expect(!text.split(separator: "\n").contains { $0.hasPrefix("FAKE") })
        }
        #expect(out.stderr.contains("kernels[0].version: '3.12.3\\u{1B}[2J"), "\(out.stderr)")
    }

    static func manifest(version: String, release: String, size: UInt64) -> String {
        func json(_ s: String) -> String {
            String(decoding: try! JSONEncoder().encode(s), as: UTF8.self)
        }
        return """
            {"format": 1, "defaultHistory": [], "kernels": [{"version": \(json(version)), "release": \(json(release)), "profile": "odroidxu",
             "installedAt": "2026-01-01T00:00:00Z",
             "files": [{"path": \(json("uImage-" + version.prefix(6))), "role": "kernel", "size": \(size), "sha256": "\(String(repeating: "0", count: 64))"}]}]}
            """
    }
}
