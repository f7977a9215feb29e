import Foundation
import OdroidCore
import Testing
import TestSupport

/// The allowlist for names that reach u-boot lines and FAT, and the renderers that refuse to put anything
/// else into a script, whoever supplied it (a manifest version read back from the partition included).
@Suite("Boot names: only what hush and FAT take literally", .tags(.pure))
struct BootNameTests {
    static let hostileNames: [String] = [
        "3.12;reset", "3.12 && reset", "3.12|reset", "#3.12", "3.12'", "3.12\treset", "3.12\nsetenv bootcmd reset", "3.12\r",
        "3.12$x", "3.12\"", "3.12\\", "3.12`id`", "3.12*", "3.12?", "3.12:1", "3.12<x", "3.12>x", "3.12\u{1B}[2J", "3.12\u{7F}",
        "３.12", "3.1\u{0301}2", "3.12\u{202E}", "", ".hidden", "-option", "..", String(repeating: "a", count: 256), "a b",
    ]

    @Test(arguments: hostileNames)
    func hostileNamesAreRefused(name: String) {
        #expect(BootFileName.problem(inName: name) != nil, "\(name.debugDescription) passed")
    }

    @Test(arguments: [
        "3.12.3", "4.6.3-odroidxu4-1+", "6.1", "uImage-3.12.3", "exynos5410-odroidxu.dtb", "a_b", String(repeating: "a", count: 255),
    ])
    func plainNamesPass(name: String) {
        #expect(BootFileName.problem(inName: name) == nil)
    }

    @Test(arguments: ["../boot.ini", "dtbs/../../victim", "/etc/passwd", "dtbs//x.dtb", "dtbs/", "./x", "dtbs/.x/y", "dtbs/-x/y"])
    func escapingOrUnnormalisedPathsAreRefused(path: String) {
        #expect(BootFileName.problem(inPath: path) != nil, "\(path) passed")
    }

    @Test func pathsOfComponentsPass() {
        #expect(BootFileName.problem(inPath: "dtbs/3.12.3/exynos5410-odroidxu.dtb") == nil)
        #expect(BootFileName.problem(inName: "dtbs/3.12.3") != nil, "a name has no '/'")
    }

    /// The renderer is the last stop before a u-boot line: a version read back from a crafted manifest
    /// (default, rollback) cannot become commands even if every earlier check were skipped.
    @Test(arguments: ["3.12.3\nsetenv bootcmd reset", "3.12.3;reset", "3.12.3 && reset", "#x", "3.12.3'"])
    func renderersRefuseHostileVersions(version: String) throws {
        let profile = try Shipped.resolve("odroidxu")
        for format in [ResolvedProfile.ScriptFormat.ini, .cmd, .prompt] {
            #expect(throws: Diagnostics.self, "\(format) rendered \(version.debugDescription)") {
                try BootScriptRenderer(profile: profile, templates: Shipped.templates).render(format, version: version)
            }
        }
        let tryOnce = TryOnceScriptRenderer(profile: profile, templates: Shipped.templates)
        #expect(throws: Diagnostics.self) { try tryOnce.render(trial: "3.12.3", fallback: version, token: "t") }
        #expect(throws: Diagnostics.self) { try tryOnce.render(trial: "3.12.3", fallback: "3.11", token: version) }
        #expect(throws: Never.self) { try tryOnce.render(trial: "3.12.3", fallback: "3.11", token: "3.12.3-1700000000") }
    }

    @Test func bootargsTakeSemicolonButNotApostrophe() throws {
        let semicolon = try Shipped.resolve("odroidxu", overrides: ["boot.bootargs=foo.dyndbg=+p;+t"])
        let text = try BootScriptRenderer(profile: semicolon, templates: Shipped.templates).render(.ini, version: "3.12.3").text
        #expect(
            text.contains("setenv bootargs \"console=tty1 console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro foo.dyndbg=+p;+t\"\n"), "\(text)")
        for key in ["boot.bootargs=it's", "boot.console=ttySAC2'", "boot.root=UUID='x'"] {
            #expect(throws: Diagnostics.self, "\(key)") { try Shipped.resolve("odroidxu", overrides: [key]) }
        }
    }
}
