import BuildExecutor
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

/// The executor's dispatch at the process seam, with no process at all: a small plan of hand-made steps run
/// against `ScriptedRunner`, which answers only the commands it expects (argv, environment, directory) and
/// fails on any other. The real-process suites (`ExecutorRunTests`, `ExecutorFailureTests`) run the same
/// paths on the fixture kernel tree.
@Suite("The executor sends each step to the right tool (scripted runner)", .tags(.pure))
struct ExecutorDispatchTests {
    /// A temporary work tree and a plan of the fixture board whose steps a test replaces.
    final class Space: @unchecked Sendable {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-dispatch-\(UUID().uuidString.prefix(8))").path
        let profile: ResolvedProfile
        var work: String { "\(root)/work" }
        var source: String { "\(root)/linux" }
        var output: String { "\(work)/out" }

        init() throws {
            try FileManager.default.createDirectory(atPath: "\(root)/linux", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: "\(root)/tree/bin", withIntermediateDirectories: true)
            try "#!/bin/sh\n".write(toFile: "\(root)/tree/init", atomically: true, encoding: .utf8)
            let catalog = ProfileCatalog(directories: ["\(FixtureWorkspace.fixtures)/profiles"])
            profile = try ProfileResolver(catalog: catalog).resolve("fixture-board")
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func plan(_ steps: [PlanStep]) -> Plan {
            let options = PlanOptions(
                kernelVersion: "6.1", workDirectory: work, cacheDirectory: "\(root)/cache", sourceOverride: source,
                hostArch: "x86_64", cpuCount: 2, bootTarget: .mounted(path: "\(root)/boot"))
            var plan = PlanBuilder(profile: profile, options: options).build()
            plan.steps = steps
            return plan
        }

        func executor(_ steps: [PlanStep], runner: any ProcessRunning, maker: (any BusyboxInitramfsMaking)? = nil) throws -> BuildExecutor {
            var options = ExecutionOptions()
            options.environment = ["PATH": "/usr/bin:/bin", "ARCH": "arm"]
            options.commandLine = "dispatch test"
            options.checkTools = false
            options.isRoot = false
            return BuildExecutor(
                plan: plan(steps),
                renderer: BootScriptRenderer(profile: profile, templates: TemplateStore(directory: "\(Repository.root)/templates")),
                runner: runner, options: options, installer: nil, initramfsMaker: maker,
                packages: try PackageTable.load(path: "\(Repository.root)/data/host-tools.json"))
        }

        /// configure (make in the source tree), capture the release, wrap with mkimage using it, pack a tree.
        var steps: [PlanStep] {
            [
                PlanStep(
                    id: "configure", title: "configure",
                    action: .run(
                        Command(
                            ["make", "O=\(work)/build", "defconfig"],
                            environment: ["CROSS_COMPILE": "arm-linux-gnueabihf-"], workingDirectory: source)),
                    privileged: false, inputs: [], outputs: []),
                PlanStep(
                    id: "release", title: "kernel release",
                    action: .capture(
                        Command(["make", "-s", "kernelrelease"], workingDirectory: source),
                        variable: Plan.kernelReleaseVariable), privileged: false, inputs: [], outputs: []),
                PlanStep(
                    id: "wrap", title: "wrap",
                    action: .run(
                        MkimageCommand.command(
                            .ramdisk, arch: "arm", name: "initrd-${KERNELRELEASE}",
                            input: "\(output)/initrd.gz", output: "\(output)/uInitrd-${KERNELRELEASE}")), privileged: false, inputs: [],
                    outputs: []),
                PlanStep(
                    id: "pack", title: "pack", action: .cpioArchive(directory: "\(root)/tree", output: "\(output)/initrd.gz"),
                    privileged: false, inputs: ["\(root)/tree"], outputs: ["\(output)/initrd.gz"]),
            ]
        }
    }

    /// gzip as the executor runs it on the packed archive: the fake writes the .gz gzip would have written.
    static func gzip() -> ScriptedRunner.Expectation {
        ScriptedRunner.Expectation(argv: ["gzip", "-9", "-n", "-f", "<temporary archive>"]) { command in
            let archive = command.argv[4]
            let packed = FileManager.default.contents(atPath: archive) ?? Data()
            _ = FileManager.default.createFile(atPath: archive + ".gz", contents: Data("gz:".utf8) + packed)
            return ProcessResult(command: command, termination: .exited(0), seconds: 0, stdout: Data())
        }.when { $0.argv.starts(with: ["gzip", "-9", "-n", "-f"]) && $0.argv.count == 5 }
    }

