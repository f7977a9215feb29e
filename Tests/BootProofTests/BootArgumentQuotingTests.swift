import BootPartition
import BootProof
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

/// What u-boot's hush does with the characters BootValueSafety decides about, proven on Debian's real
/// u-boot under QEMU: `;` inside `setenv bootargs "..."` is literal (so it is allowed), `'` makes hush
/// throw the whole line away (so it is rejected). The `;` proof goes all the way through the product: the
/// qemu-virt profile with the value in boot.bootargs, the real renderer, KernelInstaller writing a whole-disk
/// image whose name holds `,`, `$(...)`, a blank and `@@` (mtools and QEMU's -drive get it as a ToolPath).
@Suite("hush quoting of bootargs, proven by booting", .serialized, .tags(.boot), .enabled(if: SlowTests.enabled))
struct BootArgumentQuotingTests {
    static let marker = ProofWorkspace.marker

    @Test func aSemicolonInBootargsReachesTheKernelLiterally() throws {
        let common = try ProofWorkspace.common()
        let dir = try ProofWorkspace.directory("semicolon, $(touch PWNED) @@0")
        let value = "odroid.proof=one;two;echo"
        let catalog = ProfileCatalog(directories: [Repository.root + "/profiles"])
        let profile = try ProfileResolver(catalog: catalog).resolve("qemu-virt", overrides: ["boot.bootargs=\(value)"])
        #expect(profile.bootargs.hasSuffix(" \(value)"))

        let image = try FatImageCreator(runner: ProofWorkspace.runner).create(
            path: dir + "/disk, $(touch PWNED).img", sizeMiB: 32, layout: .mbr(startSector: 2048))
        let names = profile.bootFiles(version: "6.1")
        let spec = InstallSpec(
            files: [
                .init(source: common.uImage, destination: names.kernel), .init(source: common.uInitrd, destination: names.initrd!),
                .init(source: common.initrdGz, destination: names.rawInitrd!),
            ],
            bootScript: .init(source: dir + "/unused", destination: "boot.scr"))
        let partition = try MtoolsImagePartition(imagePath: image.path, runner: ProofWorkspace.runner, scratchDirectory: dir)
        let maker = BootScriptMaker(
            profile: profile, templates: TemplateStore(directory: Repository.root + "/templates"), runner: ProofWorkspace.runner,
            scratchDirectory: dir)
        try KernelInstaller(partition: partition, scripts: maker).install(spec: spec, version: "6.1", kernelRelease: nil)

        let report = try ProofWorkspace.boot(image.path, in: dir, marker: Self.marker)
        #expect(report.outcome.verdict == .markerSeen, "\(report.summary)")
        #expect(
            report.outcome.lines.contains { $0.text == "cmdline: \(profile.bootargs)" },
            "the kernel got: \(report.outcome.lines.filter { $0.text.hasPrefix("cmdline:") }.map(\.text))")
        #expect(!FileManager.default.fileExists(atPath: dir + "/PWNED") && !FileManager.default.fileExists(atPath: "PWNED"))
    }

    /// The same boot with a `'` in the value (written by hand: the profile validator refuses it). Mainline
    /// hush parses a script image as a whole: the `'` opens a quote inside the double quotes, the script is a
    /// syntax error and none of it runs, so the board stops at the prompt. (2012.07's line-by-line parser
    /// loses that one line, DOMAIN §2: the kernel boots without console= and root=.)
    @Test func anApostropheInBootargsBreaksTheScript() throws {
        let common = try ProofWorkspace.common()
        let dir = try ProofWorkspace.directory("apostrophe")
        let script = """
            setenv bootargs "console=ttyAMA0 panic=-1 odroid.proof=it's"
            fatload virtio 0 0x43000000 uImage-proof
            fatload virtio 0 0x46000000 uInitrd-proof
            bootm 0x43000000 0x46000000 ${fdtcontroladdr}

            """
        let image = try ProofWorkspace.image(
            in: dir, script: script, files: [(common.uImage, "uImage-proof"), (common.uInitrd, "uInitrd-proof")])
        let report = try ProofWorkspace.boot(image, in: dir)
        #expect(report.outcome.verdict == .stoppedAtPrompt, "\(report.summary)")
        #expect(report.outcome.lines.contains { $0.text == "syntax error" }, "u-boot's hush did not reject the line")
        #expect(!report.outcome.lines.contains { $0.text.hasPrefix("cmdline:") }, "no kernel ran")
    }
}
