import BuildExecutor
import Foundation
import OdroidCore
import Testing
import TestSupport

@Suite("doctor: required tools and their Debian packages")
struct ToolCheckTests {
    static let table = PackageTable(tools: [
        .init(name: "make", package: "make"),
        .init(name: "{triplet}-gcc", package: "gcc-{triplet}"),
        .init(name: "openssl/ssl.h", kind: "header", package: "libssl-dev"),
        .init(name: "mkinitrd", note: "no Debian package"),
    ])

    @Test(.tags(.pure)) func crossCompilerPatternNamesThePackageOfThatTriplet() {
        #expect(Self.table.entry(for: "arm-linux-gnueabihf-gcc")?.package == "gcc-arm-linux-gnueabihf")
        #expect(Self.table.entry(for: "aarch64-linux-gnu-gcc")?.package == "gcc-aarch64-linux-gnu")
        #expect(Self.table.entry(for: "make")?.package == "make")
        #expect(Self.table.entry(for: "-gcc") == nil)
        #expect(Self.table.entry(for: "unknown-tool") == nil)
    }

    @Test(.tags(.pure)) func missingToolsCarryPackageOrNote() {
        let check = ToolCheck(table: Self.table, path: "/nonexistent-bin", includeDirectories: ["/nonexistent-include"])
        let missing = check.missing([
            ToolRequirement("arm-linux-gnueabihf-gcc", why: "cross compiler"),
            ToolRequirement("openssl/ssl.h", kind: .header, why: "sign-file"),
            ToolRequirement("mkinitrd", why: "initramfs"),
        ])
        #expect(missing.map(\.package) == ["gcc-arm-linux-gnueabihf", "libssl-dev", nil])
        #expect(missing[2].description.contains("no Debian package"))
        #expect(ToolCheck.installHint(missing) == "\n  to install: apt-get install gcc-arm-linux-gnueabihf libssl-dev")
    }

    @Test(.tags(.pure)) func planNeedsTheCrossCompilerMkimageAndKernelBuildTools() throws {
        let space = try FixtureWorkspace()
        let names = ToolRequirements.of(space.plan()).map(\.name)
        for name in ["make", "arm-linux-gnueabihf-gcc", "bc", "flex", "bison", "perl", "openssl/ssl.h", "mkimage", "depmod", "gzip"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(!names.contains("git"))
        #expect(!names.contains("mcopy"), "a mounted target needs no mtools")
    }

    @Test(.tags(.pure)) func shippedTableCoversEveryToolAPlanCanAskFor() throws {
        let table = try PackageTable.load(path: "\(Repository.root)/data/host-tools.json")
        let space = try FixtureWorkspace()
        for requirement in ToolRequirements.of(space.plan(), elevation: "sudo") {
            #expect(table.entry(for: requirement.name)?.package != nil, "\(requirement.name)")
        }
        for name in ["git", "xz", "tar", "mcopy", "mkinitramfs", "dracut", "ccache"] {
            #expect(table.entry(for: name)?.package != nil, "\(name)")
        }
    }
}
