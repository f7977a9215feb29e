import CommandValues
import OdroidProcess
import Testing

@Suite("POSIX sh quoting of printed commands", .tags(.pure))
struct ShellQuoteTests {
    @Test(arguments: [
        ("make", "make"),
        ("LOADADDR=0x40008000", "LOADADDR=0x40008000"),
        ("a b", "'a b'"),
        ("", "''"),
        ("it's", "'it'\\''s'"),
        ("$(rm -rf /)", "'$(rm -rf /)'"),
        ("-j2", "-j2"),
    ])
    func quotes(input: String, expected: String) {
        #expect(ShellQuote.quote(input) == expected)
    }

    @Test func commandLineHasEnvironmentAndDirectory() {
        let command = Command(
            ["make", "O=/tmp/b b", "uImage"], environment: ["CROSS_COMPILE": "arm-linux-gnueabihf-", "ARCH": "arm"],
            workingDirectory: "/src")
        #expect(command.shellLine == "cd /src && ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- make 'O=/tmp/b b' uImage")
    }
}
