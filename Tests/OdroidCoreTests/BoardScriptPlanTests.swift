import CommandValues
import Foundation
import OdroidCore
import Testing
import TestSupport

/// `--host-arch`: a plan made on one machine for another (the board itself), printed and emitted as the
/// board script, compared with golden files; what the board script refuses to be written for.
@Suite("Plans and scripts for another host (--host-arch)", .tags(.pure))
struct BoardScriptPlanTests {
    static func boardPlan(_ name: String, arch: String = "armv7l", target: PlanOptions.BootTarget? = nil) throws -> (ResolvedProfile, Plan)
    {
        let profile = try Shipped.resolve(name)
        var options = Shipped.options(version: PlanGoldenTests.versions[name]!, target: target, hostArch: arch)
        options.hostIsThisMachine = false
        return (profile, PlanBuilder(profile: profile, options: options).build())
    }

    static func rendered(_ profile: ResolvedProfile, version: String) throws -> [String: String] {
        let renderer = BootScriptRenderer(profile: profile, templates: Shipped.templates)
        var result: [String: String] = [:]
        for format in profile.boot.formats {
            let source: ResolvedProfile.ScriptFormat = format == .scr ? .cmd : format
            result[BootScriptNames.renderedFile(source)] = try renderer.render(source, version: version).text
        }
        return result
    }

    @Test func theSeedsBoardPlanBuildsNativelyIntoTheBoardsOwnRoot() throws {
        let (_, plan) = try Self.boardPlan("odroidxu")
        #expect(plan.crossCompile == nil)
        #expect(plan.refusal == nil)
        #expect(plan.bootTarget == .mounted(path: "/boot/uboot"))
        #expect(plan.rootTarget == .mounted(path: "/"))
        for step in plan.steps {
            if case .run(let command) = step.action {
                #expect(command.environment["ARCH"] == nil && command.environment["CROSS_COMPILE"] == nil)
            }
        }
        guard case .run(let initramfs)? = plan.step("initramfs")?.action else {
            Issue.record("the board's mkinitrd does not run right there")
            return
        }
        #expect(initramfs.argv == ["mkinitrd", "/work/odroid/out/initrd-3.12.3", "${KERNELRELEASE}"])
        #expect(plan.step("rootfs-install") != nil)
        #expect(plan.notes.contains { $0.contains("planned for an armv7l machine (--host-arch armv7l)") })
        #expect(plan.notes.contains { $0.contains("-j4 is the CPU count of the machine that made the plan") })
    }

    @Test func xu4PlansItsOwnMountAndGenerator() throws {
        let (_, plan) = try Self.boardPlan("odroidxu4")
        #expect(plan.bootTarget == .mounted(path: "/media/boot"))
        guard case .run(let initramfs)? = plan.step("initramfs")?.action else { Issue.record("no direct initramfs step"); return }
        #expect(initramfs.program == "mkinitramfs")
    }