    static func expectations(_ space: Space) -> [ScriptedRunner.Expectation] {
        [
            .exits(["make", "O=\(space.work)/build", "defconfig"]).when {
                $0.argv == ["make", "O=\(space.work)/build", "defconfig"] && $0.workingDirectory == space.source
                    && $0.environment == ["CROSS_COMPILE": "arm-linux-gnueabihf-"]
            },
            .exits(["make", "-s", "kernelrelease"], stdout: "6.1.0-test\n"),
            .exits([
                "mkimage", "-A", "arm", "-O", "linux", "-T", "ramdisk", "-C", "none", "-a", "0", "-e", "0",
                "-n", "initrd-6.1.0-test", "-d", "\(space.output)/initrd.gz", "\(space.output)/uInitrd-6.1.0-test",
            ]),
            gzip(),
        ]
    }

    @Test func eachStepRunsItsCommandWithItsEnvironmentAndDirectory() throws {
        let space = try Space()
        let runner = ScriptedRunner(Self.expectations(space))
        let summary = try space.executor(space.steps, runner: runner).run()

        #expect(summary.ranSteps == ["configure", "release", "wrap", "pack"])
        #expect(summary.kernelRelease == "6.1.0-test")
        #expect(runner.unused.isEmpty, "never ran: \(runner.unused)")
        #expect(runner.received.map(\.program) == ["make", "make", "mkimage", "gzip"])
        #expect(runner.received[2].environment == ["SOURCE_DATE_EPOCH": MkimageCommand.sourceDateEpoch], "mkimage's one timestamp policy")
        #expect(runner.received[3].argv[4].hasPrefix("\(space.output)/"), "the archive is packed beside its output")
        let packed = try #require(FileManager.default.contents(atPath: "\(space.output)/initrd.gz"))
        #expect(packed.starts(with: Array("gz:070701".utf8)), "our newc archive, compressed by the (scripted) gzip")
        #expect(!FileManager.default.fileExists(atPath: runner.received[3].argv[4]), "the temporary archive is gone")
    }

    @Test func anUnchangedSecondRunStartsNoCommand() throws {
        let space = try Space()
        _ = try space.executor(space.steps, runner: ScriptedRunner(Self.expectations(space))).run()
        let again = ScriptedRunner([])
        let summary = try space.executor(space.steps, runner: again).run()

        #expect(summary.skippedSteps == ["configure", "release", "wrap", "pack"])
        #expect(again.received.isEmpty, "ran: \(again.received.map(\.shellLine))")
        #expect(summary.kernelRelease == "6.1.0-test", "the release comes from the state store")
    }

    @Test func aChangedCommandRerunsOnlyItsStepAndCacheVariablesDoNot() throws {
        let space = try Space()
        _ = try space.executor(space.steps, runner: ScriptedRunner(Self.expectations(space))).run()

        var steps = space.steps
        guard case .run(var configure) = steps[0].action else { Issue.record("configure is not a command"); return }
        configure.environment["CCACHE_BASEDIR"] = space.root
        steps[0].action = .run(configure)
        let cacheOnly = ScriptedRunner([])
        #expect(try space.executor(steps, runner: cacheOnly).run().ranSteps.isEmpty, "a CCACHE_ variable rebuilds nothing")

        configure.environment["LOCALVERSION"] = "-x"
        steps[0].action = .run(configure)
        let changed = ScriptedRunner([
            .exits(["make", "O=\(space.work)/build", "defconfig"]).when { $0.environment["LOCALVERSION"] == "-x" }
        ])
        let summary = try space.executor(steps, runner: changed).run()
        #expect(summary.ranSteps == ["configure"])
        #expect(
            summary.outcome("configure").map { "\($0)" }?.contains("environment changed") == true,
            "\(String(describing: summary.outcome("configure")))")
        #expect(changed.unused.isEmpty)
    }

    @Test func aFailingStepStopsTheRunNamingTheStepAndItsCommand() throws {
        let space = try Space()
        let runner = ScriptedRunner([
            .exits(["make", "O=\(space.work)/build", "defconfig"]),
            .exits(["make", "-s", "kernelrelease"], status: 2, stderr: "make: *** No rule to make target 'kernelrelease'."),
        ])
        #expect {
            _ = try space.executor(space.steps, runner: runner).run()
        } throws: { error in
            guard case ExecutionError.stepFailed(let failure) = error else { return false }
            return failure.step == "release" && failure.reason == "exit status 2"
                && failure.command == "cd \(space.source) && make -s kernelrelease"
                && failure.logPath == "\(space.work)/logs/release.log"
        }
        #expect(runner.received.count == 2, "nothing after the failed step ran: \(runner.received.map(\.shellLine))")
        let log = try String(contentsOfFile: "\(space.work)/logs/release.log", encoding: .utf8)
        #expect(log.contains("No rule to make target"), "the captured step's stderr is in its log")

