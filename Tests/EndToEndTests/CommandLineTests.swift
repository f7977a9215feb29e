import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// The built binary, end to end: stdout, stderr and exit status, as a user sees them.
@Suite("odroid-build end to end", .tags(.realProcess))
struct CommandLineTests {
    static let fixtures = "\(Repository.root)/Tests/OdroidCoreTests/Fixtures/profiles"

    @Test func versionAndHelp() throws {
        let version = try Binary.run(["--version"])
        #expect(version.exitCode == 0)
        // A checkout's build is not stamped: it names the source version and says it records no commit.
        let line = version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.split(separator: " ")[0].split(separator: ".").count == 3)
        #expect(line.hasSuffix(" (commit not recorded: not built by scripts/build-release.sh)"))
        let help = try Binary.run(["--help"])
        for command in ["build", "boot-script", "lint", "profiles"] { #expect(help.stdout.contains(command)) }
    }

    @Test func dryRunOfTheSeedMatchesTheGoldenPlan() throws {
        let out = try Binary.run([
            "--profile", "odroidxu", "--kernel", "3.12.3", "--dry-run", "--work-dir", "/work/odroid", "--set", "kernel.jobs=4",
        ])
        #expect(out.exitCode == 0, "\(out.stderr)")
        let golden = try String(contentsOfFile: "\(Repository.root)/Tests/OdroidCoreTests/Golden/dry-run-odroidxu.txt", encoding: .utf8)
        if HostArch.isX86 { #expect(out.stdout == golden) }
        #expect(out.stderr.contains("odroid-build: profile odroidxu: exynos5410, uImage at LOADADDR 0x40008000"))
    }

    @Test func jsonPlanIsMachineReadable() throws {
        let out = try Binary.run(["build", "-p", "qemu-virt", "-k", "6.1", "--dry-run", "--json", "--work-dir", "/w"])
        #expect(out.exitCode == 0)
        let object = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        let steps = object?["steps"] as? [[String: Any]]
        #expect(steps?.compactMap { $0["id"] as? String }.first == "source")
        #expect(steps?.compactMap { $0["id"] as? String }.last == "install")
    }

    @Test func brokenProfileFileReportsEveryProblemWithExitStatus2() throws {
        let out = try Binary.run(["--profile", "\(Self.fixtures)/many-problems.toml", "--kernel", "1.0", "--dry-run"])
        #expect(out.exitCode == 2)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr.contains("odroid-build: loading profile '\(Self.fixtures)/many-problems.toml' failed with 3 errors:"))
        #expect(out.stderr.contains("many-problems.toml:8: error: unknown key 'board.dram'"))
        #expect(out.stderr.contains("many-problems.toml:10: error: 'kernel.image': 'bzImage' is not one of"))
        #expect(out.stderr.contains("many-problems.toml:12: error: 'boot.formats': 'grub' is not one of"))
    }

    @Test(arguments: [
        (["--set", "boot.root=UUID=\"x\""], "--set boot.root: error: 'UUID=\"x\"' contains '\"'"),
        (["--set", "boot.bootargs=it's"], "treats as a quote even inside double quotes"),
        (["--set", "boot.kernel_addr=0x20000000"], "is outside DRAM"),
        (["--set", "kernel.loadadr=0x1"], "did you mean 'kernel.loadaddr'?"),
    ])
    func unsafeOrWrongOverridesExit2(extra: [String], fragment: String) throws {
        let out = try Binary.run(["-p", "odroidxu", "-k", "3.12.3", "--dry-run"] + extra)
        #expect(out.exitCode == 2)
        #expect(out.stderr.contains(fragment), "stderr: \(out.stderr)")
    }

    @Test(arguments: ["3.12;reset", "../3.12", "3.12 3", "$(id)"])
    func unsafeKernelVersionsAreRejected(version: String) throws {
        let out = try Binary.run(["-p", "odroidxu", "-k", version, "--dry-run"])
        #expect(out.exitCode == 2, "\(out)")
        #expect(out.stderr.contains("--kernel"))
    }

    @Test func profilesListAndShow() throws {
        let list = try Binary.run(["profiles", "list"])
        #expect(list.exitCode == 0)
        for name in ["exynos5", "odroidxu", "odroidxu3", "odroidxu4", "qemu-virt"] { #expect(list.stdout.contains("\(name) ")) }
        let show = try Binary.run(["profiles", "show", "odroidxu", "--set", "boot.root=UUID=1234"])
        #expect(show.exitCode == 0)
        #expect(show.stdout.contains("kernel.loadaddr = 0x40008000"))
        #expect(show.stdout.contains("profiles/exynos5.toml:14"))
        #expect(show.stdout.range(of: #"boot.root = "UUID=1234"\s+# --set boot.root"#, options: .regularExpression) != nil)
    }

    @Test func bootScriptScrIsARealScriptImage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-e2e-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try Binary.run(["boot-script", "-p", "qemu-virt", "-k", "6.1", "--format", "scr", "-o", "\(dir)/boot.scr"])
        #expect(out.exitCode == 0, "\(out.stderr)")
        let listing = try SpawnRunner().run(Command(["mkimage", "-l", "\(dir)/boot.scr"]))
        #expect(listing.succeeded)
        #expect(listing.stdoutText.contains("ARM Linux Script"))
        #expect(listing.stdoutText.contains("odroid-build 6.1"))
        // The script text sits after the 64-byte header and the size table (8 bytes).
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/boot.scr"))
        let text = String(decoding: data.dropFirst(72), as: UTF8.self)
        #expect(text.contains("bootm 0x43000000 0x46000000 ${fdtcontroladdr}"))
    }

    @Test func lintAcceptsTheRenderedIniAndRejectsABrokenOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-lint-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try Binary.run(["boot-script", "-p", "odroidxu", "-k", "3.12.3", "-o", "\(dir)/boot.ini"])
        #expect(good.exitCode == 0)
        let clean = try Binary.run(["lint", "\(dir)/boot.ini", "-p", "odroidxu"])
        #expect(clean.exitCode == 0, "\(clean.stderr)")
        try "ODROIDXU-UBOOT-CONFIG \r\nif true; then\n  # x\nfi\n".write(toFile: "\(dir)/bad.ini", atomically: true, encoding: .utf8)
        let bad = try Binary.run(["lint", "\(dir)/bad.ini", "-p", "odroidxu"])
        #expect(bad.exitCode == 1)
        #expect(bad.stderr.contains("bad.ini:1: warning: has CR"), "2012.07 drops CR: a warning, as it breaks 2017.05")
        #expect(bad.stderr.contains("bad.ini:1: error: first command line must be exactly ODROIDXU-UBOOT-CONFIG"), "the trailing blank")
        #expect(bad.stderr.contains("bad.ini:2: error: multi-line block"))
        #expect(bad.stderr.contains("bad.ini:4: error: multi-line block"), "the lone fi")
    }

