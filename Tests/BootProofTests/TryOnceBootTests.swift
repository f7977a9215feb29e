import BootPartition
import BootProof
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing
import UBootImage

/// The try-once fallback of docs/try-once.md proven on a real u-boot (Debian's qemu_arm 2023.01 under QEMU):
/// two kernels installed by the real `KernelInstaller` on a real MBR+FAT disk image, A as the default and B
/// with `.tryOnce`; the boot.ini it writes, checked by the lint and wrapped as boot.scr (mainline u-boot has
/// no cfgload); one environment flash kept between boots as a board keeps its environment on the eMMC.
/// A and B are the same Debian armmp zImage with different marker initramfs images, so the console says
/// which one booted.
@Suite(
    "Try-once under QEMU: the trial kernel boots once, then the fallback until confirmed", .serialized, .tags(.boot),
    .enabled(if: SlowTests.enabled))
struct TryOnceBootTests {
    /// Both initramfs images print this followed by their letter; it is the boot proof's marker, so a boot
    /// of either kernel counts as a boot and the test then reads which one it was.
    static let markerPrefix = "ODROID-TRY-ONCE-BOOTED-"

    /// One installable "kernel": the shared uImage and its own marker uInitrd, named by the test profile.
    struct Kernel {
        var version: String
        /// Stands in for `make -s kernelrelease`; both are really the same armmp build, so the releases are labels.
        var release: String
        var marker: String
        var spec: InstallSpec
    }

    /// What a test works on: the profile, a fresh disk image and its partition, the two kernels.
    struct Setup {
        var profile: ResolvedProfile
        var directory: String
        var image: String
        var partition: MtoolsImagePartition
        var scripts: BootScriptMaker
        var old: Kernel
        var new: Kernel
    }

    /// The test profile; an error here is the validator or renderer refusing it: a finding, not a test bug.
    static func profile() throws -> ResolvedProfile {
        let catalog = ProfileCatalog(directories: [
            Repository.root + "/Tests/BootProofTests/Fixtures/profiles", Repository.root + "/profiles",
        ])
        return try ProfileResolver(catalog: catalog).resolve("qemu-virt-hardkernel")
    }

    nonisolated(unsafe) private static var builtInitrds: [String: String] = [:]
    private static let lock = NSLock()

    /// The marker uInitrd for `letter`, built once per test run.
    static func uInitrd(_ letter: String, busybox: String) throws -> String {
        try lock.withLock {
            if let path = builtInitrds[letter] { return path }
            let dir = ProofWorkspace.root + "/try-once-initrds"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let path = dir + "/uInitrd-\(letter)"
            try InitramfsBuilder(runner: ProofWorkspace.runner).build(
                MarkerInitramfs(busybox: busybox, marker: markerPrefix + letter), output: dir + "/initrd-\(letter).gz", uImagePath: path,
                workDirectory: dir)
            builtInitrds[letter] = path
            return path
        }
    }

    static func setUp(_ name: String) throws -> Setup {
        let common = try ProofWorkspace.common()
        let dir = try ProofWorkspace.directory(name)
        let profile = try Self.profile()
        func kernel(_ version: String, letter: String) throws -> Kernel {
            let names = profile.bootFiles(version: version)
            let initrd = try #require(names.initrd, "the test profile installs a uInitrd")
            #expect(names.dtbs.isEmpty, "qemu-virt takes the device tree from the firmware")
            let spec = InstallSpec(
                files: [
                    .init(source: common.uImage, destination: names.kernel),
                    .init(source: try uInitrd(letter, busybox: common.payload.busybox), destination: initrd),
                ],
                bootScript: .init(source: dir + "/boot.ini", destination: "boot.ini"))
            return Kernel(
                version: version, release: "\(common.payload.kernelRelease)-\(letter.lowercased())", marker: markerPrefix + letter,
                spec: spec)
        }
        let image = try FatImageCreator(runner: ProofWorkspace.runner).create(
            path: dir + "/disk.img", sizeMiB: 32, layout: .mbr(startSector: 2048))
        let partition = try MtoolsImagePartition(imagePath: image.path, partition: 1, runner: ProofWorkspace.runner, scratchDirectory: dir)
        let scripts = BootScriptMaker(
            profile: profile, templates: TemplateStore(directory: Repository.root + "/templates"), runner: ProofWorkspace.runner,
            scratchDirectory: dir)
        return Setup(
            profile: profile, directory: dir, image: image.path, partition: partition, scripts: scripts,
            old: try kernel("6.1-old", letter: "A"), new: try kernel("6.1-new", letter: "B"))
    }