        // The next run starts again at the failed step: the finished one is skipped.
        let again = ScriptedRunner(
            [.exits(["make", "-s", "kernelrelease"], stdout: "6.1.0-test\n")] + Array(Self.expectations(space).dropFirst(2)))
        let summary = try space.executor(space.steps, runner: again).run()
        #expect(summary.outcome("configure") == .skipped)
        #expect(summary.ranSteps == ["release", "wrap", "pack"])
    }

    @Test func aCommandThatCannotStartIsAStepFailure() throws {
        let space = try Space()
        // An empty script: the first command is unexpected, so the fake throws as a runner that cannot spawn does.
        let runner = ScriptedRunner([])
        #expect {
            _ = try space.executor(space.steps, runner: runner).run()
        } throws: { error in
            guard case ExecutionError.stepFailed(let failure) = error else { return false }
            return failure.step == "configure" && failure.reason.contains("unexpected command")
        }
    }

    /// The busybox initramfs step hands its work to the maker the CLI supplies (BusyboxInitramfsStep.swift)
    /// and renames the result into place; the maker's failure is the step's, and leaves no output.
    final class FakeMaker: BusyboxInitramfsMaking, @unchecked Sendable {
        let error: (any Error)?
        private(set) var made: [BusyboxInitramfs] = []
        init(failing error: (any Error)? = nil) { self.error = error }

        func make(_ initramfs: BusyboxInitramfs, output: String, log: @Sendable (String) -> Void) throws {
            made.append(initramfs)
            log("fake maker for \(initramfs.marker)")
            _ = FileManager.default.createFile(atPath: output, contents: Data("half".utf8))
            if let error { throw error }
            _ = FileManager.default.createFile(atPath: output, contents: Data("initramfs".utf8))
        }
    }

    static func busyboxStep(_ space: Space) -> PlanStep {
        let initramfs = BusyboxInitramfs(
            busybox: nil, packageCache: "\(space.root)/cache", marker: "UP", output: "\(space.output)/initrd.gz")
        return PlanStep(
            id: "initramfs", title: "busybox initramfs", action: .busyboxInitramfs(initramfs), privileged: false, inputs: [],
            outputs: [initramfs.output])
    }

    @Test func theBusyboxStepGoesToTheMakerAndItsOutputIsRenamedIntoPlace() throws {
        let space = try Space()
        let maker = FakeMaker()
        let summary = try space.executor([Self.busyboxStep(space)], runner: ScriptedRunner([]), maker: maker).run()
        #expect(summary.ranSteps == ["initramfs"])
        #expect(maker.made.map(\.marker) == ["UP"])
        #expect(FileManager.default.contents(atPath: "\(space.output)/initrd.gz") == Data("initramfs".utf8))
        #expect(try String(contentsOfFile: "\(space.work)/logs/initramfs.log", encoding: .utf8).contains("fake maker for UP"))
    }

    @Test func aFailingMakerFailsTheStepAndLeavesNoOutput() throws {
        let space = try Space()
        struct AptFailed: Error, CustomStringConvertible { var description: String { "apt-get download busybox-static:armhf failed" } }
        #expect {
            _ = try space.executor([Self.busyboxStep(space)], runner: ScriptedRunner([]), maker: FakeMaker(failing: AptFailed())).run()
        } throws: { error in
            guard case ExecutionError.stepFailed(let failure) = error else { return false }
            return failure.step == "initramfs" && failure.reason.contains("apt-get download busybox-static:armhf failed")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(space.output)/initrd.gz"))
        let left = try FileManager.default.contentsOfDirectory(atPath: space.output)
        #expect(left.isEmpty, "no temporary file left: \(left)")
    }

    @Test func withoutAMakerTheBusyboxStepFailsSayingSo() throws {
        let space = try Space()
        #expect {
            _ = try space.executor([Self.busyboxStep(space)], runner: ScriptedRunner([])).run()
        } throws: { "\($0)".contains("no busybox initramfs maker") }
    }
}
