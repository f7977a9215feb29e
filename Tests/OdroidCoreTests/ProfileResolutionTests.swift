import Foundation
import OdroidCore
import Testing
import TestSupport

@Suite("Resolving the shipped profiles", .tags(.pure))
struct ProfileResolutionTests {
    @Test(arguments: Shipped.boards)
    func shippedProfileResolvesWithoutErrors(name: String) throws {
        let profile = try Shipped.resolve(name)
        #expect(profile.name == name)
    }

    @Test func odroidxuIsTheSeedProcedure() throws {
        let p = try Shipped.resolve("odroidxu")
        #expect(p.kernel.defconfig == "odroidxu_defconfig")
        #expect(p.kernel.image == .uImage && p.kernel.loadAddress == 0x4000_8000)
        #expect(p.boot.kernelAddress == 0x4300_0000 && p.boot.initrdAddress == 0x4600_0000)
        #expect(p.boot.dtb == .partition(address: 0x4900_0000))
        #expect(p.boot.command == .bootm && p.boot.flavour == .hardkernel2012)
        #expect(p.boot.mount == "/boot/uboot")
        #expect(
            p.bootargs == "console=tty1 console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro loglevel=9 earlyprintk",
            "the HDMI console first, the serial one last (/dev/console)")
        #expect(
            p.bootFiles(version: "3.12.3")
                == BootFiles(
                    kernel: "uImage-3.12.3", initrd: "uInitrd-3.12.3", rawInitrd: "initrd-3.12.3",
                    dtbs: ["dtbs/3.12.3/exynos5410-odroidxu.dtb"]))
    }

    @Test func inheritedValuesRememberTheirFile() throws {
        let p = try Shipped.resolve("odroidxu")
        #expect(p.settings[.boardDramBase]?.origin.file.hasSuffix("profiles/exynos5.toml") == true)
        #expect(p.settings[.boardSoc]?.origin.file.hasSuffix("profiles/odroidxu.toml") == true)
        #expect(p.settings[.initramfsUimage]?.origin == Origin.defaultValue || p.settings[.initramfsUimage]?.origin.line != nil)
        #expect(p.layers.map { ($0 as NSString).lastPathComponent } == ["exynos5.toml", "odroidxu.toml"])
    }

    @Test func precedenceIsCommandLineThenLocalFileThenProfileThenBase() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-local-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let local = "\(dir)/local.toml"
        try "[boot]\nroot = \"UUID=1234-ABCD\"\nconsole = \"ttySAC2,9600\"\n".write(toFile: local, atomically: true, encoding: .utf8)

        let fromLocal = try Shipped.resolve("odroidxu", local: local)
        #expect(fromLocal.boot.root == "UUID=1234-ABCD")
        #expect(fromLocal.settings[.bootRoot]?.origin == Origin(file: local, line: 2))

        let fromCommandLine = try Shipped.resolve("odroidxu", overrides: ["boot.console=ttySAC0,115200n8"], local: local)
        #expect(fromCommandLine.boot.console == "ttySAC0,115200n8")
        #expect(fromCommandLine.boot.root == "UUID=1234-ABCD")
        #expect(fromCommandLine.layers.suffix(2) == [local, "--set"])
    }

    @Test func setParsesTypedValues() throws {
        let p = try Shipped.resolve(
            "odroidxu", overrides: ["boot.bootargs=quiet,rootwait", "kernel.jobs=8", "kernel.ccache=true", "boot.kernel_addr=0x44000000"])
        #expect(p.boot.extraBootargs == ["quiet", "rootwait"])
        #expect(p.kernel.jobs == 8 && p.kernel.ccache)
        #expect(p.boot.kernelAddress == 0x4400_0000)
    }

    @Test func setTakesATOMLArrayWhoseItemsHoldCommas() throws {
        let p = try Shipped.resolve("odroidxu", overrides: [#"board.compatible=["hardkernel,odroid-xu", "samsung,exynos5410"]"#])
        #expect(p.board.compatible == ["hardkernel,odroid-xu", "samsung,exynos5410"])
        #expect(throws: Diagnostics.self) { try Shipped.resolve("odroidxu", overrides: [#"board.compatible=["unterminated]"#]) }
        #expect(throws: Diagnostics.self) { try Shipped.resolve("odroidxu", overrides: ["kernel.dtbs=[1, 2]"]) }
    }

    @Test(arguments: [
        ("kernel.loadadr=0x40008000", "unknown key 'kernel.loadadr' (did you mean 'kernel.loadaddr'?)"),
        ("boot.root", "'boot.root' is not key.path=value"),
        ("kernel.jobs=many", "'kernel.jobs': 'many' is not a non-negative integer"),
        ("boot.root=UUID=\"x\"", "contains '\"', which would end the quoted string"),
        ("boot.kernel_file=a/b", "must be a plain file name, without '/'"),
        ("profile.name=other", "unknown key 'profile.name'"),
    ])
    func badSetValuesAreReported(set: String, fragment: String) {
        do {
            _ = try Shipped.resolve("odroidxu", overrides: [set])
            Issue.record("--set \(set) was accepted")
        } catch {
            #expect(error.items.contains { $0.description.contains(fragment) }, "got: \(error.description)")
        }
    }

    @Test func unknownProfileListsTheKnownOnes() {
        do {
            _ = try Shipped.resolve("odroid-n2")
            Issue.record("unknown profile accepted")
        } catch {
            #expect(
                error.description.contains(
                    "no profile named 'odroid-n2' (known: exynos5, odroidxu, odroidxu3, odroidxu4, qemu-virt, qemu-virt-debian)"))
        }
    }

    @Test func abstractBaseCannotBeBuilt() {
        #expect(throws: Diagnostics.self) { try Shipped.resolve("exynos5") }
    }
}
