@testable import OdroidCore
import Testing
import TestSupport

@Suite("TOML subset parser", .tags(.pure))
struct TOMLParserTests {
    @Test func tablesKeysAndLines() throws {
        let doc = try TOMLParser.parse(
            """
            # comment
            top = "a"
            [board]
            dram_base = 0x4000_0000 # trailing comment
            compatible = [
                "a", # one
                "b",
            ]
            [kernel.source]
            kind = 'git'
            """)
        #expect(doc["top"] == TOMLNode(.string("a"), line: 2))
        guard case .table(let board)? = doc["board"]?.value else { Issue.record("no board table"); return }
        #expect(board["dram_base"] == TOMLNode(.integer(0x4000_0000), line: 4))
        #expect(board["compatible"]?.value == .array([TOMLNode(.string("a"), line: 6), TOMLNode(.string("b"), line: 7)]))
        guard case .table(let kernel)? = doc["kernel"]?.value, case .table(let source)? = kernel["source"]?.value else {
            Issue.record("no kernel.source"); return
        }
        #expect(source["kind"] == TOMLNode(.string("git"), line: 10))
    }

    @Test func dottedKeysInlineTablesAndArraysOfTables() throws {
        let doc = try TOMLParser.parse(
            """
            a.b.c = true
            r = [{ name = "x", start = 0x10, size = "1K" }]
            [[item]]
            n = 1
            [[item]]
            n = -2
            """)
        guard case .table(let a)? = doc["a"]?.value, case .table(let b)? = a["b"]?.value else { Issue.record("no a.b"); return }
        #expect(b["c"]?.value == .bool(true))
        guard case .array(let items)? = doc["item"]?.value else { Issue.record("no items"); return }
        #expect(items.count == 2)
        if case .table(let second) = items[1].value { #expect(second["n"]?.value == .integer(-2)) }
    }

    @Test func windowsLineEndingsCountLines() throws {
        let doc = try TOMLParser.parse("a = 1\r\n\r\nb = 2\r\n")
        #expect(doc["b"] == TOMLNode(.integer(2), line: 3))
    }

    @Test func escapesInBasicStrings() throws {
        let doc = try TOMLParser.parse(#"s = "q\"uote\\ tab\t \u00e9""#)
        #expect(doc["s"]?.value == .string("q\"uote\\ tab\t é"))
    }

    @Test(arguments: [
        ("a = 1\na = 2", 2, "set twice"),
        ("[t]\n[t]", 2, "defined twice"),
        ("a = 1.5", 1, "float"),
        ("a = 1979-05-27", 1, "date"),
        ("a = \"\"\"x\"\"\"", 1, "multi-line"),
        ("a = \"open", 1, "unterminated"),
        ("a = bare", 1, "strings need quotes"),
        ("a = 1 b = 2", 1, "one key = value per line"),
        ("[t\na = 1", 1, "expected ']'"),
        ("a = [1, 2", 1, "unterminated array"),
        ("a = 0xZZ", 1, "not a valid integer"),
        ("a = 1\na.b = 2", 2, "already an integer"),
    ])
    func syntaxErrorsCarryTheirLine(text: String, line: Int, fragment: String) {
        do {
            _ = try TOMLParser.parse(text)
            Issue.record("expected an error for \(text)")
        } catch let error as TOMLError {
            #expect(error.line == line)
            #expect(error.message.contains(fragment), "message: \(error.message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
