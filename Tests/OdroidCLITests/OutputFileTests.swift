import Foundation
import Testing
import TestSupport

@testable import OdroidCLI

/// Where `-o FILE` goes is decided by what is at FILE: never a rename over a device, never a new file under /dev.
@Suite("Output destinations", .tags(.realProcess))
struct OutputFileTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("outputfile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    @Test func devicesAndStreamsAreWrittenInPlaceAndFilesReplaced() throws {
        #expect(try OutputFile.at("-") == .descriptor(1, name: "standard output"))
        #expect(try OutputFile.at("/dev/null") == .inPlace("/dev/null"))
        #expect(try OutputFile.at("\(directory)/new.scr") == .replace("\(directory)/new.scr"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(directory)/real"))
        try FileManager.default.createSymbolicLink(atPath: "\(directory)/link", withDestinationPath: "\(directory)/real")
        #expect(try OutputFile.at("\(directory)/link") == .replace("\(directory)/real"), "written through the link, which stays")
    }

    @Test func aDirectoryAndANewNameUnderDevAreRefused() {
        #expect(throws: CLIError.self) { try OutputFile.at(directory) }
        #expect(throws: CLIError.self) { try OutputFile.at("/dev/odroid-build-test-\(getpid())") }
        #expect(throws: CLIError.self) { try OutputFile.regularFilePath("/dev/null") }
    }

    @Test func aReplacedFileIsWholeAndNothingIsLeftBeside() throws {
        let path = "\(directory)/plan.sh"
        try OutputFile.at(path).write(Data("#!/bin/sh\n".utf8), mode: 0o755)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "#!/bin/sh\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["plan.sh"])
    }
}

/// Size options go through the core's one checked number reader: overflow is a usage error naming the option.
@Suite("Size options", .tags(.pure))
struct SizeOptionTests {
    @Test func sizesAreReadAndOverflowIsAnErrorNotATrap() throws {
        #expect(try SizeOption.imageMiB("64M", option: "--size") == 64)
        #expect(try SizeOption.imageMiB("1G", option: "--size") == 1024)
        for bad in ["99999999T", "18446744073709551616", "1.5M", "-1M", ""] {
            do {
                _ = try SizeOption.imageMiB(bad, option: "--size")
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.description.hasPrefix("--size"), "\(error)")
            }
        }
    }
}
