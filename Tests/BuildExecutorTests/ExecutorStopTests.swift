import BuildExecutor
import Foundation
import OdroidCore
import OdroidProcess
import Testing
import TestSupport

@Suite("Stopping a run: finish-then-stop (SIGUSR1) and interrupt (Ctrl-C)", .tags(.realProcess))
struct ExecutorStopTests {
    @Test func stopRequestFinishesTheRunningStepThenSkipsTheRest() throws {
        let space = try FixtureWorkspace()
        let control = RunControl()
        let trigger = LineTrigger(on: "LD      vmlinux") { control.stopAfterCurrentStep() }
        let summary = try space.executor(
            options: { $0.verbose = true }, environment: ["FIXTURE_SLEEP": "1"],
            progress: trigger, control: control
        ).run()

        #expect(summary.ranSteps == ["defconfig", "fragments", "olddefconfig", "build"])
        #expect(summary.stoppedEarly == "on SIGUSR1 after build")
        #expect(summary.outcome("kernelrelease") == .notRun(reason: "on SIGUSR1 after build"))
        #expect(FileManager.default.fileExists(atPath: space.uImage), "the running step finished")
    }

    @Test func interruptStopsTheChildrenAndLeavesNoHalfWrittenOutput() throws {
        let space = try FixtureWorkspace()
        let sleep = "\(Int.random(in: 4000...4999))"
        // Only this test's make (a process-group leader): other tests run builds in this process at the same time.
        let make = "O=\(space.work)/build"
        let control = RunControl(stopChildren: {
            for pid in Self.processes(matching: make) { kill(-pid_t(pid)!, SIGTERM) }
        })
        let trigger = LineTrigger(on: "LD      vmlinux") { control.interrupt() }
        #expect {
            try space.executor(options: { $0.verbose = true }, environment: ["FIXTURE_SLEEP": sleep], progress: trigger, control: control)
                .run()
        } throws: { error in
            guard case ExecutionError.interrupted(let step) = error else { return false }
            return step == "build"
        }
        #expect(!FileManager.default.fileExists(atPath: "\(space.work)/build/vmlinux"))
        #expect(!FileManager.default.fileExists(atPath: space.uImage))
        #expect(Self.processes(matching: "sleep\u{0}\(sleep)").isEmpty, "no child survives")

        let again = try space.executor().run()
        #expect(again.ranSteps.first == "build", "the interrupted step is not recorded as done")
    }

    /// Pids whose /proc/PID/cmdline contains `needle`.
    static func processes(matching needle: String) -> [String] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { $0.allSatisfy(\.isNumber) } ?? []
        return pids.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(needle)
        }
    }
}
