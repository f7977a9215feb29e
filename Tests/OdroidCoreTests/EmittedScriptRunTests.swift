import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

/// The printed plan is run, not just read: the `--emit-script` text and the `--dry-run` listing of a plan
/// whose values are hostile (a newline and a command in --work-dir, `$(...)`, backquotes, escape sequences,
/// a defconfig or a note with a line break, an image name with `$(...)` and `@@`, a rendered script holding
/// the here-document's delimiter) are run by the real sh with PATH holding only logging fakes. Every
/// program that runs records its argv; the record must be exactly the plan's commands, in order, and
/// nothing else (no `touch`), and no file named PWNED may appear.
@Suite("Printed plans run exactly the plan's commands", .tags(.realProcess))
struct EmittedScriptRunTests {
    static let release = "3.12.3-fake"
    static let payload = "touch PWNED"

    /// Every program a printed plan may call, and some an injection would: each logs its argv; `make -s
    /// kernelrelease` prints a release, `mkdir` and `cat` also do their job (the script writes into the
    /// directories it made).
    static let fakes = [
        "make", "mkinitrd", "mkinitramfs", "dracut", "mkimage", "tar", "git", "cpio", "gzip", "find", "sort", "mcopy",
        "mmd", "mkdir", "cp", "mv", "sync", "cat", "ls", "tail", "dpkg-deb", "apt-get", "ln", "chmod", "rm", "mktemp",
        "touch", "sh", "bash", "id", "odroid-build", "curl", "wget", "reboot",
    ]