    /// Installs A as the default, then B with `--try` at `seconds` (the token's time); returns the try's token.
    static func installOldThenTryNew(_ setup: Setup, seconds: Int) throws -> String {
        try KernelInstaller(partition: setup.partition, scripts: setup.scripts).install(
            spec: setup.old.spec, version: setup.old.version, kernelRelease: setup.old.release)
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: TimeInterval(seconds)) }
        let report = try KernelInstaller(partition: setup.partition, scripts: setup.scripts, clock: clock).install(
            spec: setup.new.spec, version: setup.new.version, kernelRelease: setup.new.release, mode: .tryOnce)
        let pending = try #require(report.pendingTry)
        #expect(pending.fallback == setup.old.version)
        return pending.token
    }

    /// What mainline u-boot runs in place of cfgload: the installed boot.ini, lint-clean for the 2012.07
    /// parser, wrapped with `mkimage -T script` as boot.scr beside it. Returns the boot.ini text.
    @discardableResult
    static func wrapBootIni(_ setup: Setup) throws -> String {
        let text = String(decoding: try setup.partition.read("boot.ini"), as: UTF8.self)
        let lint = BootScriptLint(format: .ini, flavour: .hardkernel2012).lint(text, file: "boot.ini")
        #expect(lint.isEmpty, "\(lint)")
        let scr = setup.directory + "/boot.scr"
        try ScriptImage.wrap(text, name: "boot.ini body", arch: "arm", runner: ProofWorkspace.runner).write(to: URL(fileURLWithPath: scr))
        try setup.partition.copy(localFile: scr, to: "boot.scr")
        return text
    }

    /// One boot with the environment flash in `setup.directory/env` (built on the first boot, kept after).
    static func boot(_ setup: Setup, _ name: String, environment: [String] = []) throws -> Seen {
        let configuration = BootTestConfiguration(
            diskImage: setup.image, marker: markerPrefix, timeoutSeconds: 60, fast: true, environmentOverrides: environment,
            logPath: setup.directory + "/\(name).console.log", workDirectory: setup.directory + "/env", persistentEnvironment: true)
        let report = try BootProver(runner: ProofWorkspace.runner).prove(configuration)
        print("[\(URL(fileURLWithPath: setup.directory).lastPathComponent) \(name)] \(report.summary)")
        return seen(report)
    }

    static func savedVariables(_ setup: Setup) throws -> UBootEnvironment? {
        try SavedEnvironment.check(flash: setup.directory + "/env/u-boot-env.img", restorePadding: false).environment
    }

    /// What one boot showed, as plain values: expectations on them print these, not the whole console.
    struct Seen {
        var succeeded: Bool
        /// The marker line of the kernel that booted (`ODROID-TRY-ONCE-BOOTED-A` or `-B`).
        var kernel: String?
        /// u-boot ran saveenv ("Saving Environment to Flash...").
        var saved: Bool
        /// u-boot read a valid environment from the flash ("Loading Environment from Flash... OK").
        var loadedSaved: Bool
        var flash: SavedEnvironment.State?
        var summary: String
    }

    static func seen(_ report: BootReport) -> Seen {
        let lines = report.outcome.lines.map(\.text)
        return Seen(
            succeeded: report.succeeded,
            kernel: lines.first { $0.contains(markerPrefix) }?.trimmingCharacters(in: .whitespacesAndNewlines),
            saved: lines.contains { $0.contains("Saving Environment to Flash") },
            loadedSaved: lines.contains { $0.contains("Loading Environment from Flash... OK") },
            flash: report.savedEnvironment, summary: report.summary)
    }

    /// Issue 4/6: boot the new kernel once, do not confirm, reboot: the previous kernel boots.
    @Test func unconfirmedTrialFallsBackOnTheNextBoot() throws {
        let setup = try Self.setUp("try-once-fallback")
        let token = try Self.installOldThenTryNew(setup, seconds: 1_700_000_000)
        let script = try Self.wrapBootIni(setup)
        #expect(script.contains("saveenv"))

        let first = try Self.boot(setup, "boot-1")
        #expect(first.succeeded, "\(first.summary)")
        #expect(first.kernel == setup.new.marker, "the first boot after --try must start the trial kernel")
        #expect(first.saved, "the first boot saves the try's token (saveenv)")
        #expect(first.flash != .invalid, "\(first.summary)")
        let saved = try #require(try Self.savedVariables(setup), "the flash holds a valid environment after the first boot")
        #expect(saved["odroid_try"] == token)
        // odroid_boot=trial is set after saveenv, so it is never stored.
        #expect(saved["odroid_boot"] == "fallback")

        let second = try Self.boot(setup, "boot-2")
        #expect(second.succeeded, "\(second.summary)")
        #expect(second.loadedSaved, "u-boot must read the environment the first boot saved")
        #expect(second.kernel == setup.old.marker, "without confirm the second boot must start the fallback")
        #expect(!second.saved, "saveenv runs once per try, not on every boot")
        #expect(second.flash == .valid)
    }

    /// `install --try` then `confirm` from the booted trial kernel: the new kernel boots from then on.
    /// The environment starts with an earlier try's token in it, as on a board that tried a kernel before:
    /// a new try must work without cleaning the environment.
    @Test func confirmedTrialKeepsBooting() throws {
        let setup = try Self.setUp("try-once-confirm")
        let token = try Self.installOldThenTryNew(setup, seconds: 1_700_000_600)
        try Self.wrapBootIni(setup)

        let trial = try Self.boot(setup, "boot-1", environment: ["odroid_try=6.1-new-1600000000"])
        #expect(trial.succeeded, "\(trial.summary)")
        #expect(trial.kernel == setup.new.marker, "a new try's token differs from the stored one: the trial kernel boots")
        #expect(trial.saved)
        #expect(try Self.savedVariables(setup)?["odroid_try"] == token)

        // What `odroid-build confirm` does on the booted system: uname -r is the trial kernel's release.
        let manager = KernelManager(partition: setup.partition, scripts: setup.scripts)
        #expect(try manager.confirm(runningRelease: setup.new.release) == setup.new.version)
        let script = try Self.wrapBootIni(setup)
        #expect(!script.contains("odroid_try") && !script.contains("saveenv"))
        #expect(try manager.list().defaultVersion == setup.new.version)

        for name in ["boot-2", "boot-3"] {
            let boot = try Self.boot(setup, name)
            #expect(boot.succeeded, "\(boot.summary)")
            #expect(boot.loadedSaved)
            #expect(boot.kernel == setup.new.marker, "a confirmed kernel boots every time (\(name))")
            #expect(!boot.saved, "\(name)")
        }
    }
}

