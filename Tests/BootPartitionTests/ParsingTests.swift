import BootPartition
import Foundation
import OdroidCore
import Testing

/// What the backends and `verify` read: mdir listings, MBR partition tables, boot scripts, the manifest.
@Suite("Reading listings, tables, scripts and the manifest", .tags(.pure))
struct ParsingTests {
    @Test("mdir -a output: short, lower-case and long names, directories, free space")
    func mdir() {
        let text = """
             Volume in drive : has no label
             Volume Serial Number is 2980-50D5
            Directory for ::/

            boot     ini         6 2026-11-26  16:47 
            UIMAGE~1 3      100000 2026-11-26  16:47  uImage-3.12.3
            dtbs         <DIR>     2026-11-26  16:47 
            AB~1     TXT         6 2026-11-26  16:47  a b.txt
            UPPER    TXT         6 2026-11-26  16:47 
                    5 files             100 018 bytes
                                      3 958 784 bytes free

            """
        #expect(
            MdirListing.entries(text) == [
                BootPartitionEntry(name: "boot.ini", isDirectory: false, size: 6),
                BootPartitionEntry(name: "uImage-3.12.3", isDirectory: false, size: 100_000),
                BootPartitionEntry(name: "dtbs", isDirectory: true, size: 0),
                BootPartitionEntry(name: "a b.txt", isDirectory: false, size: 6),
                BootPartitionEntry(name: "UPPER.TXT", isDirectory: false, size: 6),
            ])
        #expect(MdirListing.freeBytes(text) == 3_958_784)
    }

    @Test("MBR: partition offsets, missing and non-FAT partitions")
    func mbr() throws {
        var sector = Data(count: 512)
        sector[510] = 0x55
        sector[511] = 0xAA
        sector[446 + 4] = 0x0c
        sector[446 + 8] = 0x00; sector[446 + 9] = 0x08  // LBA 2048
        sector[462 + 4] = 0x83
        sector[462 + 9] = 0x10  // LBA 4096
        let table = try MBRPartitionTable(sector: sector)
        #expect(try table.offset(ofPartition: 1, image: "d.img") == 1_048_576)
        #expect(throws: BootPartitionError.self) { try table.offset(ofPartition: 2, image: "d.img") }
        #expect(throws: BootPartitionError.self) { try table.offset(ofPartition: 3, image: "d.img") }
        #expect(throws: BootPartitionError.self) { try MBRPartitionTable(sector: Data(count: 512)) }
    }

    @Test("a plain boot.ini: loads, addresses, roles from the bootm line")
    func hush() {
        let text = """
            ODROIDXU-UBOOT-CONFIG
            # a comment; fatload mmc 0:1 0x1 nothing
            setenv bootargs "console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro"
            fatload mmc 0:1 0x43000000 uImage-3.12.3
            fatload mmc 0:1 46000000 uInitrd-3.12.3
            fatload mmc 0:1 0x49000000 /dtbs/3.12.3/board.dtb
            bootm 0x43000000 0x46000000 0x49000000
            """
        let parsed = ParsedBootScript(text: text, format: .ini)
        #expect(parsed.boots.count == 1)
        let boot = parsed.boots[0]
        #expect(boot.kernel?.file == "uImage-3.12.3" && boot.initrd?.file == "uInitrd-3.12.3" && boot.dtb?.file == "dtbs/3.12.3/board.dtb")
        #expect(boot.kernelAddress == 0x4300_0000 && boot.initrdAddress == 0x4600_0000)
        #expect(ParsedBootScript(text: "bootz 0x40008000 - ${fdtcontroladdr}", format: .cmd).boots[0].initrdAddress == nil)
    }

    @Test("extlinux.conf: the default label's files")
    func extlinux() {
        let text = "default b\nlabel a\n    kernel /zImage-a\nlabel b\n    kernel /uImage-b\n    initrd /initrd-b\n    fdt /dtbs/b.dtb\n"
        let boot = ParsedBootScript(text: text, format: .extlinux).boots[0]
        #expect(boot.kernel?.file == "uImage-b" && boot.initrd?.file == "initrd-b" && boot.dtb?.file == "dtbs/b.dtb")
    }

    @Test("manifest: round trip, case-insensitive versions, rollback target")
    func manifest() throws {
        var manifest = BootManifest()
        let when = Date(timeIntervalSince1970: 1_700_000_000)
        manifest.record(InstalledKernel(version: "3.11-rc7", release: "3.11.0-rc7", profile: "odroidxu", installedAt: when, files: []))
        manifest.record(
            InstalledKernel(
                version: "3.12.3", release: nil, profile: "odroidxu", installedAt: when + 60,
                files: [
                    InstalledFile(path: "uImage-3.12.3", role: .kernel, size: 10, sha256: String(repeating: "ab", count: 32))
                ]))
        manifest.madeDefault("3.11-rc7")
        manifest.madeDefault("3.12.3")
        #expect(manifest.kernel("3.11-RC7")?.version == "3.11-rc7")
        #expect(manifest.previousDefault(live: "3.12.3") == "3.11-rc7")
        #expect(manifest.previousDefault(live: "3.11-rc7") == "3.12.3")
        let decoded = try BootManifest.decode(manifest.encoded(), file: "m")
        #expect(decoded == manifest)
        #expect(decoded.encoded() == manifest.encoded())
        #expect(throws: BootPartitionError.self) { try BootManifest.decode(Data("{}".utf8), file: "m") }
    }
}
