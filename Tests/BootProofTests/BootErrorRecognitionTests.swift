import BootProof
import Foundation
import TestSupport
import Testing

@Suite("Recognising u-boot and kernel failures on recorded consoles", .tags(.pure))
struct BootErrorRecognitionTests {
    @Test func successfulBootHasNoErrors() throws {
        #expect(BootErrorRecognition.errors(in: try ConsoleFixtures.lines("success-boot-scr")).isEmpty)
        #expect(BootErrorRecognition.errors(in: try ConsoleFixtures.lines("success-extlinux")).isEmpty)
    }

    @Test func corruptInitrdIsABadDataCRCThenAFailedScript() throws {
        let errors = BootErrorRecognition.errors(in: try ConsoleFixtures.lines("prompt-bad-crc"))
        #expect(errors.first?.kind == .badDataCRC)
        #expect(errors.last?.kind == .scriptFailed)
        #expect(errors.first?.hostSeconds != nil)
    }

    @Test func missingFileNamesTheFile() throws {
        let errors = BootErrorRecognition.errors(in: try ConsoleFixtures.lines("prompt-missing-file"))
        #expect(errors.first?.kind == .unableToReadFile)
        #expect(errors.first?.line == "Failed to load 'uInitrd-missing'")
        #expect(errors.map(\.kind).contains(.wrongRamdiskFormat))
    }

    @Test func bareDiskIsMissingItsPartitionTable() throws {
        let errors = BootErrorRecognition.errors(in: try ConsoleFixtures.lines("prompt-no-partition-table"))
        #expect(errors.map(\.kind) == [.noPartitionTable])
    }

    @Test func loadOutsideRamIsReservedMemoryThenACrash() throws {
        let errors = BootErrorRecognition.errors(in: try ConsoleFixtures.lines("crash-wrong-load-address"))
        #expect(errors.first?.kind == .overwritesReservedMemory)
        #expect(errors.contains { $0.kind == .uBootCrash })
    }

    @Test func panicLineIsAKernelPanic() throws {
        let errors = BootErrorRecognition.errors(in: try ConsoleFixtures.lines("panic-no-initrd"))
        #expect(errors.first?.kind == .kernelPanic)
        #expect(errors.first?.line.contains("VFS: Unable to mount root fs") == true)
    }

    @Test(
        arguments: [
            ("Loading Environment from Flash... *** Warning - bad CRC, using default environment", nil),
            ("Unknown command 'ODROIDXU-UBOOT-CONFIG' - try 'help'", nil),
            ("Unknown command 'cfgload' - try 'help'", BootErrorKind.unknownCommand),
            ("qemu-system-arm: terminating on signal 15 from pid 1 (x)", nil),
            ("qemu-system-arm: -drive if=none,file=a.img: Failed to get \"write\" lock", .qemuError),
            ("Wrong image format for \"source\" command", .wrongImageFormat),
            ("   Verifying Checksum ... Bad Data CRC", .badDataCRC),
            ("** Unable to read file uImage **", .unableToReadFile),
            ("fatal: no kernel available", nil),
            ("[    2.38] Kernel panic - not syncing: Attempted to kill init!", .kernelPanic),
        ] as [(String, BootErrorKind?)])
    func singleLines(text: String, kind: BootErrorKind?) {
        #expect(BootErrorRecognition.kind(of: text) == kind)
    }
}
