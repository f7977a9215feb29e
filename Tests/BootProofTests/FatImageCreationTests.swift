import BootPartition
import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

@Suite("FAT images through sfdisk, mkfs.vfat and mtools", .tags(.realProcess))
struct FatImageCreationTests {
    let runner = SpawnRunner()
    let mtools = ["MTOOLS_SKIP_CHECK": "1"]

    func source(_ dir: String, _ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func mbrImageHasABootablePartitionAndFilesInSubdirectories() throws {
        let dir = try ProofWorkspace.directory("fat-mbr")
        let creator = FatImageCreator(runner: runner)
        let image = try creator.create(path: dir + "/disk.img", sizeMiB: 32, layout: .mbr(startSector: 2048), label: "BOOT")
        #expect(image.mtoolsTarget == dir + "/disk.img@@1048576")
        #expect(try FileManager.default.attributesOfItem(atPath: image.path)[.size] as? Int == 32 * 1024 * 1024)
        try creator.copyIn(
            files: [
                (source: try source(dir, "a.txt", "kernel"), nameOnImage: "uImage-6.1"),
                (source: try source(dir, "b.txt", "dtb one"), nameOnImage: "dtbs/6.1/board.dtb"),
                (source: try source(dir, "c.txt", "dtb two"), nameOnImage: "dtbs/6.1/other.dtb"),
            ], to: image)

        let table = try runner.run(Command(["sfdisk", "--dump", image.path]))
        #expect(table.stdoutText.contains("start=        2048, size=       63488, type=c, bootable"), "\(table.stdoutText)")
        let listing = try runner.run(Command(["mdir", "-b", "-i", image.mtoolsTarget, "::/dtbs/6.1"], environment: mtools))
        #expect(listing.stdoutText.split(separator: "\n").sorted() == ["::/dtbs/6.1/board.dtb", "::/dtbs/6.1/other.dtb"])
        let content = try runner.run(Command(["mtype", "-i", image.mtoolsTarget, "::/dtbs/6.1/other.dtb"], environment: mtools))
        #expect(content.stdoutText == "dtb two")
        let label = try runner.run(Command(["mlabel", "-s", "-i", image.mtoolsTarget, "::"], environment: mtools))
        #expect(label.stdoutText.contains("BOOT"))
    }

    @Test func bareImageIsFatFromByteZeroAndCopiesOverwrite() throws {
        let dir = try ProofWorkspace.directory("fat-bare")
        let creator = FatImageCreator(runner: runner)
        let image = try creator.create(path: dir + "/bare.img", sizeMiB: 8, layout: .bare, label: "PROOF")
        #expect(image.mtoolsTarget == dir + "/bare.img")
        try creator.copyIn(files: [(source: try source(dir, "1", "first"), nameOnImage: "boot.ini")], to: image)
        try creator.copyIn(files: [(source: try source(dir, "2", "second"), nameOnImage: "boot.ini")], to: image)
        let content = try runner.run(Command(["mtype", "-i", image.mtoolsTarget, "::/boot.ini"], environment: mtools))
        #expect(content.stdoutText == "second")
        let table = try runner.run(Command(["sfdisk", "--dump", image.path]))
        #expect(!table.succeeded || !table.stdoutText.contains("start="))
    }

    @Test func badArgumentsAndMissingSourcesAreErrors() throws {
        let dir = try ProofWorkspace.directory("fat-errors")
        let creator = FatImageCreator(runner: runner)
        #expect(throws: FatImageError.self) {
            try creator.create(path: dir + "/x.img", sizeMiB: 8, layout: .bare, label: "FAR TOO LONG A LABEL")
        }
        #expect(throws: FatImageError.self) { try creator.create(path: dir + "/x.img", sizeMiB: 2, layout: .mbr(startSector: 2048)) }
        let image = try creator.create(path: dir + "/x.img", sizeMiB: 8, layout: .mbr(startSector: 2048))
        #expect(throws: FatImageError.self) { try creator.copyIn(files: [(source: dir + "/no-such-file", nameOnImage: "a")], to: image) }
    }
}
