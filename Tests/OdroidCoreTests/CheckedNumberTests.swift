import OdroidCore
import Testing
import TestSupport

/// The one number reader and the 32-bit address space (issue 11, class 1): every text gives a value or a
/// problem, at the edges of 2^64 and 4 GiB included, and no sum wraps.
@Suite("Checked numbers and the 32-bit address space", .tags(.pure))
struct CheckedNumberTests {
    static let integerCases: [(String, UInt64)] = [
        ("0", 0), ("18446744073709551615", UInt64.max), ("0xFFFFFFFFFFFFFFFF", UInt64.max), ("0x4000_8000", 0x4000_8000),
        ("1_048_576", 1_048_576), ("0X10", 16),
    ]

    @Test(arguments: integerCases)
    func integersAtTheEdges(text: String, value: UInt64) {
        #expect(NumberText.integer(text) == .success(value))
    }

    static let integerProblemCases: [(String, NumberText.Problem)] = [
        ("18446744073709551616", .tooLarge), ("0x10000000000000000", .tooLarge),
        ("99999999999999999999999999999999", .tooLarge), ("", .notANumber), ("0x", .notANumber), ("-1", .notANumber),
        ("+1", .notANumber), ("1.5", .notANumber), ("0x1G", .notANumber), ("١٢", .notANumber), ("_", .notANumber),
    ]

    @Test(arguments: integerProblemCases)
    func integerProblems(text: String, problem: NumberText.Problem) {
        #expect(NumberText.integer(text) == .failure(problem))
    }

    static let sizeCases: [(String, UInt64)] = [
        ("512M", 536_870_912), ("2GiB", 2_147_483_648), (" 64K ", 65_536), ("16777215T", 18_446_742_974_197_923_840),
        ("17179869183G", 18_446_744_072_635_809_792), ("0x10M", 16_777_216), ("4294967296", 4_294_967_296),
    ]

    @Test(arguments: sizeCases)
    func sizesAtTheEdges(text: String, value: UInt64) {
        #expect(NumberText.size(text) == .success(value))
    }

    static let sizeProblemCases: [(String, NumberText.Problem)] = [
        ("99999999T", .tooLarge), ("16777216T", .tooLarge), ("17179869184G", .tooLarge),
        ("18446744073709551616", .tooLarge), ("1.5G", .notANumber), ("16E", .notANumber), ("M", .notANumber), ("-1M", .notANumber),
    ]

    @Test(arguments: sizeProblemCases)
    func sizeProblems(text: String, problem: NumberText.Problem) {
        #expect(NumberText.size(text) == .failure(problem))
    }

    @Test func windowsEndInsideTheSpace() {
        #expect(AddressSpace.end(start: 0xFFFF_FFFF, size: 1) == 1 << 32)
        #expect(AddressSpace.end(start: 0xFFFF_FFFF, size: 2) == nil)
        #expect(AddressSpace.end(start: 0, size: 1 << 32) == 1 << 32)
        #expect(AddressSpace.end(start: UInt64.max, size: UInt64.max) == nil)
        #expect(AddressSpace.end(start: 1 << 33, size: 0) == nil)
        #expect(
            AddressSpace.problem(with: MemoryRegion(name: "r", start: 0xC000_0000, size: 1 << 31))?.contains("runs past the end") == true)
        #expect(AddressSpace.problem(with: MemoryRegion(name: "r", start: 1 << 32, size: 0))?.contains("above the 32-bit") == true)
        #expect(AddressSpace.problem(with: MemoryRegion(name: "r", start: 0x4000_0000, size: 0x8000_0000)) == nil)
    }

    @Test func regionEndsSaturateInsteadOfWrapping() {
        let region = MemoryRegion(name: "r", start: UInt64.max - 1, size: 16)
        #expect(region.end == UInt64.max)
        #expect(!region.overlaps(MemoryRegion(name: "low", start: 0, size: 0x100)))
        #expect(region.overlaps(MemoryRegion(name: "top", start: UInt64.max - 1, size: 1)))
    }

    @Test(arguments: [TOMLParser.maxDepth, TOMLParser.maxDepth + 1])
    func nestingUpToTheBoundParses(depth: Int) {
        let text = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let parsed = Result { try TOMLParser.parse(text) }
        if depth <= TOMLParser.maxDepth {
            #expect((try? parsed.get()) != nil, "depth \(depth)")
        } else {
            #expect(throws: TOMLError.self) { try parsed.get() }
        }
    }

    @Test func longTextsAreQuotedCut() {
        #expect(Diagnostic.quoted("short") == "'short'")
        let long = Diagnostic.quoted(String(repeating: "x", count: 10_000))
        #expect(long.count < 120 && long.hasSuffix("… (10000 characters)'"))
    }
}
