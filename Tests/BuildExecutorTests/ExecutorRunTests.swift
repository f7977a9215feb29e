import BuildExecutor
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

@Suite("The executor runs a plan on the fixture kernel tree", .tags(.realProcess))
struct ExecutorRunTests {
    @Test func fullRunBuildsEveryOutputAndInstallsLast() throws {
        let space = try FixtureWorkspace()
        let installer = RecordingInstaller()
        let summary = try space.executor(installer: installer).run()

        #expect(summary.ranSteps == space.plan().steps.map(\.id))
        #expect(summary.kernelRelease == "1.2.3-fixture")
        let listing = try SpawnRunner().run(Command(["mkimage", "-l", space.uImage]))
        #expect(listing.stdoutText.contains("Load Address: 40008000"))
        #expect(listing.stdoutText.contains("Linux-1.2.3-fixture"))
        #expect(FileManager.default.fileExists(atPath: "\(space.work)/modules/lib/modules/1.2.3-fixture/kernel/drivers/hello.ko"))
        #expect(FileManager.default.fileExists(atPath: "\(space.work)/out/uInitrd-1.2.3"))
        #expect(FileManager.default.fileExists(atPath: "\(space.work)/out/boot.scr"))
        for step in space.plan().steps where step.id != "install" {
            #expect(FileManager.default.fileExists(atPath: "\(space.work)/logs/\(step.id).log"), "log of \(step.id)")
        }
        let buildLog = try String(contentsOfFile: "\(space.work)/logs/build.log", encoding: .utf8)
        #expect(buildLog.hasPrefix("$ "), "the log starts with the command line")
        #expect(summary.report("build")?.units == 4)
        #expect(installer.installs.count == 1)
        #expect(installer.installs.first?.release == "1.2.3-fixture")
    }

    @Test func unchangedRerunStartsNoCommandAtAll() throws {
        let space = try FixtureWorkspace()
        _ = try space.executor().run()
        let runner = RecordingRunner(environment: space.environment())
        let installer = RecordingInstaller()
        let again = try space.executor(runner: runner, installer: installer).run()

        #expect(again.ranSteps.isEmpty)
        #expect(again.skippedSteps.count == space.plan().steps.count)
        #expect(runner.ran.isEmpty, "commands ran: \(runner.ran.map(\.shellLine))")
        #expect(again.kernelRelease == "1.2.3-fixture", "the release comes from the state store")
        #expect(installer.installs.isEmpty)
    }

    @Test func touchedSourceFileRebuildsOnlyWhatDependsOnIt() throws {
        let space = try FixtureWorkspace()
        _ = try space.executor().run()
        try space.touch("kernel/sched.kc")
        let again = try space.executor().run()

        #expect(again.outcome("defconfig") == .skipped)
        #expect(again.outcome("kernelrelease") == .skipped)
        #expect(again.ranSteps.first == "build")
        #expect(again.report("build")?.units == 1, "make recompiled the one touched unit")
        #expect(again.outcome("modules-install") == .skipped, "no module changed")
        #expect(again.outcome("initramfs") == .skipped)
        #expect(again.ranSteps.contains("install"), "the new kernel image is installed")
    }

    @Test func touchedModuleIsInstalledEvenThoughTheImageDidNotChange() throws {
        let space = try FixtureWorkspace()
        _ = try space.executor().run()
        try space.touch("drivers/hello.kc")
        let again = try space.executor().run()

        #expect(again.outcome("build").map { if case .ran = $0 { true } else { false } } == true)
        #expect(again.ranSteps.contains("modules-install"))
    }

    @Test func changedFragmentRerunsTheConfigChain() throws {
        let space = try FixtureWorkspace()
        _ = try space.executor().run()
        let fragment = "\(space.root)/other.config"
        try "CONFIG_LOCALVERSION=\"-other\"\n".write(toFile: fragment, atomically: true, encoding: .utf8)
        var plan = space.plan()
        let index = try #require(plan.steps.firstIndex { $0.id == "fragments" })
        guard case .run(var command) = plan.steps[index].action else { Issue.record("fragments is not a command"); return }
        command.argv[command.argv.count - 1] = fragment
        plan.steps[index].action = .run(command)
        plan.steps[index].inputs[0] = fragment
        let again = try space.executor(plan: plan).run()

        #expect(again.outcome("defconfig") == .skipped)
        #expect(again.ranSteps.starts(with: ["fragments", "olddefconfig", "build", "kernelrelease"]))
        #expect(again.kernelRelease == "1.2.3-other")
        #expect(FileManager.default.fileExists(atPath: "\(space.work)/modules/lib/modules/1.2.3-other/modules.order"))
    }

    @Test func forceRerunsEverythingAndRebuildOneStep() throws {
        let space = try FixtureWorkspace()
        _ = try space.executor().run()
        let forced = try space.executor(options: { $0.force = true }).run()
        #expect(forced.ranSteps == space.plan().steps.map(\.id))

        let one = try space.executor(options: { $0.rebuild = ["uinitrd"] }).run()
        #expect(one.ranSteps.first == "uinitrd")
        #expect(one.outcome("build") == .skipped)
    }

    @Test func untilStopsAfterTheNamedStepAndReportsTheRest() throws {
        let space = try FixtureWorkspace()
        let installer = RecordingInstaller()
        let summary = try space.executor(options: { $0.until = "kernelrelease" }, installer: installer).run()

        #expect(summary.ranSteps == ["defconfig", "fragments", "olddefconfig", "build", "kernelrelease"])
        #expect(summary.stoppedEarly == "after --until kernelrelease")
        #expect(summary.outcome("install") == .notRun(reason: "after --until kernelrelease"))
        #expect(installer.installs.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(space.work)/out/uInitrd-1.2.3"))
    }

    @Test func unknownStepNamesAreRefusedBeforeAnythingRuns() throws {
        let space = try FixtureWorkspace()
        #expect {
            try space.executor(options: { $0.until = "compile" }).run()
        } throws: { error in
            guard case ExecutionError.unknownStep(let option, let step, let known) = error else { return false }
            return option == "--until" && step == "compile" && known.contains("build")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(space.work)/logs"))
    }

    @Test func missingInstallerIsReportedNotSilentlySkipped() throws {
        let space = try FixtureWorkspace()
        let summary = try space.executor(installer: nil).run()
        #expect(summary.outcome("install") == .unavailable(reason: "installer not available"))
        #expect(summary.incomplete.map(\.id) == ["install"])
    }

    @Test func initramfsIsRemadeOnlyWhenItsSourceChanges() throws {
        let space = try FixtureWorkspace()
        _ = try space.executor().run()
        try "#!/bin/sh\necho changed init\n".write(toFile: "\(space.work)/initramfs-root/init", atomically: true, encoding: .utf8)
        let again = try space.executor().run()
        #expect(again.ranSteps.starts(with: ["initramfs", "uinitrd"]))
        #expect(again.outcome("build") == .skipped)
        let listing = try SpawnRunner().run(
            Command(["sh", "-c", "gzip -dc \"$0\" | cpio -it --quiet", "\(space.work)/out/initrd-1.2.3.cpio.gz"]))
        #expect(listing.stdoutText == "bin\nbin/sh\ninit\n")
    }
}