    @Test func buildBootTestIsCheckedAndPlannedInTheDryRun() throws {
        let noImage = try Binary.run(["--profile", "qemu-virt", "--kernel", "6.1", "--boot-test", "--dry-run"])
        #expect(noImage.exitCode == 2)
        #expect(noImage.stderr.contains("--boot-test needs --boot-image"), "\(noImage.stderr)")
        let image = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-plan-\(UUID()).img").path
        let noQemu = try Binary.run(["--profile", "odroidxu", "--kernel", "3.12.3", "--boot-image", image, "--boot-test", "--dry-run"])
        #expect(noQemu.exitCode == 2)
        #expect(noQemu.stderr.contains("profile odroidxu has no [qemu] table"), "\(noQemu.stderr)")
        let plan = try Binary.run(["--profile", "qemu-virt", "--kernel", "6.1", "--boot-image", image, "--boot-test", "--dry-run"])
        #expect(plan.exitCode == 0, "\(plan.stderr)")
        #expect(
            plan.stdout.contains(
                "# \(image) does not exist: it is created as a 65 MiB whole-disk image (MBR, FAT partition 1 at byte 1048576)"),
            "\(plan.stdout)")
        #expect(plan.stdout.contains("initramfs: make the initramfs with busybox"))
        #expect(plan.stdout.contains("odroid-build boot-test --profile qemu-virt --kernel 6.1 --boot-image \(image) --fast"))
        #expect(!FileManager.default.fileExists(atPath: image), "a dry run creates nothing")
    }

    @Test func bootTestNeedsAProfileWithAQemuBoard() throws {
        let image = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-bt-\(UUID()).img").path
        _ = FileManager.default.createFile(atPath: image, contents: Data(count: 512))
        defer { try? FileManager.default.removeItem(atPath: image) }
        let out = try Binary.run(["boot-test", "--profile", "odroidxu", "--boot-image", image])
        #expect(out.exitCode == 2)
        #expect(out.stderr.contains("profile odroidxu has no [qemu] table"))
        let noProfile = try Binary.run(["boot-test", "--kernel", "6.1", "--boot-image", image])
        #expect(noProfile.exitCode == 2)
        #expect(noProfile.stderr.contains("--kernel needs --profile"))
    }

    @Test func emittedScriptIsValidShell() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-emit-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try Binary.run(["-p", "odroidxu", "-k", "3.12.3", "--emit-script", "\(dir)/build.sh", "--work-dir", dir])
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: "\(dir)/build.sh"))
        let syntax = try SpawnRunner().run(Command(["sh", "-n", "\(dir)/build.sh"]))
        #expect(syntax.succeeded, "\(syntax.stderrText)")
        let text = try String(contentsOfFile: "\(dir)/build.sh", encoding: .utf8)
        #expect(text.contains("ODROIDXU-UBOOT-CONFIG\n"))
    }
}

enum HostArch {
    static var isX86: Bool {
        var info = utsname()
        uname(&info)
        let machine = withUnsafeBytes(of: &info.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return machine == "x86_64"
    }
}
