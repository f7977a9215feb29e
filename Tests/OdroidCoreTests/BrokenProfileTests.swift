import Foundation
import OdroidCore
import Testing
import TestSupport

/// Each fixture in Fixtures/profiles breaks a profile on purpose and lists the diagnostics it must produce
/// as `# expect: LINE: text` comments (LINE 0 = no line). All expected problems must be reported at once.
@Suite("Broken profiles give precise diagnostics", .tags(.pure))
struct BrokenProfileTests {
    static let directory = "\(Repository.root)/Tests/OdroidCoreTests/Fixtures/profiles"
    static let fixtures: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
        .filter { $0.hasSuffix(".toml") && !$0.hasPrefix("fixture-") }.map { String($0.dropLast(5)) }.sorted()

    @Test func thereAreFixtures() { #expect(Self.fixtures.count >= 15) }

    @Test func theBaseFixtureIsValid() throws {
        _ = try ProfileResolver(catalog: ProfileCatalog(directories: [Self.directory])).resolve("fixture-ok")
    }

    @Test(arguments: fixtures)
    func fixtureReportsExactlyWhatItExpects(name: String) throws {
        let path = "\(Self.directory)/\(name).toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let expected: [(line: Int, text: String)] = text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("# expect: ") else { return nil }
            let rest = line.dropFirst("# expect: ".count)
            guard let colon = rest.firstIndex(of: ":"), let number = Int(rest[..<colon]) else { return nil }
            return (number, String(rest[rest.index(after: colon)...].dropFirst()))
        }
        #expect(!expected.isEmpty, "fixture \(name) has no '# expect:' lines")
        do {
            _ = try ProfileResolver(catalog: ProfileCatalog(directories: [Self.directory])).resolve(name)
            Issue.record("\(name) resolved without errors")
        } catch {
            let errors = error.errors
            for want in expected {
                let found = errors.contains { d in (d.line ?? 0) == want.line && d.message.contains(want.text) }
                #expect(found, "\(name): expected line \(want.line): \(want.text)\ngot:\n\(error.description)")
            }
            #expect(errors.count == expected.count, "\(name): \(errors.count) errors, \(expected.count) expected:\n\(error.description)")
            for d in errors { #expect(d.description.hasPrefix(d.file), "diagnostic starts with its file: \(d)") }
        }
    }
}
