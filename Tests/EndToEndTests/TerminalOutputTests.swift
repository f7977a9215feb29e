import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// What the built binary prints when the values it quotes are hostile: escape sequences (retitle, clear
/// screen, CSI as a C1 control), carriage returns and bidirectional overrides in an option, a profile
/// value, a path or a manifest read off a partition never reach stdout or stderr raw.
@Suite("Nothing printed carries a raw escape sequence", .tags(.realProcess))
struct TerminalOutputTests {
    static let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J\r\u{9B}31m\u{202E}"

    static func raw(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { TerminalText.needsEscape($0, keepLineBreaks: true) }
    }

    static let invocations: [[String]] = [
        ["-p", "odroidxu", "-k", hostile, "--dry-run"],
        ["profiles", "show", "odroidxu", "--set", "boot.root=\(hostile)"],
        ["profiles", "show", hostile],
        ["--\(hostile)"],
        ["boot-script", "-p", "odroidxu", "-k", "3.12.3", "-o", "/nonexistent-\(hostile)/x"],
        ["list", "--boot-image", "/nonexistent-\(hostile).img", "-p", "odroidxu"],
        ["-p", "odroidxu", "-k", "3.12.3", "--dry-run", "--work-dir", "/tmp/w\(hostile)"],
        ["-p", "odroidxu", "-k", "3.12.3", "--dry-run", "--boot-image", "/tmp/odroid-nonexistent-\(hostile).img"],
        ["flash", "/nonexistent-\(hostile).img", "--device", "/nonexistent-\(hostile)"],
        ["-p", "odroidxu", "-k", "3.12.3", "--dry-run", "--cross-compile", hostile],
    ]

    @Test(arguments: invocations)
    func hostileArgumentsArePrintedSafely(arguments: [String]) throws {
        let out = try Binary.run(arguments)
        #expect(Self.raw(out.stdout).isEmpty, "stdout: \(out.stdout.debugDescription)")
        #expect(Self.raw(out.stderr).isEmpty, "stderr: \(out.stderr.debugDescription)")
        #expect(!(out.stdout + out.stderr).isEmpty, "it printed nothing at all")
    }

    /// A manifest on the partition with an escape sequence in a version: `list` refuses it and quotes the
    /// value with its escapes visible.
    @Test func aManifestWithEscapesIsQuotedSafely() throws {
        let scratch = try ScratchDirectory("terminal-manifest")
        try scratch.tool(["truncate", "-s", "8M", "boot.img"])
        try scratch.tool(["mkfs.vfat", "boot.img"])
        let manifest: [String: Any] = [
            "defaultHistory": [], "format": 1,
            "kernels": [["files": [], "installedAt": "2026-01-01T00:00:00Z", "profile": "odroidxu", "version": "3.12\(Self.hostile)"]],
        ]
        try scratch.write("odroid-build.json", try JSONSerialization.data(withJSONObject: manifest))
        try scratch.tool(["mcopy", "-i", "boot.img", "odroid-build.json", "::/odroid-build.json"], environment: ["MTOOLS_SKIP_CHECK": "1"])
        let out = try Binary.run(["list", "--boot-image", scratch.file("boot.img"), "-p", "odroidxu"])
        #expect(out.exitCode == 2, "\(out.stderr)")
        #expect(out.stderr.contains("kernels[0].version"), "\(out.stderr)")
        #expect(Self.raw(out.stderr).isEmpty && Self.raw(out.stdout).isEmpty, "\(out.stderr.debugDescription)")
    }
}
