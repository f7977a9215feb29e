import CommandValues
import OdroidCore
import Testing
import TestSupport

/// One mkimage builder: every mkimage line of every shipped plan carries the same SOURCE_DATE_EPOCH, so the
/// same input always gives the same image (the real-process proof is in CommandLineRunTests).
@Suite("Every mkimage line comes from one builder", .tags(.pure))
struct MkimageCommandTests {
    @Test(arguments: Shipped.boards)
    func everyMkimageStepHasTheOneTimestamp(name: String) throws {
        let plan = try PlanGoldenTests.plan(name)
        var seen = 0
        for step in plan.steps {
            guard case .run(let command) = step.action, command.program == "mkimage" else { continue }
            seen += 1
            #expect(
                command.environment == ["SOURCE_DATE_EPOCH": MkimageCommand.sourceDateEpoch], "\(name) \(step.id): \(command.shellLine)")
        }
        let profile = try Shipped.resolve(name)
        let expected =
            (profile.initramfs.uimage && profile.bootFiles(version: "6.1").initrd != nil ? 1 : 0)
            + (profile.boot.formats.contains(.scr) ? 1 : 0)
        #expect(seen == expected, "\(name): \(seen) mkimage steps")
    }

    @Test func kindsGiveTheDocumentedLines() {
        #expect(
            MkimageCommand.command(.ramdisk, arch: "arm", name: "uInitrd", input: "i", output: "o").shellLine
                == "SOURCE_DATE_EPOCH=0 mkimage -A arm -O linux -T ramdisk -C none -a 0 -e 0 -n uInitrd -d i o")
        #expect(
            MkimageCommand.command(.script, arch: "arm", name: MkimageCommand.scriptName(version: "3.12.3"), input: "a", output: "b").argv
                == ["mkimage", "-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", "odroid-build 3.12.3", "-d", "a", "b"])
        #expect(
            MkimageCommand.command(
                .kernel(loadAddress: 0x4000_8000, entryAddress: 0x4000_8000), arch: "arm", name: "k", input: "z", output: "u"
            ).argv
                == [
                    "mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x40008000", "-e", "0x40008000", "-n", "k",
                    "-d", "z", "u",
                ])
    }
}

/// ccache's base directory: the work directory when the tree sits inside it, so two work directories of the
/// same layout share cache entries; none when the tree and the build only share `/`.
@Suite("ccache hashes paths relative to the work directory", .tags(.pure))
struct CCacheBaseDirectoryTests {
    @Test func theBaseIsTheDeepestCommonDirectory() {
        #expect(PlanBuilder.commonDirectory("/w/odroid/src/linux-6.1", "/w/odroid/build") == "/w/odroid")
        #expect(PlanBuilder.commonDirectory("/usr/src/linux-3.12.3", "/work/odroid/build") == nil)
        #expect(PlanBuilder.commonDirectory("/a/bc", "/a/b") == "/a", "components, not characters")
        #expect(PlanBuilder.commonDirectory("src", "/w/build") == nil)
    }

    @Test func everyMakeLineOfACCachePlanCarriesIt() throws {
        let plan = try PlanGoldenTests.plan("qemu-virt")
        var makes = 0
        for step in plan.steps {
            guard case .run(let command) = step.action, command.program == "make" else { continue }
            makes += 1
            #expect(command.environment["CCACHE_BASEDIR"] == "/work/odroid" && command.environment["CCACHE_NOHASHDIR"] == "1", "\(step.id)")
            #expect(command.argv.contains("CC=ccache arm-linux-gnueabihf-gcc"), "\(step.id)")
        }
        #expect(makes >= 3)
        let plain = try PlanGoldenTests.plan("odroidxu4")
        for step in plain.steps {
            if case .run(let command) = step.action {
                #expect(command.environment["CCACHE_BASEDIR"] == nil, "odroidxu4 does not ask for ccache")
            }
        }
    }
}
