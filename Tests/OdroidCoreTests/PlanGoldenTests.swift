import Foundation
import OdroidCore
import Testing
import TestSupport

/// The dry-run of every shipped profile and every script format it renders, compared with committed
/// golden files (Golden/). ODROID_RECORD_GOLDEN=1 re-records after an intended change.
@Suite("Plans and rendered scripts match their golden files", .tags(.pure))
struct PlanGoldenTests {
    static let golden = "\(Repository.root)/Tests/OdroidCoreTests/Golden"
    static let versions = ["odroidxu": "3.12.3", "odroidxu3": "6.1", "odroidxu4": "6.1", "qemu-virt": "6.1", "qemu-virt-debian": "6.1"]

    static func plan(_ name: String, target: PlanOptions.BootTarget? = nil) throws -> Plan {
        let profile = try Shipped.resolve(name)
        return PlanBuilder(profile: profile, options: Shipped.options(version: versions[name]!, target: target)).build()
    }

    /// Paths inside the checkout are shown as <repo> so golden files do not depend on where it lives.
    static func portable(_ text: String) -> String {
        text.replacingOccurrences(of: Repository.root, with: "<repo>")
    }

    @Test(arguments: Shipped.boards)
    func dryRun(name: String) throws {
        let text = Self.portable(PlanPrinter(plan: try Self.plan(name)).dryRun())
        if let problem = GoldenFile.mismatch(text, path: "\(Self.golden)/dry-run-\(name).txt") { Issue.record(Comment(rawValue: problem)) }
    }

    @Test func dryRunToAnImageTarget() throws {
        let text = Self.portable(
            PlanPrinter(plan: try Self.plan("qemu-virt", target: .image(path: "/tmp/boot.img", offset: 1_048_576))).dryRun())
        if let problem = GoldenFile.mismatch(text, path: "\(Self.golden)/dry-run-qemu-virt-image.txt") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test(arguments: Shipped.boards)
    func renderedScripts(name: String) throws {
        let profile = try Shipped.resolve(name)
        let renderer = BootScriptRenderer(profile: profile, templates: Shipped.templates)
        for format in ResolvedProfile.ScriptFormat.allCases where format != .scr {
            guard renderer.renderableFormats.contains(format) else {
                // A format the profile does not list is refused, naming the listed ones.
                #expect(throws: Diagnostics.self) { try renderer.render(format, version: Self.versions[name]!) }
                continue
            }
            let text = try renderer.render(format, version: Self.versions[name]!).text
            let file = "\(Self.golden)/\(name)-\(BootScriptNames.renderedFile(format))"
            if let problem = GoldenFile.mismatch(text, path: file) { Issue.record(Comment(rawValue: problem)) }
        }
    }

    @Test func theSeedsManualCommandsAreWhatThePromptFormatPrints() throws {
        let profile = try Shipped.resolve("odroidxu", overrides: ["boot.root=UUID=0a1b2c3d-4e5f", "boot.device=0"])
        let text = try BootScriptRenderer(profile: profile, templates: Shipped.templates).render(.prompt, version: "3.12.3").text
        #expect(
            text.contains("setenv bootargs \"console=tty1 console=ttySAC2,115200n8 root=UUID=0a1b2c3d-4e5f ro loglevel=9 earlyprintk\"\n"))
        #expect(
            text.contains(
                "fatload mmc 0 0x43000000 uImage-3.12.3\nfatload mmc 0 0x46000000 uInitrd-3.12.3\nfatload mmc 0 0x49000000 dtbs/3.12.3/exynos5410-odroidxu.dtb\nbootm 0x43000000 0x46000000 0x49000000\n"
            ))
    }

    @Test func planStepsForTheSeedAreInOrder() throws {
        let plan = try Self.plan("odroidxu")
        #expect(
            plan.steps.map(\.id) == [
                "defconfig", "build", "kernelrelease", "modules-install", "initramfs", "uinitrd", "boot-scripts", "install",
            ])
        guard case .run(let build) = plan.step("build")?.action else { Issue.record("no build command"); return }
        #expect(
            build.argv == [
                "make", "-C", "/usr/src/linux-3.12.3", "O=/work/odroid/build", "-j4", "LOADADDR=0x40008000", "uImage", "dtbs", "modules",
            ])
        #expect(build.environment == ["ARCH": "arm", "CROSS_COMPILE": "arm-linux-gnueabihf-"])
        guard case .install(let spec) = plan.step("install")?.action else { Issue.record("no install"); return }
        #expect(spec.files.map(\.destination) == ["uImage-3.12.3", "uInitrd-3.12.3", "dtbs/3.12.3/exynos5410-odroidxu.dtb"])
        #expect(spec.bootScript.destination == "boot.ini")
    }

    @Test func nativeBuildsPassNoArchOrCrossCompile() throws {
        let profile = try Shipped.resolve("odroidxu")
        var options = Shipped.options(version: "3.12.3")
        options.hostArch = "armv7l"
        let plan = PlanBuilder(profile: profile, options: options).build()
        guard case .run(let build) = plan.step("build")?.action else { Issue.record("no build command"); return }
        #expect(build.environment.isEmpty)
        #expect(plan.crossCompile == nil)
    }

    @Test func sourceOverrideWinsAndDropsTheSourceStep() throws {
        let profile = try Shipped.resolve("qemu-virt")
        var options = Shipped.options(version: "6.1")
        options.sourceOverride = "/home/me/linux"
        let plan = PlanBuilder(profile: profile, options: options).build()
        #expect(plan.step("source") == nil)
        #expect(plan.directories.source == "/home/me/linux")
    }

    @Test func ccacheIsDroppedWithANoteWhenMissing() throws {
        let profile = try Shipped.resolve("qemu-virt")
        var options = Shipped.options(version: "6.1")
        options.ccacheInstalled = false
        let plan = PlanBuilder(profile: profile, options: options).build()
        #expect(plan.notes.contains { $0.contains("ccache requested but not installed") })
        guard case .run(let build) = plan.step("build")?.action else { Issue.record("no build command"); return }
        #expect(!build.argv.contains { $0.hasPrefix("CC=") })
    }

    @Test func standaloneScriptEmbedsTheRenderedScripts() throws {
        let plan = try Self.plan("odroidxu")
        let text = PlanPrinter(plan: plan, renderedScripts: ["boot.ini": "ODROIDXU-UBOOT-CONFIG\nbootm\n"]).standaloneScript()
        #expect(text.hasPrefix("#!/bin/sh\n"))
        #expect(text.contains("set -eu\n"))
        #expect(text.contains("cat > /work/odroid/out/boot.ini <<'ODROID_BUILD_EOF'\nODROIDXU-UBOOT-CONFIG\nbootm\nODROID_BUILD_EOF\n"))
        #expect(text.contains("mkinitrd /work/odroid/out/initrd-3.12.3 \"${KERNELRELEASE}\""))
    }
}

@Suite("Profile key reference", .tags(.pure))
struct ProfileReferenceTests {
    @Test func docsMatchTheSchema() {
        if let problem = GoldenFile.mismatch(ProfileReference.markdown(), path: "\(Repository.root)/docs/profile-reference.md") {
            Issue.record(Comment(rawValue: problem))
        }
    }
}