    /// A hostile variation of the seed's plan.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var work: String = "work"
        var source: String?
        var defconfig: String?
        var note: String?
        var mount: String?
        var image: String?
        var renderedExtra: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "newline and a command in --work-dir", work: "w\n\(payload) #"),
        Case(name: "$(...) in --work-dir", work: "w$(\(payload))"),
        Case(name: "backquotes in --work-dir", work: "w`\(payload)`"),
        Case(name: "quotes and ; in --work-dir", work: "w'; \(payload); '"),
        Case(name: "escape sequences and CR in --work-dir", work: "w\u{1B}]0;owned\u{07}\r\u{1B}[2J\u{9B}"),
        Case(name: "newline in --source", source: "src\n\(payload)\n"),
        Case(name: "newline in kernel.defconfig (a title and a command)", defconfig: "odroidxu_defconfig\n\(payload)"),
        Case(name: "newline in a plan note", note: "ccache\n\(payload)"),
        Case(name: "newline, ; and $ in the mounted boot partition", mount: "boot\n\(payload);$(\(payload))"),
        Case(name: "$(...) and @@ in the image name", image: "disk$(\(payload)).img@@0"),
        Case(
            name: "a rendered script holding the here-document delimiter", renderedExtra: "ODROID_BUILD_EOF\n\(payload)\nODROID_BUILD_EOF_1"
        ),
    ]

    /// The plan of `c` with its hostile values, rooted in `scratch`.
    static func plan(_ c: Case, scratch: String) throws -> Plan {
        var profile = try Shipped.resolve("odroidxu")
        if let defconfig = c.defconfig { profile.kernel.defconfig = defconfig }  // past the validator, on purpose
        var target: PlanOptions.BootTarget = .mounted(path: "\(scratch)/\(c.mount ?? "boot")")
        if let image = c.image {
            _ = FileManager.default.createFile(atPath: "\(scratch)/\(image)", contents: Data(count: 1024))
            target = .image(path: "\(scratch)/\(image)", offset: 1_048_576)
        }
        let options = PlanOptions(
            kernelVersion: "3.12.3", workDirectory: "\(scratch)/\(c.work)", cacheDirectory: "\(scratch)/cache",
            sourceOverride: c.source.map { "\(scratch)/\($0)" }, hostArch: "x86_64", cpuCount: 2, ccacheInstalled: true,
            bootTarget: target)
        var plan = PlanBuilder(profile: profile, options: options).build()
        if let note = c.note { plan.notes.append(note) }
        return plan
    }

    /// The argv of every program the printed plan must run, in order.
    static func expected(_ plan: Plan, standalone: Bool, renderedNames: [String]) -> [[String]] {
        let d = plan.directories
        var dirs = [d.work, d.build, d.output, d.logs]
        if case .run(let command)? = plan.step("source")?.action, command.program == "tar" { dirs.append(d.source) }
        var result: [[String]] = [["mkdir", "-p"] + dirs]
        func fill(_ argv: [String]) -> [String] {
            argv.map { $0.replacingOccurrences(of: "${\(Plan.kernelReleaseVariable)}", with: release) }
        }
        for step in plan.steps {
            switch step.action {
            case .run(let command), .capture(let command, _):
                result.append(fill(command.argv))
            case .renderBootScripts(let formats, let directory):
                if standalone {
                    result += renderedNames.map { _ in ["cat"] }
                } else {
                    var seen: Set<String> = []
                    for raw in formats {
                        let format = ResolvedProfile.ScriptFormat(rawValue: raw)!
                        let source: ResolvedProfile.ScriptFormat = format == .scr ? .cmd : format
                        let file = BootScriptNames.renderedFile(source)
                        guard seen.insert(file).inserted else { continue }
                        result.append([
                            "odroid-build", "boot-script", "--profile", plan.profile, "--kernel", plan.kernelVersion, "--format",
                            source.rawValue, "-o", "\(directory)/\(file)",
                        ])
                    }
                }
            case .install(let spec):
                for copy in spec.files + [spec.bootScript] {
                    switch plan.bootTarget {
                    case .mounted(let root):
                        let dest = "\(root)/\(copy.destination)"
                        if copy.destination.contains("/") { result.append(["mkdir", "-p", (dest as NSString).deletingLastPathComponent]) }
                        result += [["cp", copy.source, dest + ".new"], ["sync"], ["mv", dest + ".new", dest], ["sync"]]
                    case .image(_, let offset):
                        let image = "/dev/fd/3@@\(offset)"
                        if copy.destination.contains("/") {
                            result.append(["mmd", "-D", "s", "-i", image, "::/" + (copy.destination as NSString).deletingLastPathComponent])
                        }
                        if copy == spec.bootScript {
                            result.append(["mcopy", "-o", "-i", image, "::/\(copy.destination)", "::/\(copy.destination).bak"])
                        }
                        result.append(["mcopy", "-o", "-i", image, copy.source, "::/\(copy.destination)"])
                    }
                }
            case .cpioArchive, .busyboxInitramfs, .installIntoRoot, .targetInitramfs:
                Issue.record("the seed's plan has no \(step.id) step")
            }
        }
        return result
    }

    /// A fake that appends `argc`, then its name and arguments, each NUL-terminated (no argument can hold
    /// a NUL), to $ODROID_FAKE_LOG.
    static func makeFakes(in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in fakes {
            var body = "#!/bin/sh\nprintf '%s\\0' \"$#\" \"\(name)\" \"$@\" >> \"$ODROID_FAKE_LOG\"\n"
            switch name {
            case "make": body += "for a in \"$@\"; do [ \"$a\" = kernelrelease ] && echo \(release); done\nexit 0\n"
            case "mkdir": body += "exec /bin/mkdir \"$@\"\n"
            case "cat": body += "exec /bin/cat \"$@\"\n"
            default: body += "exit 0\n"
            }
            try ExecutableFile.write(body, to: "\(directory)/\(name)")
        }
    }

    static func parse(_ log: Data) -> [[String]] {
        var fields = log.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if fields.last == "" { fields.removeLast() }
        var result: [[String]] = []
        var index = 0
        while index < fields.count, let count = Int(fields[index]), index + 1 + count < fields.count + 1 {
            result.append(Array(fields[(index + 1)...(index + 1 + count)]))
            index += count + 2
        }
        return result
    }

    @Test(arguments: cases, [true, false])
    func printedPlanRunsExactlyThePlansCommands(c: Case, standalone: Bool) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-emitted-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let plan = try Self.plan(c, scratch: scratch)
        var rendered = ["boot.ini": "ODROIDXU-UBOOT-CONFIG\nbootm\n", "u-boot-prompt.txt": "bootm\n"]
        if let extra = c.renderedExtra { rendered["boot.ini"]! += extra + "\n" }
        let printer = PlanPrinter(plan: plan, renderedScripts: rendered)
        let text = standalone ? printer.standaloneScript() : printer.dryRun()
        #expect(
            !text.unicodeScalars.contains { TerminalText.needsEscape($0, keepLineBreaks: true) },
            "the printed plan holds a raw control character")
        for line in text.split(separator: "\n") where line.hasPrefix("#") {
            #expect(!line.contains("\r"), "a comment line holds a CR")
        }

        try Self.makeFakes(in: scratch + "/fakes")
        let script = scratch + "/plan.sh"
        try text.write(toFile: script, atomically: true, encoding: .utf8)
        let log = scratch + "/fake.log"
        let result = try SpawnRunner(baseEnvironment: ["PATH": scratch + "/fakes", "ODROID_FAKE_LOG": log, "HOME": scratch]).run(
            Command(["/bin/sh", script], workingDirectory: scratch), output: .capture)
        #expect(result.succeeded, "sh: \(result.stderrText)")
        let ran = Self.parse((try? Data(contentsOf: URL(fileURLWithPath: log))) ?? Data())
        let expected = Self.expected(plan, standalone: standalone, renderedNames: Array(rendered.keys))
        #expect(!ran.contains { $0.first == "touch" }, "the injected command ran: \(ran.filter { $0.first == "touch" })")
        #expect(
            ran == expected,
            "ran:\n\(ran.map { $0.debugDescription }.joined(separator: "\n"))\nexpected:\n\(expected.map { $0.debugDescription }.joined(separator: "\n"))"
        )
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: scratch)) ?? []
        #expect(!names.contains { $0.hasSuffix("PWNED") }, "a file named PWNED appeared")
        if standalone, let extra = c.renderedExtra {
            let written = try String(contentsOfFile: "\(plan.directories.output)/boot.ini", encoding: .utf8)
            #expect(written.contains(extra), "the here-document ended early")
        }
    }
    /// `set -e` does not stop at a failed command inside `a && b && c`; the emitted script must, or a kernel copy
    /// that failed (a full card) is followed by the rename and, last, the new boot script.
    @Test("a copy that fails on the boot partition stops the script there: nothing after it runs")
    func failedCopyStopsTheScript() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-emitted-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let plan = try Self.plan(Case(name: "plain"), scratch: scratch)
        // A one-line rendered script with && in it: data in a here-document, which must reach the file unchanged.
        let rendered = ["boot.ini": "ODROIDXU-UBOOT-CONFIG\nbootm\n", "u-boot-prompt.txt": "fatload mmc 0 0x43000000 uImage && bootm\n"]
        let text = PlanPrinter(plan: plan, renderedScripts: rendered).standaloneScript()
        try Self.makeFakes(in: scratch + "/fakes")
        // cp logs, then fails for the first file it copies onto the boot partition (ENOSPC on a real card).
        try ExecutableFile.write(
            "#!/bin/sh\nprintf '%s\\0' \"$#\" cp \"$@\" >> \"$ODROID_FAKE_LOG\"\ncase \"$2\" in *.new) exit 1;; esac\nexit 0\n",
            to: scratch + "/fakes/cp")
        let script = scratch + "/plan.sh"
        try text.write(toFile: script, atomically: true, encoding: .utf8)
        let log = scratch + "/fake.log"
        let result = try SpawnRunner(baseEnvironment: ["PATH": scratch + "/fakes", "ODROID_FAKE_LOG": log, "HOME": scratch]).run(
            Command(["/bin/sh", script], workingDirectory: scratch), output: .capture)
        #expect(!result.succeeded, "the script went on after the failed copy")
        let ran = Self.parse((try? Data(contentsOf: URL(fileURLWithPath: log))) ?? Data())
        let expected = Self.expected(plan, standalone: true, renderedNames: Array(rendered.keys))
        let failed = try #require(expected.firstIndex { $0.first == "cp" && $0.last?.hasSuffix(".new") == true })
        #expect(ran == Array(expected[...failed]), "ran:\n\(ran.map { $0.debugDescription }.joined(separator: "\n"))")
        let prompt = try String(contentsOfFile: "\(plan.directories.output)/u-boot-prompt.txt", encoding: .utf8)
        #expect(prompt == rendered["u-boot-prompt.txt"])
    }
}
