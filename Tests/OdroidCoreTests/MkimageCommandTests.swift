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
            #expect(command.environment == ["SOURCE_DATE_EPOCH": MkimageCommand.sourceDateEpoch], "\(name) \(step.id): \(command.shellLine)")
        }
        let profile = try Shipped.resolve(name)
        let expected = (profile.initramfs.uimage && profile.bootFiles(version: "6.1").initrd != nil ? 1 : 0) + (profile.boot.formats.contains(.scr) ? 1 : 0)
        #expect(seen == expected, "\(name): \(seen) mkimage steps")
    }

    @Test func kindsGiveTheDocumentedLines() {
        #expect(MkimageCommand.command(.ramdisk, arch: "arm", name: "uInitrd", input: "i", output: "o").shellLine
            == "SOURCE_DATE_EPOCH=0 mkimage -A arm -O linux -T ramdisk -C none -a 0 -e 0 -n uInitrd -d i o")
        #expect(MkimageCommand.command(.script, arch: "arm", name: MkimageCommand.scriptName(version: "3.12.3"), input: "a", output: "b").argv
            == ["mkimage", "-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", "odroid-build 3.12.3", "-d", "a", "b"])
        #expect(MkimageCommand.command(.kernel(loadAddress: 0x4000_8000, entryAddress: 0x4000_8000), arch: "arm", name: "k", input: "z", output: "u").argv
            == ["mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x40008000", "-e", "0x40008000", "-n", "k", "-d", "z", "u"])
    }
}
