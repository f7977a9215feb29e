import BuildExecutor
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

@Suite("A failing step stops the run with its command and log", .tags(.realProcess))
struct ExecutorFailureTests {
    private func failure(_ body: () throws -> Void) -> StepFailure? {
        do {
            try body()
        } catch ExecutionError.stepFailed(let failure) {
            return failure
        } catch {
            Issue.record("expected a step failure, got \(error)")
        }
        return nil
    }

    @Test func compileErrorNamesStepCommandAndLogTailAndInstallsNothing() throws {
        let space = try FixtureWorkspace()
        try "#error \"fixture compile error\"\n".write(toFile: "\(space.source)/kernel/broken.kc", atomically: true, encoding: .utf8)
        let installer = RecordingInstaller()
        let failure = try #require(failure { _ = try space.executor(installer: installer).run() })

        #expect(failure.step == "build")
        #expect(failure.reason == "exit status 2")
        #expect(failure.command?.contains("make -C \(space.source) O=\(space.work)/build") == true)
        #expect(failure.command?.contains("LOADADDR=0x40008000") == true)
        #expect(failure.logPath == "\(space.work)/logs/build.log")
        #expect(failure.logTail.contains { $0.contains("fixture compile error") })
        #expect(installer.installs.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: space.uImage))
        #expect(failure.description.contains("full log: \(space.work)/logs/build.log"))
    }

    @Test func failedStepRunsAgainNextTimeWhileFinishedStepsAreSkipped() throws {
        let space = try FixtureWorkspace()
        try "#error \"broken\"\n".write(toFile: "\(space.source)/kernel/broken.kc", atomically: true, encoding: .utf8)
        _ = failure { _ = try space.executor().run() }
        try FileManager.default.removeItem(atPath: "\(space.source)/kernel/broken.kc")
        let again = try space.executor().run()
        #expect(again.skippedSteps.starts(with: ["defconfig", "fragments", "olddefconfig"]))
        #expect(again.ranSteps.first == "build")
    }

    @Test func uImageWithoutLoadAddressFailsLikeTheKernel() throws {
        let space = try FixtureWorkspace()
        var plan = space.plan()
        let index = try #require(plan.steps.firstIndex { $0.id == "build" })
        guard case .run(var command) = plan.steps[index].action else { Issue.record("build is not a command"); return }
        command.argv.removeAll { $0.hasPrefix("LOADADDR=") }
        plan.steps[index].action = .run(command)
        let failure = try #require(failure { _ = try space.executor(plan: plan).run() })
        #expect(failure.step == "build")
        #expect(failure.logTail.contains("Specify LOADADDR on the commandline to build an uImage"))
    }

    @Test func missingProgramInAStepIsAFailureWithTheCommand() throws {
        let space = try FixtureWorkspace()
        var plan = space.plan()
        let index = try #require(plan.steps.firstIndex { $0.id == "uinitrd" })
        plan.steps[index].action = .run(Command(["no-such-mkimage-odroid", "-T", "ramdisk"]))
        let failure = try #require(failure { _ = try space.executor(plan: plan, options: { $0.checkTools = false }).run() })
        #expect(failure.step == "uinitrd")
        #expect(failure.reason == "'no-such-mkimage-odroid' was not found in PATH")
        #expect(failure.command == "no-such-mkimage-odroid -T ramdisk")
    }

    @Test func stepKilledBySignalIsReportedAsSuch() throws {
        let space = try FixtureWorkspace()
        var plan = space.plan()
        let index = try #require(plan.steps.firstIndex { $0.id == "boot-scr" })
        plan.steps[index].action = .run(Command(["sh", "-c", "kill -9 $$"]))
        let failure = try #require(failure { _ = try space.executor(plan: plan).run() })
        #expect(failure.step == "boot-scr")
        #expect(failure.reason == "killed by signal 9")
    }

    @Test func missingToolsAreListedWithTheirPackagesBeforeTheFirstStep() throws {
        let space = try FixtureWorkspace()
        let emptyBin = "\(space.root)/empty-bin"
        try FileManager.default.createDirectory(atPath: emptyBin, withIntermediateDirectories: true)
        #expect {
            try space.executor(options: { $0.environment["PATH"] = emptyBin }).run()
        } throws: { error in
            guard case ExecutionError.missingTools(let missing) = error else { return false }
            let packages = Set(missing.compactMap(\.package))
            return packages.isSuperset(of: ["make", "gcc-arm-linux-gnueabihf", "u-boot-tools", "bc", "flex", "bison", "kmod"])
                && "\(error)".contains("apt-get install")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(space.work)/logs/defconfig.log"), "no step ran")
    }

    @Test func failedCaptureLeavesTheReleaseUnset() throws {
        let space = try FixtureWorkspace()
        var plan = space.plan()
        let index = try #require(plan.steps.firstIndex { $0.id == "kernelrelease" })
        plan.steps[index].action = .capture(Command(["true"]), variable: Plan.kernelReleaseVariable)
        let failure = try #require(failure { _ = try space.executor(plan: plan).run() })
        #expect(failure.step == "kernelrelease")
        #expect(failure.reason == "expected one line of output, got none")
    }
}
