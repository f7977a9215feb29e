import OdroidCore
import Testing
import TestSupport

/// The lint against each parser as its source behaves (docs/u-boot-parsers.md), including the false positives
/// and false negatives the old lint had on real-world files.
@Suite("Boot script lint, per u-boot flavour", .tags(.pure))
struct BootScriptLintTests {
    let old = BootScriptLint(format: .ini, flavour: .hardkernel2012)
    let lines = BootScriptLint(format: .ini, flavour: .hardkernel2017Lines)
    let new = BootScriptLint(format: .ini, flavour: .hardkernel2017)

    func errors(_ lint: BootScriptLint, _ text: String) -> [String] {
        lint.lint(text, file: "boot.ini").filter { $0.severity == .error }.map { "\($0.line ?? 0): \($0.message)" }
    }
    func warnings(_ lint: BootScriptLint, _ text: String) -> [String] {
        lint.lint(text, file: "boot.ini").filter { $0.severity == .warning }.map { "\($0.line ?? 0): \($0.message)" }
    }

    @Test func aGoodFileIsCleanForEveryHardkernelParser() {
        let text =
            "ODROIDXU-UBOOT-CONFIG\n# c\nsetenv bootargs \"console=ttySAC2 ro\"\nif test -e mmc 0 x; then echo y; fi\nbootm 0x43000000 0x46000000 0x49000000\n"
        for lint in [old, lines, new] { #expect(errors(lint, text).isEmpty, "\(lint.flavour)") }
    }

    @Test func magicLineRules() {
        #expect(errors(old, "ODROIDXU-UBOOT-CONFIG \nbootm\n").first?.contains("trailing blanks") == true)
        #expect(errors(old, "odroidxu-uboot-config\nbootm\n").first?.contains("case-sensitively") == true)
        #expect(errors(old, "# comment first is fine for 2012\nODROIDXU-UBOOT-CONFIG\nbootm\n").isEmpty)
        #expect(
            errors(old, "   \nODROIDXU-UBOOT-CONFIG\nbootm\n").first?.contains("a line of blanks before the magic aborts the file") == true)
        // The 2017.05 line parser skips everything before the magic, which may be on any line, but compares exactly.
        #expect(errors(lines, "setenv junk\n# comment\nODROIDXU-UBOOT-CONFIG\nbootm\n").isEmpty)
        #expect(errors(lines, "odroidxu-uboot-config\nbootm\n").first?.contains("exactly ODROIDXU-UBOOT-CONFIG") == true)
        // The whole-script parser: the first 21 bytes, without case; nothing before them.
        #expect(errors(new, "# but not for 2017\nODROIDXU-UBOOT-CONFIG\n").first?.contains("it is on line 2") == true)
        #expect(errors(new, "odroidxu-uboot-config\nbootm\n").isEmpty)
        #expect(
            errors(BootScriptLint(format: .ini, flavour: .mainline), "ODROIDXU-UBOOT-CONFIG\nbootm\n").first?.contains(
                "never reads boot.ini") == true)
    }

    @Test("CR: 2012.07 drops it (a warning: it breaks 2017.05), both 2017.05 parsers keep it (an error)")
    func carriageReturns() {
        let crlf = "ODROIDXU-UBOOT-CONFIG\r\nfatload mmc 0:1 0x40008000 zImage\r\nbootz 0x40008000\r\n"
        #expect(errors(old, crlf).isEmpty)
        #expect(warnings(old, crlf).contains { $0.contains("drops them") })
        #expect(errors(lines, crlf).contains { $0.contains("keeps the \\r") })
        #expect(errors(new, crlf).contains { $0.contains("keeps the \\r") })
    }

    @Test(
        "comments: column 0 for 2012.07 (an indented one is run through hush, harmless); '#' or ';' after blanks for the 2017.05 lines parser"
    )
    func comments() {
        #expect(errors(old, "ODROIDXU-UBOOT-CONFIG\n  # note\nbootm\n").isEmpty, "an indented comment was a false positive")
        #expect(errors(lines, "ODROIDXU-UBOOT-CONFIG\n  ; note\n  # note\nbootm\n").isEmpty)
        let longComment = "#" + String(repeating: "c", count: 700)
        #expect(
            errors(old, "ODROIDXU-UBOOT-CONFIG\n\(longComment)\nbootm\n").isEmpty,
            "a column-0 comment is never copied into the 512-byte buffer")
        #expect(
            errors(old, "ODROIDXU-UBOOT-CONFIG\n " + longComment + "\nbootm\n").contains { $0.contains("is 702 bytes") },
            "an indented one is")
    }

    @Test func lineLengthPerParser() {
        let long = "setenv x " + String(repeating: "a", count: 503)
        #expect(long.utf8.count == 512)
        #expect(
            errors(old, "ODROIDXU-UBOOT-CONFIG\n\(long)\nbootm\n") == [
                "2: line is 512 bytes; u-boot hardkernel-2012 reads lines shorter than 512 bytes (longer lines are cut or overflow its buffer)"
            ])
        #expect(errors(old, "ODROIDXU-UBOOT-CONFIG\n\(long.dropLast())\nbootm\n").isEmpty, "511 bytes is the longest line that runs")
        #expect(errors(lines, "ODROIDXU-UBOOT-CONFIG\n\(long)\nbootm\n").isEmpty)
        #expect(errors(new, "ODROIDXU-UBOOT-CONFIG\n\(long)\nbootm\n").isEmpty)
    }

    @Test(
        "blocks: line-wise parsers need them on one line, the whole-script parser needs them closed; keywords in quotes or comments are text"
    )
    func blocks() {
        let multi = "ODROIDXU-UBOOT-CONFIG\nif test 1 = 1; then\necho a\nfi\n"
        #expect(errors(old, multi).contains { $0.hasPrefix("2: multi-line block") })
        #expect(errors(lines, multi).contains { $0.hasPrefix("2: multi-line block") })
        #expect(errors(lines, multi).contains { $0.hasPrefix("4: multi-line block") }, "the lone fi is a syntax error too")
        #expect(errors(new, multi).isEmpty)
        #expect(errors(new, "ODROIDXU-UBOOT-CONFIG\nif true; then\n").contains { $0.contains("never closed") })
        let quoted = "ODROIDXU-UBOOT-CONFIG\nsetenv msg \"for while until if\"\necho done\n# for the XU: if you change this\nbootm\n"
        for lint in [old, lines, new] {
            #expect(errors(lint, quoted).isEmpty, "\(lint.flavour): keywords in quotes or comments were false positives")
        }
        let continued = "ODROIDXU-UBOOT-CONFIG\nsetenv bootargs \"console=ttySAC2\" \\\n  \"root=/dev/mmcblk0p2\"\nbootm\n"
        #expect(errors(old, continued).contains { $0.contains("no line continuation") })
    }

    @Test("quotes: a ' anywhere in a command (hush's quirk inside \"...\"), an unclosed \", NUL, a missing final LF under 2012.07")
    func falseNegativesOfTheOldLint() {
        for lint in [old, lines, new] {
            #expect(
                errors(lint, "ODROIDXU-UBOOT-CONFIG\nsetenv bootargs \"console=ttySAC2 it's\"\nbootm\n").contains {
                    $0.contains("unpaired '")
                }, "\(lint.flavour)")
            #expect(
                errors(lint, "ODROIDXU-UBOOT-CONFIG\nsetenv x \"it 'is' here\"\nbootm\n").contains { $0.contains("removes it") },
                "\(lint.flavour)")
            #expect(
                errors(lint, "ODROIDXU-UBOOT-CONFIG\nsetenv verify 'if test 1; then echo 1; fi'\nbootm\n").isEmpty,
                "\(lint.flavour): top-level single quotes are ordinary quoting")
            #expect(errors(lint, "ODROIDXU-UBOOT-CONFIG\nsetenv x 'open\nbootm\n").contains { $0.contains("unpaired") }, "\(lint.flavour)")
            #expect(
                errors(lint, "ODROIDXU-UBOOT-CONFIG\nsetenv fdtfile \"board.dtb\nbootm\n").contains {
                    $0.contains("never closed on this line")
                }, "\(lint.flavour)")
            #expect(errors(lint, "ODROIDXU-UBOOT-CONFIG\nsetenv a 1\u{0}2\nbootm\n").contains { $0.contains("NUL") }, "\(lint.flavour)")
        }
        #expect(errors(old, "ODROIDXU-UBOOT-CONFIG\nbootm 0x43000000").contains { $0.contains("one byte past the end") })
        #expect(errors(lines, "ODROIDXU-UBOOT-CONFIG\nbootm 0x43000000").isEmpty)
        // A comment after the closing quote of bootargs is fine (a false positive before).
        #expect(errors(old, "ODROIDXU-UBOOT-CONFIG\nsetenv bootargs \"console=ttySAC2\"  # serial\nbootm\n").isEmpty)
        #expect(errors(old, "ODROIDXU-UBOOT-CONFIG\nsetenv bootargs \"a=1; b=2\"\nbootm\n").isEmpty, "';' inside double quotes is literal")
    }

    @Test func bootargsQuotingAndLength() {
        #expect(errors(new, "ODROIDXU-UBOOT-CONFIG\nsetenv bootargs \"root=UUID=\"x\" ro\"\n").contains { $0.contains("ends it early") })
        let args = String(repeating: "x", count: 1024)
        let cmd = BootScriptLint(format: .extlinux, flavour: .mainline)
        #expect(
            cmd.lint("label a\n  append \(args)\n", file: "extlinux.conf").contains {
                $0.message.contains("kernel command line is 1024 bytes")
            })
    }

    @Test func fileSizeLimitOfCfgload() {
        let big = "ODROIDXU-UBOOT-CONFIG\n" + String(repeating: "# padding line of forty bytes.........\n", count: 1700)
        #expect(errors(old, big).contains { $0.contains("at most 65536 bytes") })
        #expect(errors(lines, big).contains { $0.contains("at most 65536 bytes") })
    }

    @Test("the BOM, for every parser")
    func byteOrderMark() {
        for lint in [old, lines, new] {
            #expect(errors(lint, "\u{FEFF}ODROIDXU-UBOOT-CONFIG\nbootm\n").contains { $0.contains("byte-order mark") })
        }
    }
}
