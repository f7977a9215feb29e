import Foundation
import TestSupport
import Testing

/// Every test says how big it is (`.pure`, `.realProcess`, `.boot`, `.kernel`, from TestSupport's Tags), on
/// itself or on the `@Suite` around it, so a run can pick the fast ones. Reads the Tests directory of this
/// checkout, found from this file's path.
@Suite("Every test carries a size tag", .tags(.pure))
struct SizeTagTests {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path

    /// Every .swift file under Tests/, relative to it.
    static func swiftFiles() throws -> [String] {
        let walker = try #require(FileManager.default.enumerator(atPath: testsDirectory))
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted()
    }

    @Test func everyTestAndSuiteInTheTestsDirectoryIsSized() throws {
        let files = try Self.swiftFiles()
        #expect(files.contains("OdroidCoreTests/SizeTagTests.swift"), "found the Tests directory at \(Self.testsDirectory)")
        var unsized: [String] = []
        var tests = 0
        for file in files {
            let text = try String(contentsOfFile: "\(Self.testsDirectory)/\(file)", encoding: .utf8)
            let scan = SizeTagScan(source: text)
            tests += scan.findings.filter { $0.attribute == "@Test" }.count
            unsized += scan.unsized.map { "Tests/\(file):\($0.line): \($0.attribute) without .tags(.pure|.realProcess|.boot|.kernel)" }
        }
        #expect(tests > 300, "the scan found only \(tests) tests")
        #expect(unsized.isEmpty, "\(unsized.joined(separator: "\n"))")
    }

    @Test func aTestOutsideATaggedSuiteIsFound() {
        let scan = SizeTagScan(
            source: """
                @Suite("sized", .tags(.pure))
                struct A {
                    @Test func inside() {}
                }
                struct B {
                    @Test func outside() {}
                    @Test(.tags(.realProcess)) func ownTag() {}
                }
                extension A {
                    @Test("in an extension: not lexically inside the suite") func later() {}
                }
                """)
        #expect(
            scan.unsized == [
                SizeTagScan.Finding(attribute: "@Test", line: 6, sized: false),
                SizeTagScan.Finding(attribute: "@Test", line: 10, sized: false),
            ])
        #expect(scan.findings.count == 5)
    }

    @Test func anUntaggedSuiteAndOneWithAnotherTagAreFound() {
        let scan = SizeTagScan(
            source: """
                @Suite("no size", .serialized, .tags(.slow))
                struct A {
                    @Test func one() {}
                }
                @Suite("multi-line",
                       .serialized,
                       .tags(.boot))
                struct B { @Test func two() {} }
                """)
        #expect(scan.unsized.map(\.line) == [1, 3])
    }

    @Test func aSuiteWhoseTestsAreAllSizedIsSized() {
        let scan = SizeTagScan(
            source: """
                @Suite("mixed sizes")
                struct A {
                    @Test(.tags(.pure)) func small() {}
                    @Test(.tags(.realProcess)) func bigger() {}
                }
                @Suite("one unsized")
                struct B {
                    @Test(.tags(.pure)) func small() {}
                    @Test func unsized() {}
                }
                @Suite("empty") struct C {}
                """)
        #expect(scan.unsized.map(\.line) == [6, 9, 11])
    }

    @Test func stringsAndCommentsCountForNothing() {
        let scan = SizeTagScan(
            source: #"""
                // @Test in a comment, .tags(.pure) too
                @Suite("a { brace and .tags(.pure) in the name", .tags(.pure))
                struct A {
                    @Test func one() { let s = "}\(f("}"))"; _ = s; _ = #"}"# }
                    /* } */
                    @Test func two() { _ = """
                        }
                        """ }
                }
                @Test("@Suite(.tags(.pure)) {") func free() {}
                """#)
        #expect(scan.findings.map(\.line) == [2, 4, 6, 10])
        #expect(scan.unsized.map(\.line) == [10])
    }
}
