import BuildExecutor
import Foundation
import OdroidCore
import Testing
import TestSupport

/// Collects what a reporter writes.
final class TextSink: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func write(_ s: String) { lock.withLock { text += s } }
    var value: String { lock.withLock { text } }
}

@Suite("Progress: compile units, estimates, JSON lines")
struct ProgressTests {
    @Test(.tags(.pure)) func kbuildCompileLinesCountAsUnits() {
        #expect(StepActivity.isUnit("  CC      init/main.o"))
        #expect(StepActivity.isUnit("  CC [M]  drivers/net/foo.o"))
        #expect(StepActivity.isUnit("  AS      arch/arm/kernel/entry-armv.o"))
        #expect(StepActivity.isUnit("  HOSTCC  scripts/kconfig/conf.o"))
        #expect(!StepActivity.isUnit("  LD      vmlinux"))
        #expect(!StepActivity.isUnit("CC init/main.o"), "make's own messages start at column 0")
        #expect(!StepActivity.isUnit("  CCACHE  x"))
    }

    @Test(.tags(.pure)) func estimateScalesThePreviousRunByUnitsDone() {
        let activity = StepActivity(estimate: BuildState.WorkRecord(units: 100, seconds: 200))
        for _ in 0..<25 { activity.observe("  CC      x.o") }
        #expect(activity.units == 25)
        #expect(activity.remaining == 150)
        #expect(StepActivity(estimate: nil).remaining == nil)
    }

    @Test(.tags(.realProcess)) func jsonLinesAreOneDecodableEventPerLine() throws {
        let space = try FixtureWorkspace()
        let sink = TextSink()
        _ = try space.executor(options: { $0.until = "build" }, progress: JSONLinesProgress(write: { sink.write($0) })).run()
        let lines = sink.value.split(separator: "\n")
        let events = try lines.map { try JSONDecoder().decode(JSONLinesProgress.Event.self, from: Data($0.utf8)) }
        #expect(events.first?.event == "run-start")
        #expect(events.last?.event == "run-end")
        let buildEnd = try #require(events.first { $0.event == "step-end" && $0.step == "build" })
        #expect(buildEnd.outcome == "ran")
        #expect(buildEnd.units == 4)
        let install = try #require(events.first { $0.event == "step-end" && $0.step == "install" })
        #expect(install.outcome == "not-run")
    }

    @Test(.tags(.realProcess)) func plainLinesShowEachStepWithItsResult() throws {
        let space = try FixtureWorkspace()
        let sink = TextSink()
        _ = try space.executor(progress: PlainProgress(write: { sink.write($0) })).run()
        let sink2 = TextSink()
        _ = try space.executor(progress: PlainProgress(write: { sink2.write($0) })).run()
        #expect(sink.value.contains("] build: done in "))
        #expect(sink.value.contains("4 units (no successful run recorded)"))
        #expect(sink2.value.contains("] build: unchanged, skipped"))
        #expect(sink2.value.contains("0 steps ran, 11 unchanged"))
    }
}