    @Test func dryRunForTheBoardMatchesItsGoldenFile() throws {
        let (_, plan) = try Self.boardPlan("odroidxu")
        let text = PlanGoldenTests.portable(PlanPrinter(plan: plan).dryRun())
        if let problem = GoldenFile.mismatch(text, path: "\(PlanGoldenTests.golden)/dry-run-odroidxu-armv7l.txt") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test(arguments: ["odroidxu", "odroidxu4"])
    func boardScriptMatchesItsGoldenFile(name: String) throws {
        let (profile, plan) = try Self.boardPlan(name)
        let script = try BoardScript(plan: plan, profile: profile, renderedScripts: Self.rendered(profile, version: plan.kernelVersion))
            .render()
        #expect(script.hasPrefix("#!/bin/sh\n"))
        #expect(!script.contains("odroid-build boot-script"), "the board script calls odroid-build")
        if let problem = GoldenFile.mismatch(PlanGoldenTests.portable(script), path: "\(PlanGoldenTests.golden)/board-script-\(name).sh") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func theBoardScriptHoldsEveryGeneratedFileAndTheHeaderChecks() throws {
        let (profile, plan) = try Self.boardPlan("odroidxu")
        let rendered = try Self.rendered(profile, version: "3.12.3")
        let script = try BoardScript(plan: plan, profile: profile, renderedScripts: rendered).render()
        for text in rendered.values { #expect(script.contains(text), "a rendered file is not inline") }
        #expect(script.contains("odroid_expect \"$boot\"/uImage-3.12.3 16 40008000 'the load address (LOADADDR)'"))
        #expect(script.contains("odroid_expect \"$boot\"/uImage-3.12.3 20 40008000 'the entry point (LOADADDR)'"))
        #expect(script.contains("odroid_expect \"$boot\"/uInitrd-3.12.3 30 03"))
        #expect(script.contains("odroid_expect \"$boot\"/dtbs/3.12.3/exynos5410-odroidxu.dtb 0 d00dfeed"))
        // The built uImage is checked before the first write to the partition, as the tool checks it.
        let before = try #require(script.range(of: "odroid_expect /work/odroid/build/arch/arm/boot/uImage 16 40008000"))
        let firstWrite = try #require(script.range(of: "odroid_stage "))
        #expect(before.lowerBound < firstWrite.lowerBound)
        #expect(script.contains("if [ \"$odroid_machine\" != armv7l ]; then"))
    }

    /// tar runs xz itself for a .tar.xz: a board without xz would stop at the first step, not at the check
    /// that promises every program the steps call is there.
    @Test func theToolCheckNamesTheDecompressorTarRuns() throws {
        let (profile, plan) = try Self.boardPlan("odroidxu4")
        let rendered = try Self.rendered(profile, version: "6.1")
        let script = try BoardScript(plan: plan, profile: profile, renderedScripts: rendered).render()
        let tools = try #require(script.split(separator: "\n").first { $0.hasPrefix("for odroid_tool in ") })
        #expect(tools.split(separator: " ").contains("xz"), "\(tools)")
    }

    @Test func aPlanTheBoardCannotRunGetsNoScript() throws {
        let (profile, crossPlan) = try Self.boardPlan("odroidxu", arch: "x86_64")
        #expect(throws: BoardScript.Problem.self) { try BoardScript(plan: crossPlan, profile: profile, renderedScripts: [:]).render() }
        let (_, imagePlan) = try Self.boardPlan("odroidxu", target: .image(path: "/tmp/boot.img", offset: 0))
        #expect(throws: BoardScript.Problem.self) { try BoardScript(plan: imagePlan, profile: profile, renderedScripts: [:]).render() }
        let (_, relative) = try Self.boardPlan("odroidxu", target: .mounted(path: "boot"))
        #expect(throws: BoardScript.Problem.self) { try BoardScript(plan: relative, profile: profile, renderedScripts: [:]).render() }
    }

    @Test func aValueTheManifestCannotHoldIsRefused() throws {
        var (profile, plan) = try Self.boardPlan("odroidxu")
        plan.profile = "xu\"; touch PWNED"  // past the validator, on purpose
        #expect(throws: BoardScript.Problem.self) { try BoardScript(plan: plan, profile: profile, renderedScripts: [:]).render() }
        profile.boot.root = "UUID={root_uuid}"
        let (_, fine) = try Self.boardPlan("odroidxu")
        #expect(throws: BoardScript.Problem.self) { try BoardScript(plan: fine, profile: profile, renderedScripts: [:]).render() }
    }

    @Test func hostArchitecturesAreUnameValues() {
        #expect(HostArchitecture.problem("armv7l") == nil)
        #expect(HostArchitecture.problem("x86_64") == nil)
        #expect(HostArchitecture.problem("aarch64") == nil)
        #expect(HostArchitecture.problem("armhf")?.contains("--host-arch 'armhf' is not a machine name") == true)
        #expect(HostArchitecture.problem("ARMV7L")?.contains("did you mean 'armv7l'?") == true)
        #expect(HostArchitecture.problem("arm\u{1B}[2J")?.contains("\u{1B}") == false)
    }

    @Test func mountPointsAreMatchedAsTheKernelEscapesThem() {
        #expect(BoardScript.mountTableEscaped("/boot/uboot") == "/boot/uboot")
        #expect(BoardScript.mountTableEscaped("/media/my boot\\x") == "/media/my\\040boot\\134x")
    }
}
