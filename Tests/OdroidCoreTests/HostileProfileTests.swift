import Foundation
import OdroidCore
import Testing
import TestSupport

/// Profiles and `--set` values written to break the tool (issue 11, classes 1 and 4): each must resolve to
/// diagnostics, never a trap, with the one expected problem at its file and line (or at `--set`), and no
/// diagnostic may name `<default>` or leave a line out. The profile extends the broken-profile fixtures'
/// valid base, so each case breaks exactly one thing. More cases, whose every diagnostic is listed, are
/// fixtures in Fixtures/profiles (numbers-out-of-range, empty-required, empty-dtbs, dram-past-4g, load-below-header).
@Suite("Hostile profiles give a diagnostic, never a crash", .tags(.pure))
struct HostileProfileTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The file's bytes after its three header lines (`[profile]`, name, extends), so a body line N is file line N + 3.
        var body: [UInt8]
        var overrides: [String] = []
        /// The line of the expected diagnostic in the file; nil for one about `--set`.
        var line: Int?
        var fragment: String
        var testDescription: String { name }

        init(_ name: String, _ body: String, set overrides: [String] = [], line: Int?, _ fragment: String) {
            self.init(name, bytes: Array(body.utf8), set: overrides, line: line, fragment)
        }

        init(_ name: String, bytes: [UInt8], set overrides: [String] = [], line: Int?, _ fragment: String) {
            self.name = name
            body = bytes
            self.overrides = overrides
            self.line = line
            self.fragment = fragment
        }
    }

    static let fixtures = "\(Repository.root)/Tests/OdroidCoreTests/Fixtures/profiles"
    static let file = "/hostile/hostile.toml"
    static let header = Array("[profile]\nname = \"hostile\"\nextends = \"fixture-base\"\n".utf8)

    static func resolve(_ body: [UInt8], set overrides: [String] = []) throws(Diagnostics) -> ResolvedProfile {
        let bytes = header + body
        let catalog = ProfileCatalog(
            directories: ["/hostile", fixtures],
            readFile: { path in
                if path == file { return bytes }
                return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
            })
        return try ProfileResolver(catalog: catalog).resolve("hostile", overrides: overrides)
    }

    static let numberCases: [Case] = [
        Case("dram base beyond 32 bits", "[board]\ndram_base = 0x7FFFFFFFFFFFFFFF\n", line: 5, "is not a 32-bit address"),
        Case(
            "dram base plus size past 2^64", "[board]\ndram_base = 0xFFFFFFFF\ndram_size = 0x7FFFFFFFFFFFFFFF\n", line: 6,
            "more than the 4 GiB"),
        Case("dram size of 99999999T", "[board]\ndram_size = \"99999999T\"\n", line: 5, "is too large"),
        Case("TOML integer past 2^63", "[board]\ndram_size = 0xFFFFFFFFFFFFFFFF\n", line: 5, "TOML integers are 64-bit"),
        Case("negative size", "[kernel]\nimage_max = -1\n", line: 5, "must not be negative"),
        Case("unaligned load address", "[kernel]\nloadaddr = 0x40008002\n", line: 5, "is not 4-byte aligned"),
        Case("unaligned kernel address", "[boot]\nkernel_addr = 0x43000001\n", line: 5, "is not 4-byte aligned"),
        Case("unaligned initrd address", "[boot]\ninitrd_addr = 0x46000002\n", line: 5, "is not 4-byte aligned"),
        Case("kernel.jobs of 2^63-1", "[kernel]\njobs = 0x7FFFFFFFFFFFFFFF\n", line: 5, "is more than 1024"),
        Case("kernel.jobs quoted as a number past 2^64", "[kernel]\njobs = \"18446744073709551616\"\n", line: 5, "is too large"),
        Case("image_max of 4 GiB runs out of DRAM", "[kernel]\nimage_max = \"4G\"\n", line: 5, "is outside DRAM"),
        Case("initramfs.max_size above 4 GiB", "[initramfs]\nmax_size = 0x100000001\n", line: 5, "more than the 4 GiB"),
        Case("dtb_max of 99999999T", "[boot]\ndtb_max = \"99999999T\"\n", line: 5, "is too large"),
        Case("partition offset of 99999999T", "[boot]\npartition_offset = \"99999999T\"\n", line: 5, "is too large"),
        Case("qemu.ram of 5G", "[qemu]\nmachine = \"virt\"\nram = \"5G\"\n", line: 6, "more than the 4 GiB"),
        Case(
            "reserved region above 4 GiB", "[board]\nreserved = [{ name = \"high\", start = 0x100000000, size = 1 }]\n", line: 5,
            "is not a 32-bit address"),
        Case(
            "reserved region of 99999999T", "[board]\nreserved = [{ name = \"big\", start = 0x40000000, size = \"99999999T\" }]\n", line: 5,
            "is too large"),
        Case("size with a unit past 2^64", "[board]\ndram_size = \"16777216T\"\n", line: 5, "is too large"),
    ]

    static let emptyCases: [Case] = [
        Case("empty string in board.compatible", "[board]\ncompatible = [\"\"]\n", line: 5, "lists an empty string"),
        Case("empty board.soc", "[board]\nsoc = \"\"\n", line: 5, "must not be empty"),
        Case("empty string in kernel.dtbs", "[kernel]\ndtbs = [\"\"]\n", line: 5, "lists an empty string"),
        Case("empty string in boot.bootargs", "[boot]\nbootargs = [\"quiet\", \"\"]\n", line: 5, "lists an empty string"),
    ]

    static let setCases: [Case] = [
        Case("--set kernel.jobs=2^64-1", "", set: ["kernel.jobs=18446744073709551615"], line: nil, "is more than 1024"),
        Case("--set kernel.jobs=2^64", "", set: ["kernel.jobs=18446744073709551616"], line: nil, "is too large"),
        Case("--set board.dram_size=99999999T", "", set: ["board.dram_size=99999999T"], line: nil, "is too large"),
        Case("--set board.dram_base past 32 bits", "", set: ["board.dram_base=0x100000000"], line: nil, "is not a 32-bit address"),
        Case("--set boot.dtb_addr unaligned", "", set: ["boot.dtb_addr=0x49000001"], line: nil, "is not 8-byte aligned"),
        Case("--set boot.formats empty", "", set: ["boot.formats="], line: nil, "must list at least one value"),
        Case("--set board.compatible as an empty TOML array", "", set: ["board.compatible=[]"], line: nil, "must list at least one value"),
        Case("--set board.soc empty", "", set: ["board.soc="], line: nil, "must not be empty"),
        Case("--set kernel.image_max with an unknown unit", "", set: ["kernel.image_max=16E"], line: nil, "is not a size"),
    ]

    static let syntaxCases: [Case] = [
        Case(
            "100,000 nested arrays", "[board]\nreserved = " + String(repeating: "[", count: 100_000) + "\n", line: 5,
            "nested more than 32 deep"),
        Case(
            "nested inline tables", "a = " + String(repeating: "{ b = ", count: 200) + "1" + String(repeating: " }", count: 200) + "\n",
            line: 4, "nested more than 32 deep"),
        Case(
            "a header of 100,000 dotted parts", "[" + Array(repeating: "a", count: 100_000).joined(separator: ".") + "]\n", line: 4,
            "more than 32 dotted parts"),
        Case(
            "a key of 100,000 dotted parts", Array(repeating: "a", count: 100_000).joined(separator: ".") + " = 1\n", line: 4,
            "more than 32 dotted parts"),
        Case("CR-only line endings", "[boot]\rconsole = \"x\"\r", line: 4, "carriage return (CR) without a line feed"),
        Case("one lone CR in an LF file", "[boot]\n# a comment\rconsole = \"x\"\n", line: 5, "carriage return (CR) without a line feed"),
        Case(
            "Latin-1 byte in a value", bytes: Array("[boot]\nroot = \"caf".utf8) + [0xE9] + Array("\"\n".utf8), line: 5,
            "not UTF-8 text (byte 0xE9"),
        Case("Latin-1 byte in a comment", bytes: Array("# ok\n# caf".utf8) + [0xE9] + Array("\n".utf8), line: 5, "not UTF-8 text"),
        Case("UTF-16 byte-order mark", bytes: [0xFF, 0xFE, 0x5B, 0x00], line: 4, "not UTF-8 text (byte 0xFF"),
        Case("truncated UTF-8 at the end", bytes: Array("# \n".utf8) + [0xE2, 0x82], line: 5, "not UTF-8 text"),
        Case(
            "overlong UTF-8 slash", bytes: Array("[boot]\nroot = \"".utf8) + [0xC0, 0xAF] + Array("\"\n".utf8), line: 5, "not UTF-8 text"),
    ]

    static let placementCases: [Case] = [
        Case("a 1 MB unknown key is cut in the message", String(repeating: "k", count: 1_000_000) + " = 1\n", line: 4, "characters)"),
        Case(
            "a 1 MB value of a choice is cut", "[boot]\nflavour = \"" + String(repeating: "v", count: 1_000_000) + "\"\n", line: 5,
            "(1000000 characters)"),
        Case("a near-miss key still gets a suggestion", "[kernel]\nloadadr = 0x40008000\n", line: 5, "did you mean 'kernel.loadaddr'?"),
        Case(
            "git source without a url points at kernel.source.kind", "[kernel.source]\nkind = \"git\"\nref = \"v{version}\"\n", line: 5,
            "missing 'kernel.source.url'"),
    ]

    @Test(arguments: numberCases + emptyCases + setCases + syntaxCases + placementCases)
    func givesTheDiagnosticAtItsPlace(_ hostile: Case) {
        do {
            let profile = try Self.resolve(hostile.body, set: hostile.overrides)
            Issue.record("\(hostile.name) resolved: \(profile.name)")
        } catch {
            let file = hostile.line == nil ? "--set" : Self.file
            let found = error.errors.contains { $0.file == file && $0.line == hostile.line && $0.message.contains(hostile.fragment) }
            #expect(
                found,
                "\(hostile.name): expected \(file):\(hostile.line.map(String.init) ?? "-"): \(hostile.fragment)\ngot:\n\(error.description.prefix(2000))"
            )
            for diagnostic in error.items {
                #expect(diagnostic.file != "<default>", "\(diagnostic)")
                if diagnostic.file.hasSuffix(".toml") { #expect(diagnostic.line != nil, "no line: \(diagnostic)") }
                #expect(diagnostic.description.count < 1000, "a diagnostic of \(diagnostic.description.count) characters")
            }
        }
    }

    /// A key the file does not set points at the table it belongs in, in whichever file opens that table.
    @Test func aMissingKeyPointsAtItsTable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-hostile-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try String(contentsOfFile: "\(Self.fixtures)/fixture-base.toml", encoding: .utf8)
            .replacingOccurrences(of: "dtb_addr = 0x49000000\n", with: "")
        try base.write(toFile: "\(dir)/fixture-base.toml", atomically: true, encoding: .utf8)
        try "[profile]\nname = \"derived\"\nextends = \"fixture-base\"\n".write(
            toFile: "\(dir)/derived.toml", atomically: true, encoding: .utf8)
        let boot = base.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(of: "[boot]")! + 1
        #expect(throws: Diagnostics.self) { try ProfileResolver(catalog: ProfileCatalog(directories: [dir])).resolve("derived") }
        do {
            _ = try ProfileResolver(catalog: ProfileCatalog(directories: [dir])).resolve("derived")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    "\(dir)/fixture-base.toml:\(boot): error: missing 'boot.dtb_addr': required because boot.dtb_source is partition [boot.dtb_addr]"
                ])
        }
    }

    @Test func aMegabyteKeyIsPrintedOnceAndCut() {
        let key = String(repeating: "k", count: 1_000_000)
        do {
            _ = try Self.resolve(Array("\(key) = 1\n".utf8))
            Issue.record("resolved")
        } catch {
            let text = error.description
            #expect(text.count < 600, "\(text.count) characters")
            #expect(text.contains("(1000008 characters)"))
        }
    }

    @Test func aCRLFFileCountsItsLines() {
        let body = Array("[boot]\r\n# note\r\nformats = []\r\n".utf8)
        #expect(throws: Diagnostics.self) { try Self.resolve(body) }
        do { _ = try Self.resolve(body) } catch {
            #expect(
                error.errors.contains { $0.file == Self.file && $0.line == 6 && $0.message.contains("must list at least one value") },
                "\(error)")
        }
    }

    @Test func anInvalidUTF8ProfileIsNotAMissingOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-hostile-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data([0x5B, 0x70, 0xFF, 0x5D, 0x0A]).write(to: URL(fileURLWithPath: "\(dir)/latin.toml"))
        do {
            _ = try ProfileResolver(catalog: ProfileCatalog(directories: [dir])).resolve("latin")
            Issue.record("resolved")
        } catch {
            #expect(error.errors.map(\.file) == ["\(dir)/latin.toml"])
            #expect(error.errors.first?.line == 1)
            #expect(!error.description.contains("no profile named"))
        }
    }
}