/// The pieces of a persistent environment that need no QEMU: the writable flash on the command line, and
/// reading back (and repairing) what `saveenv` left in the flash.
@Suite("Persistent u-boot environment", .tags(.pure))
struct PersistentEnvironmentTests {
    /// An environment area as u-boot's saveenv writes it: CRC32 (little-endian), variables, zero padding.
    static func area(_ variables: [String]) -> Data {
        var data = Data(variables.joined(separator: "\0").utf8) + Data([0, 0])
        data += Data(count: EnvironmentFlashBuilder.environmentBytes - 4 - data.count)
        var crc = Data(count: 4)
        let value = CRC32.checksum(data)
        for index in 0..<4 { crc[index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
        return crc + data
    }

    /// What Debian 12's QEMU leaves of it: only the first 4 KiB of each 128 KiB sector u-boot sees; the
    /// rest stays erased.
    static func keptByBuggyQemu(_ area: Data) -> Data {
        var result = area
        for sector in stride(from: 0, to: area.count, by: 0x20000) {
            result.replaceSubrange((sector + 0x1000)..<(sector + 0x20000), with: Data(repeating: 0xFF, count: 0x1F000))
        }
        return result
    }

    @Test func wholeEnvironmentIsValidAndReadable() {
        let result = SavedEnvironment.examine(Self.area(["bootdelay=0", "odroid_try=6.1-new-1700000000", "odroid_boot=fallback"]))
        #expect(result.state == .valid)
        #expect(result.environment?["odroid_try"] == "6.1-new-1700000000")
        #expect(result.environment?.variables.count == 3)
        #expect(result.repaired == nil)
    }

    @Test func droppedPaddingIsRestoredOnlyWhenUBootsCRCConfirmsIt() {
        let original = Self.area(["bootdelay=0", "odroid_try=6.1-new-1700000000"])
        let result = SavedEnvironment.examine(Self.keptByBuggyQemu(original))
        #expect(result.state == .paddingRestored)
        #expect(result.repaired == original)
        #expect(result.environment?["odroid_try"] == "6.1-new-1700000000")

        // Variables reaching past the first 4 KiB are lost for good: no repair, the next boot uses defaults.
        let long = Self.area(["big=" + String(repeating: "x", count: 5000), "odroid_try=t"])
        #expect(SavedEnvironment.examine(Self.keptByBuggyQemu(long)).state == .invalid)
        // One changed byte inside the variables is not padding either.
        var flipped = Self.keptByBuggyQemu(original)
        flipped[8] ^= 0x01
        #expect(SavedEnvironment.examine(flipped).state == .invalid)
        // An erased flash (saveenv erased, then wrote nothing).
        #expect(SavedEnvironment.examine(Data(repeating: 0xFF, count: EnvironmentFlashBuilder.environmentBytes)).state == .invalid)
    }

    @Test func checkWritesTheRestoredPaddingBack() throws {
        let dir = try ProofWorkspace.directory("saved-environment")
        let path = dir + "/env.img"
        let original = Self.area(["odroid_try=t"])
        try Self.keptByBuggyQemu(original).write(to: URL(fileURLWithPath: path))
        #expect(try SavedEnvironment.check(flash: path, restorePadding: false).state == .paddingRestored)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Self.keptByBuggyQemu(original), "restorePadding: false changes nothing")
        #expect(try SavedEnvironment.check(flash: path, restorePadding: true).state == .paddingRestored)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        #expect(try SavedEnvironment.check(flash: path, restorePadding: true).state == .valid)
    }

    @Test func persistentEnvironmentAttachesTheFlashWritable() throws {
        let configuration = BootTestConfiguration(
            diskImage: "/w/boot.img", marker: "M", logPath: "/w/c.log", workDirectory: "/w", persistentEnvironment: true)
        let invocation = try BootProver().invocation(for: configuration)
        #expect(invocation.environmentFlash == "/w/u-boot-env.img")
        #expect(invocation.command.argv.suffix(2) == ["-drive", "if=pflash,unit=1,format=raw,file=/w/u-boot-env.img"])
        // Without it the flash stays read-only (shared by parallel proofs).
        var fast = configuration
        fast.persistentEnvironment = false
        fast.fast = true
        #expect(
            try BootProver().invocation(for: fast).command.argv.last == "if=pflash,unit=1,format=raw,readonly=on,file=/w/u-boot-env.img")
    }
}

/// The flash a persistent environment starts from, with the real u-boot.bin and mkenvimage.
@Suite("Persistent environment flash", .tags(.realProcess))
struct PersistentEnvironmentFlashTests {
    /// Debian's QEMU keeps only the first 4 KiB that saveenv writes (SavedEnvironment). The environment a
    /// persistent flash starts with must leave room in them for what u-boot and the try-once script add at run
    /// time (console devices, distro boot's device and file variables, odroid_try, odroid_boot: under 1 KiB).
    @Test func environmentWithoutUnusedTargetsLeavesRoomInFourKiB() throws {
        let dir = try ProofWorkspace.directory("persistent-env-flash")
        let output = dir + "/env.img"
        let env = try EnvironmentFlashBuilder(runner: SpawnRunner()).build(
            uBoot: QemuInvocation.debianUBoot, overrides: EnvironmentFlashBuilder.fastBoot,
            removing: EnvironmentFlashBuilder.unusedByVirtioBoot,
            output: output)
        #expect(env["bootcmd_dhcp"] == nil && env["usb_boot"] == nil)
        #expect(env["bootcmd_virtio0"] != nil && env["scan_dev_for_scripts"] != nil && env["distro_bootcmd"] != nil)
        let bytes = env.variables.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 }
        #expect(bytes + 1024 < 0x1000 - 4, "\(bytes) bytes of variables")
        #expect(try SavedEnvironment.check(flash: output, restorePadding: false).state == .valid)
    }
}
