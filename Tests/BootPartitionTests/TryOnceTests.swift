import BootPartition
import Foundation
import OdroidCore
import TestSupport
import Testing

/// The try-once boot.ini for u-boot 2012.07: rendered from its template, lint-clean for the line-by-line
/// parser, and saying exactly the u-boot commands of docs/try-once.md. Installing with --try, confirming
/// and rolling back on a real image.
@Suite("Try-once: boot a new kernel once, fall back unless confirmed")
struct TryOnceTests {
    let profile: ResolvedProfile

    init() throws {
        profile = try PartitionFixtures.profile("odroidxu")
    }

    @Test("the rendered script: token saved on the first boot, trial kernel, fallback", .tags(.pure))
    func rendered() throws {
        let text = try TryOnceScriptRenderer(profile: profile, templates: PartitionFixtures.templates)
            .render(trial: "3.12.3", fallback: "3.11-rc7", token: "3.12.3-1700000000").text
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "ODROIDXU-UBOOT-CONFIG")
        #expect(
            lines.contains(
                #"if test "${odroid_try}" != "3.12.3-1700000000"; then setenv odroid_try 3.12.3-1700000000; saveenv; setenv odroid_boot trial; fi"#
            ))
        // One command per one-line if: no line can outgrow the 2012.07 parser's 512-byte buffer.
        let trial = lines.filter { $0.hasPrefix(#"if test "${odroid_boot}" = "trial"; then "#) }
        #expect(
            trial == [
                #"if test "${odroid_boot}" = "trial"; then fatload mmc 0:1 0x43000000 uImage-3.12.3; fi"#,
                #"if test "${odroid_boot}" = "trial"; then fatload mmc 0:1 0x46000000 uInitrd-3.12.3; fi"#,
                #"if test "${odroid_boot}" = "trial"; then fatload mmc 0:1 0x49000000 dtbs/3.12.3/exynos5410-odroidxu.dtb; fi"#,
                #"if test "${odroid_boot}" = "trial"; then bootm 0x43000000 0x46000000 0x49000000; fi"#,
            ])
        // The flag line comes before anything is loaded; odroid_boot is reset on every boot before it.
        let reset = try #require(lines.firstIndex(of: "setenv odroid_boot fallback"))
        let flag = try #require(lines.firstIndex { $0.hasPrefix("if ") && $0.contains("saveenv") })
        #expect(reset < flag && flag < lines.firstIndex { $0.hasPrefix("fatload") }!)
        #expect(
            lines.suffix(4) == [
                "fatload mmc 0:1 0x43000000 uImage-3.11-rc7", "fatload mmc 0:1 0x46000000 uInitrd-3.11-rc7",
                "fatload mmc 0:1 0x49000000 dtbs/3.11-rc7/exynos5410-odroidxu.dtb", "bootm 0x43000000 0x46000000 0x49000000",
            ])
        let lint = BootScriptLint(format: .ini, flavour: .hardkernel2012).lint(text, file: "try")
        #expect(lint.isEmpty, "\(lint)")
        #expect(text.split(separator: "\n").allSatisfy { $0.utf8.count < 512 })
        // verify reads both boots.
        let parsed = ParsedBootScript(text: text, format: .ini)
        #expect(parsed.boots.map { $0.kernel?.file } == ["uImage-3.12.3", "uImage-3.11-rc7"])
        #expect(parsed.boots.map { $0.dtb?.file } == ["dtbs/3.12.3/exynos5410-odroidxu.dtb", "dtbs/3.11-rc7/exynos5410-odroidxu.dtb"])
    }

    @Test("profiles whose u-boot cannot run it are refused", .tags(.pure))
    func unsupported() throws {
        #expect(TryOnceScriptRenderer.unsupported(try PartitionFixtures.profile("qemu-virt")) != nil)
        #expect(TryOnceScriptRenderer.unsupported(profile) == nil)
    }

    @Test("install --try, confirm from the trial kernel, rollback", .tags(.realProcess))
    func onImage() throws {
        let fixtures = try PartitionFixtures()
        let partition = try fixtures.open(try fixtures.image("try.img"))
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_700_000_000) }
        let installer = KernelInstaller(partition: partition, scripts: fixtures.maker(profile), clock: clock)
        let manager = KernelManager(partition: partition, scripts: fixtures.maker(profile))
        let old = try fixtures.build("3.11-rc7", profile: profile)
        let new = try fixtures.build("3.12.3", profile: profile)
        try installer.install(spec: old.spec, version: old.version, kernelRelease: old.release)
        // No fallback yet: --try on an empty partition is refused.
        #expect(throws: BootPartitionError.self) {
            try installer.install(spec: old.spec, version: old.version, kernelRelease: old.release, mode: .tryOnce)
        }

        let report = try installer.install(spec: new.spec, version: new.version, kernelRelease: new.release, mode: .tryOnce)
        #expect(report.pendingTry == PendingTry(version: "3.12.3", fallback: "3.11-rc7", token: "3.12.3-1700000000", startedAt: clock()))
        let verified = try BootVerifier(partition: partition, profile: profile, runner: fixtures.runner).verify()
        #expect(verified.isBootable, "\(verified.findings)")
        #expect(verified.bootVersions == ["3.12.3", "3.11-rc7"])
        #expect(try manager.list().defaultVersion == "3.11-rc7")
        #expect(throws: BootPartitionError.self) { try manager.remove("3.11-rc7") }

        // Confirming from the fallback kernel is refused; from the trial kernel it sticks.
        #expect(throws: BootPartitionError.self) { try manager.confirm(runningRelease: old.release) }
        #expect(try manager.confirm(runningRelease: new.release) == "3.12.3")
        var listing = try manager.list()
        #expect(listing.defaultVersion == "3.12.3" && listing.pendingTry == nil)
        #expect(!String(decoding: try partition.read("boot.ini"), as: UTF8.self).contains("odroid_try"))
        #expect(try manager.rollback() == "3.11-rc7")
        listing = try manager.list()
        #expect(listing.defaultVersion == "3.11-rc7")
    }
}

@Suite("Try-once lines fit the buffer", .tags(.pure))
struct TryOnceLineLengthTests {
    @Test("long file names that would not fit one line are split into one-line commands, not refused")
    func longNamesStillFit() throws {
        let profile = try PartitionFixtures.profile("odroidxu").overriding(
            dtbFile: "dtbs/{version}/" + String(repeating: "d", count: 120) + "-{dtb}")
        let text = try TryOnceScriptRenderer(profile: profile, templates: PartitionFixtures.templates)
            .render(trial: "3.12.3-" + String(repeating: "t", count: 40), fallback: "3.11-rc7", token: "3.12.3-1700000000").text
        let lengths = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(\.utf8.count)
        #expect(lengths.max()! < 512, "\(lengths)")
        #expect(
            BootScriptLint(format: .ini, flavour: .hardkernel2012).lint(text, file: "boot.ini").filter { $0.severity == .error }.isEmpty)
    }
}

extension ResolvedProfile {
    func overriding(dtbFile: String) -> ResolvedProfile {
        var copy = self
        copy.boot.dtbFile = dtbFile
        return copy
    }
}
