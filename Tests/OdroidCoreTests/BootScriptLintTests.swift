import OdroidCore
import Testing
import TestSupport

@Suite("Boot script lint, per u-boot flavour", .tags(.pure))
struct BootScriptLintTests {
    let old = BootScriptLint(format: .ini, flavour: .hardkernel2012)
    let new = BootScriptLint(format: .ini, flavour: .hardkernel2017)

    func errors(_ lint: BootScriptLint, _ text: String) -> [String] {
        lint.lint(text, file: "boot.ini").filter { $0.severity == .error }.map { "\($0.line ?? 0): \($0.message)" }
    }

    @Test func aGoodFileIsClean() {
        let text = "ODROIDXU-UBOOT-CONFIG\n# c\nsetenv bootargs \"console=ttySAC2 ro\"\nif test -e mmc 0 x; then echo y; fi\nbootm 0x43000000 0x46000000 0x49000000\n"
        #expect(errors(old, text).isEmpty)
        #expect(errors(new, text).isEmpty)
    }

    @Test func magicLineRules() {
        #expect(errors(old, "ODROIDXU-UBOOT-CONFIG \nbootm\n").first?.contains("trailing blanks") == true)
        #expect(errors(old, "odroidxu-uboot-config\nbootm\n").first?.contains("case-sensitively") == true)
        #expect(errors(old, "# comment first is fine for 2012\nODROIDXU-UBOOT-CONFIG\n").isEmpty)
        #expect(errors(new, "# but not for 2017\nODROIDXU-UBOOT-CONFIG\n").first?.contains("at byte 0") == true)
        #expect(errors(new, "odroidxu-uboot-config\nbootm\n").isEmpty)
    }

    @Test func bomCrAndLongLines() {
        #expect(errors(old, "\u{FEFF}ODROIDXU-UBOOT-CONFIG\n").contains { $0.contains("byte-order mark") })
        #expect(errors(old, "ODROIDXU-UBOOT-CONFIG\r\nbootm\r\n").contains { $0.contains("CR") })
        let long = "setenv x " + String(repeating: "a", count: 503)
        #expect(long.utf8.count == 512)
        #expect(errors(old, "ODROIDXU-UBOOT-CONFIG\n\(long)\n") == ["2: line is 512 bytes; u-boot hardkernel-2012 reads lines shorter than 512 bytes (longer lines are cut or overflow its buffer)"])
        #expect(errors(new, "ODROIDXU-UBOOT-CONFIG\n\(long)\n").isEmpty)
    }

    @Test func multiLineBlocksOnlyFailThe2012Parser() {
        let text = "ODROIDXU-UBOOT-CONFIG\nif test 1 = 1; then\necho a\nfi\n"
        #expect(errors(old, text).contains { $0.hasPrefix("2: multi-line block") })
        #expect(errors(new, text).isEmpty)
        #expect(errors(new, "ODROIDXU-UBOOT-CONFIG\nif true; then\n").contains { $0.contains("never closed") })
    }

    @Test func indentedCommentsFailThe2012Parser() {
        #expect(errors(old, "ODROIDXU-UBOOT-CONFIG\n  # note\n") == ["2: comment does not start at column 0; the 2012.07 parser only skips '#' in the first column"])
    }

    @Test func bootargsQuotingAndLength() {
        #expect(errors(new, "ODROIDXU-UBOOT-CONFIG\nsetenv bootargs \"root=UUID=\"x\" ro\"\n").contains { $0.contains("ends it early") })
        #expect(errors(new, "ODROIDXU-UBOOT-CONFIG\nsetenv bootargs \"console=ttySAC2\n").contains { $0.contains("never closed") })
        let args = String(repeating: "x", count: 1024)
        let cmd = BootScriptLint(format: .extlinux, flavour: .mainline)
        #expect(cmd.lint("label a\n  append \(args)\n", file: "extlinux.conf").contains { $0.message.contains("kernel command line is 1024 bytes") })
    }

    @Test func fileSizeLimitOfCfgload() {
        let big = "ODROIDXU-UBOOT-CONFIG\n" + String(repeating: "# padding line of forty bytes.........\n", count: 1700)
        #expect(errors(old, big).contains { $0.contains("at most 65536 bytes") })
    }
}
