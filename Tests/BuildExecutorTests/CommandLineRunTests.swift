import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// The built `odroid-build` binary (a sibling of the test bundle), run on the fixture tree: exit statuses,
/// messages, and real signals sent to a real process.
@Suite("odroid-build runs the plan: exit status, messages, signals, lock", .tags(.realProcess))
struct CommandLineRunTests {
    static let binary: String = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("odroid-build").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return "\(Repository.root)/.build/debug/odroid-build"
    }()

    static func arguments(_ space: FixtureWorkspace, _ extra: [String] = []) -> [String] {
        [
            binary, "--profile", "\(FixtureWorkspace.fixtures)/profiles/fixture-board.toml", "--kernel", "1.2.3",
            "--source", space.source, "--work-dir", space.work, "--data-dir", Repository.root,
        ] + extra
    }

    static func run(_ space: FixtureWorkspace, _ extra: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try SpawnRunner().run(Command(arguments(space, extra), environment: environment))
    }

    /// Starts the binary with --verbose and returns once it printed a line containing `marker`.
    static func startAndWait(_ space: FixtureWorkspace, _ extra: [String], sleep: String, for marker: String) throws -> BackgroundProcess {
        let seen = DispatchSemaphore(value: 0)
        let process = try SpawnRunner().startBackground(
            Command(arguments(space, extra + ["--verbose"]), environment: ["FIXTURE_SLEEP": sleep]),
            logPath: "\(space.root)/cli-\(UUID().uuidString.prefix(6)).log",
            onLine: { if $0.contains(marker) { seen.signal() } })
        if seen.wait(timeout: .now() + 300) == .timedOut { Issue.record("\(marker) never appeared") }
        return process
    }

    @Test func fullRunInstallsIntoAFatImageAndRerunSkipsEverything() throws {
        let space = try FixtureWorkspace()
        let image = "\(space.root)/boot.img"
        #expect(try SpawnRunner().run(Command(["truncate", "-s", "32M", image])).succeeded)
        #expect(try SpawnRunner().run(Command(["mkfs.vfat", image])).succeeded)
        let first = try Self.run(space, ["--boot-image", image])
        #expect(first.termination == .exited(0), "\(first.stderrText)")
        #expect(first.stderrText.contains("] install: done in"))
        let listing = try SpawnRunner().run(Command(["mdir", "-b", "-i", image, "::"]))
        #expect(listing.stdoutText.contains("uImage-1.2.3"))
        #expect(listing.stdoutText.lowercased().contains("boot.scr"), "FAT keeps 8.3 names in upper case")

        let second = try Self.run(space, ["--boot-image", image])
        #expect(second.termination == .exited(0))
        #expect(second.stderrText.contains("0 steps ran, 11 unchanged"))

        // A fresh filesystem in the same file (a new card): inputs are unchanged, but the install runs again.
        #expect(try SpawnRunner().run(Command(["mkfs.vfat", image])).succeeded)
        let third = try Self.run(space, ["--boot-image", image])
        #expect(third.stderrText.contains("install: done in"), "\(third.stderrText)")
        #expect(third.stderrText.contains("the boot partition does not hold this install"))
        #expect(
            third.stderrText.contains("1 steps ran, 10 unchanged") || third.stderrText.contains("1 step ran, 10 unchanged"),
            "\(third.stderrText)")
        #expect(try SpawnRunner().run(Command(["mdir", "-b", "-i", image, "::"])).stdoutText.contains("uImage-1.2.3"))
    }

    /// One render: the boot.scr the plan's steps made in out/ is byte for byte the one on the partition, and
    /// `boot-script -o` makes the same bytes. An unchanged rebuild (`--force` runs every step again) gives
    /// byte-identical outputs, so nothing on the partition is rewritten.
    @Test func theRenderedScriptLandsAndAForcedRebuildIsByteIdentical() throws {
        let space = try FixtureWorkspace()
        let image = try Self.emptyFatImage(space)
        let first = try Self.run(space, ["--boot-image", image])
        try #require(first.termination == .exited(0), "\(first.stderrText)")
        let out = "\(space.work)/out"
        let outputs = ["boot.scr", "uInitrd-1.2.3", "initrd-1.2.3.cpio.gz", "extlinux.conf"]
        func snapshot() throws -> [String: Data] {
            var result: [String: Data] = [:]
            for name in outputs {
                let data: Data = try #require(FileManager.default.contents(atPath: "\(out)/\(name)"), "\(name) not built")
                result[name] = data
            }
            return result
        }
        func onPartition(_ name: String) throws -> Data {
            let copy = "\(space.root)/from-partition-\(UUID().uuidString.prefix(6))"
            let result = try SpawnRunner().run(Command(["mcopy", "-n", "-i", image, "::\(name)", copy]))
            try #require(result.succeeded, "\(result.stderrText)")
            return try Data(contentsOf: URL(fileURLWithPath: copy))
        }
        let built = try snapshot()
        #expect(try onPartition("boot.scr") == built["boot.scr"], "the partition's boot.scr is the plan's out/boot.scr")

        let printed = "\(space.root)/printed.scr"
        let script = try SpawnRunner().run(
            Command([
                Self.binary, "boot-script", "--profile", "\(FixtureWorkspace.fixtures)/profiles/fixture-board.toml",
                "--kernel", "1.2.3", "--format", "scr", "-o", printed, "--data-dir", Repository.root,
            ]))
        #expect(script.succeeded, "\(script.stderrText)")
        #expect(FileManager.default.contents(atPath: printed) == built["boot.scr"], "boot-script -o renders the same bytes as the build")

        let again = try Self.run(space, ["--boot-image", image, "--force"])
        try #require(again.termination == .exited(0), "\(again.stderrText)")
        let rebuilt = try snapshot()
        for name in outputs { #expect(rebuilt[name] == built[name], "\(name) differs after an unchanged rebuild") }
        #expect(try onPartition("boot.scr") == built["boot.scr"])
    }

    @Test func failureExitsOneWithStepCommandLogTailAndPath() throws {
        let space = try FixtureWorkspace()
        try "#error \"cli compile error\"\n".write(toFile: "\(space.source)/init/broken.kc", atomically: true, encoding: .utf8)
        let result = try Self.run(space, ["--until", "boot-scr"])
        #expect(result.termination == .exited(1))
        #expect(result.stderrText.contains("step build (compile uImage, dtbs, modules) failed: exit status 2"))
        #expect(result.stderrText.contains("command: ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- make -C \(space.source)"))
        #expect(result.stderrText.contains("cli compile error"))
        #expect(result.stderrText.contains("full log: \(space.work)/logs/build.log"))
    }

    @Test func untilExitsZeroAndJsonEmitsEvents() throws {
        let space = try FixtureWorkspace()
        let result = try Self.run(space, ["--until", "kernelrelease", "--json"])
        #expect(result.termination == .exited(0))
        let events = result.stdoutText.split(separator: "\n")
        #expect(events.first?.contains(#""event":"run-start""#) == true)
        #expect(events.contains { $0.contains(#""step":"kernelrelease""#) && $0.contains(#""outcome":"ran""#) })
        #expect(events.last?.contains(#""stoppedEarly":"after --until kernelrelease""#) == true)
    }

    @Test func sigintStopsChildrenAndExits130() throws {
        let space = try FixtureWorkspace()
        let sleep = "\(Int.random(in: 5000...5999))"
        let process = try Self.startAndWait(space, ["--until", "boot-scr"], sleep: sleep, for: "LD      vmlinux")
        kill(process.pid, SIGINT)
        #expect(process.wait() == .exited(130))
        #expect(ExecutorStopTests.processes(matching: "sleep\u{0}\(sleep)").isEmpty, "no child survives")
        #expect(!FileManager.default.fileExists(atPath: space.uImage))
        let log = try String(contentsOfFile: process.logPath, encoding: .utf8)
        #expect(log.contains("interrupted during step build"))
    }

    @Test func sigusr1FinishesTheStepAndExitsZero() throws {
        let space = try FixtureWorkspace()
        let process = try Self.startAndWait(space, ["--until", "boot-scr"], sleep: "1", for: "LD      vmlinux")
        kill(process.pid, SIGUSR1)
        #expect(process.wait() == .exited(0))
        let log = try String(contentsOfFile: process.logPath, encoding: .utf8)
        #expect(log.contains("stopped on SIGUSR1 after build"))
        #expect(log.contains("kernelrelease: not run: on SIGUSR1 after build"))
        #expect(FileManager.default.fileExists(atPath: space.uImage))
    }

    @Test func secondRunOnTheSameWorkDirectoryIsRefusedNamingTheFirst() throws {
        let space = try FixtureWorkspace()
        let sleep = "\(Int.random(in: 6000...6999))"
        let first = try Self.startAndWait(space, ["--until", "boot-scr"], sleep: sleep, for: "LD      vmlinux")
        defer { first.terminate() }
        let second = try Self.run(space, ["--until", "boot-scr"])
        #expect(second.termination == .exited(1))
        #expect(second.stderrText.contains("in use by another run (pid \(first.pid)"))
        #expect(second.stderrText.contains("--work-dir \(space.work)"))
        kill(first.pid, SIGINT)
        #expect(first.wait() == .exited(130))
    }

    static func emptyFatImage(_ space: FixtureWorkspace) throws -> String {
        let image = "\(space.root)/boot.img"
        #expect(try SpawnRunner().run(Command(["truncate", "-s", "32M", image])).succeeded)
        #expect(try SpawnRunner().run(Command(["mkfs.vfat", image])).succeeded)
        return image
    }

    @Test func aUImageBuiltForAnotherAddressIsRefusedBeforeInstalling() throws {
        let space = try FixtureWorkspace()
        // A vendor Makefile that ignores LOADADDR: its uImage loads at 0x40010000, where this board's kernel does not run.
        let makefile = "\(space.source)/Makefile"
        let text = try String(contentsOfFile: makefile, encoding: .utf8)
        #expect(text.contains("-a $(LOADADDR) -e $(LOADADDR)"))
        try text.replacingOccurrences(of: "-a $(LOADADDR) -e $(LOADADDR)", with: "-a 0x40010000 -e 0x40010000")
            .write(toFile: makefile, atomically: true, encoding: .utf8)
        let image = try Self.emptyFatImage(space)
        let result = try Self.run(space, ["--boot-image", image])
        #expect(result.termination == .exited(1))
        #expect(result.stderrText.contains("nothing was installed"), "\(result.stderrText)")
        #expect(result.stderrText.contains("\(space.work)/build/arch/arm/boot/uImage: load address is 0x40010000"), "\(result.stderrText)")
        let listing = try SpawnRunner().run(Command(["mdir", "-b", "-i", image, "::"]))
        #expect(listing.stdoutText.isEmpty, "the partition is untouched: \(listing.stdoutText)")
    }

    @Test func aDtbOfAnotherBoardIsRefusedBeforeInstalling() throws {
        let space = try FixtureWorkspace()
        let image = try Self.emptyFatImage(space)
        let result = try Self.run(space, ["--boot-image", image, "--set", "board.compatible=[\"hardkernel,odroid-xu\"]"])
        #expect(result.termination == .exited(1))
        #expect(result.stderrText.contains("nothing was installed"), "\(result.stderrText)")
        #expect(result.stderrText.contains("fixture-board.dtb: "), "\(result.stderrText)")
        #expect(result.stderrText.contains("hardkernel,odroid-xu"), "\(result.stderrText)")
        let listing = try SpawnRunner().run(Command(["mdir", "-b", "-i", image, "::"]))
        #expect(listing.stdoutText.isEmpty, "the partition is untouched: \(listing.stdoutText)")
    }
}
