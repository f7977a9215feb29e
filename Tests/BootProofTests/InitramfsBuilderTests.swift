import BootProof
import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

@Suite("Marker initramfs: our newc archive, real gzip and mkimage, read by real cpio", .tags(.realProcess))
struct InitramfsBuilderTests {
    let runner = SpawnRunner()

    @Test func archiveHoldsBusyboxAndAnInitPrintingTheMarker() throws {
        let dir = try ProofWorkspace.directory("initramfs")
        // Any executable stands in for busybox: the archive's layout is what is checked here.
        let fakeBusybox = dir + "/busybox"
        try FileManager.default.copyItem(atPath: "/bin/true", toPath: fakeBusybox)
        let output = dir + "/initrd.gz"
        try InitramfsBuilder(runner: runner).build(
            MarkerInitramfs(busybox: fakeBusybox, marker: "IT'S-UP"), output: output, uImagePath: dir + "/uInitrd", workDirectory: dir)

        let raw = try runner.run(Command(["gzip", "-dc", output]))
        #expect(raw.succeeded)
        try raw.stdout.write(to: URL(fileURLWithPath: dir + "/initrd.cpio"))
        let names = try runner.run(Command(["cpio", "-t", "--quiet", "-F", dir + "/initrd.cpio"]))
        #expect(names.stdoutText == "bin\nbin/busybox\nbin/sh\ndev\ninit\nproc\nsys\n")
        let listing = try runner.run(Command(["cpio", "-t", "-v", "--quiet", "-F", dir + "/initrd.cpio"]))
        #expect(listing.stdoutText.contains("bin/sh -> busybox"))
        #expect(listing.stdoutText.split(separator: "\n").allSatisfy { $0.contains(" root ") }, "owned by root: \(listing.stdoutText)")
        let initText = try runner.run(Command(["cpio", "-i", "--to-stdout", "--quiet", "-F", dir + "/initrd.cpio", "init"]))
        #expect(initText.stdoutText.hasPrefix("#!/bin/sh\n"))
        #expect(initText.stdoutText.contains("echo 'IT'\\''S-UP'"))
        #expect(initText.stdoutText.contains("poweroff -f"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/initrd.cpio.gz.tmp"))

        let header = try runner.run(Command(["mkimage", "-l", dir + "/uInitrd"]))
        #expect(header.stdoutText.contains("ARM Linux RAMDisk Image"))
    }

    @Test func theSameBusyboxMakesByteIdenticalImagesTwice() throws {
        let dir = try ProofWorkspace.directory("initramfs-twice")
        let fakeBusybox = dir + "/busybox"
        try FileManager.default.copyItem(atPath: "/bin/true", toPath: fakeBusybox)
        var made: [Data] = []
        for name in ["a", "b"] {
            try InitramfsBuilder(runner: runner).build(
                MarkerInitramfs(busybox: fakeBusybox, marker: "UP"), output: "\(dir)/\(name).gz", uImagePath: "\(dir)/\(name).uInitrd",
                workDirectory: dir)
            made.append(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name).uInitrd")))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: fakeBusybox)
            sleep(1)
        }
        #expect(made[0] == made[1], "same busybox, same bytes: gzip -n, fixed cpio times, SOURCE_DATE_EPOCH for mkimage")
    }
}
