import BootTrace
import Foundation
import TestSupport
import Testing

/// The analysis on the fixture trace (Fixtures/tiny/trace.txt) whose answers were worked out by hand:
/// 114 instructions in 18 blocks after 12 pre-kernel instructions, two write system calls from userspace.
@Suite("The trace analysis on a fixture whose answer is known", .tags(.pure))
struct TraceFixtureTests {
    func selfInstructions(_ table: FunctionTable, _ pass: TracePass) -> [String: UInt64] {
        Dictionary(
            uniqueKeysWithValues: table.functions.indices.filter { pass.selfInstructions[$0] > 0 }.map {
                (table.functions[$0].name, pass.selfInstructions[$0])
            })
    }

    @Test func countsEachFunctionsOwnInstructionsAndCalls() throws {
        let (table, pass) = try TinyTrace.analysed()
        #expect(pass.records == 18)
        #expect(pass.instructions == 114)
        #expect(pass.preKernelInstructions == 12 && pass.preKernelBlocks == 3)
        #expect(
            selfInstructions(table, pass) == [
                "start_kernel": 13, "helper": 10, "kernel_init": 12, "path_mount": 6, "kernel_execve": 4, "[userspace]": 45,
                "vector_swi": 6, "local_restart": 4, "sys_write": 14,
            ])
        let calls = Dictionary(uniqueKeysWithValues: table.functions.indices.map { (table.functions[$0].name, pass.calls[$0]) })
        #expect(calls["helper"] == 2 && calls["sys_write"] == 2 && calls["start_kernel"] == 1 && calls["[userspace]"] == 0)
    }

    @Test func sharesHostTimeByInstructionsBetweenTimeWords() throws {
        let (table, pass) = try TinyTrace.analysed()
        let host = Dictionary(
            uniqueKeysWithValues: table.functions.indices.map { (table.functions[$0].name, pass.selfHostNanoseconds[$0]) })
        // 1000 ns over the first 18 instructions, 2000 ns over the next 96.
        #expect(abs(host["start_kernel"]! - 13.0 / 18 * 1000) < 1e-6)
        #expect(abs(host["helper"]! - (5.0 / 18 * 1000 + 5.0 / 96 * 2000)) < 1e-6)
        #expect(abs(host["[userspace]"]! - 45.0 / 96 * 2000) < 1e-6)
        #expect(abs(host.values.reduce(0, +) - 3000) < 1e-6)
    }

    @Test func findsTheSystemCallsUserspaceMadeThroughVectorSwi() throws {
        let (table, pass) = try TinyTrace.analysed()
        let report = TraceReportBuilder(table: table, pass: pass).build()
        #expect(report.syscalls.count == 1)
        let write = try #require(report.syscalls.first)
        #expect(write.name == "write" && write.count == 2)
        #expect(write.firstInstruction == 70 && write.lastInstruction == 102)
        #expect(abs(pass.syscalls[0].first.hostNanoseconds - (2000 + 52.0 / 96 * 2000)) < 1e-6)
        #expect(abs(pass.syscalls[0].last.hostNanoseconds - (2000 + 84.0 / 96 * 2000)) < 1e-6)
    }

    @Test func ordersFirstCallsAndMilestonesByInstruction() throws {
        let (table, pass) = try TinyTrace.analysed()
        let report = TraceReportBuilder(table: table, pass: pass).build()
        #expect(
            report.firstCalls.map(\.name) == [
                "start_kernel", "helper", "kernel_init", "path_mount", "kernel_execve", "[userspace]", "vector_swi", "local_restart",
                "sys_write",
            ])
        #expect(report.firstCalls.map(\.instruction) == [0, 10, 18, 26, 41, 45, 65, 68, 70])
        let milestones = report.milestones.map { "\($0.name)@\($0.instruction)" }
        #expect(
            milestones == [
                "start_kernel@0", "kernel_init@18", "first mount@26", "first execve (userspace begins)@41",
                "first userspace instruction@45",
                "trace end@114",
            ])
        #expect(report.kernel.instructions == 69 && report.userspace.instructions == 45)
        #expect(report.preKernel.hostSeconds == 0.000001)
    }

    @Test func rebuildsCallStacksFromCallsAndReturns() throws {
        let (table, pass) = try TinyTrace.analysed()
        #expect(
            FoldedStacks.render(pass.stacks, functions: table.functions) == """
                [userspace] 45
                [userspace];vector_swi 6
                [userspace];vector_swi;local_restart 4
                [userspace];vector_swi;local_restart;sys_write 14
                start_kernel 13
                start_kernel;helper 5
                start_kernel;kernel_init 12
                start_kernel;kernel_init;helper 5
                start_kernel;kernel_init;kernel_execve 4
                start_kernel;kernel_init;path_mount 6

                """)
    }

    @Test func drawsEveryStackAndEveryMilestone() throws {
        let (table, pass) = try TinyTrace.analysed()
        let flame = FlameGraphSVG().render(pass.stacks, functions: table.functions)
        #expect(flame.hasPrefix("<svg") && flame.contains("<title>sys_write: 14 instructions"))
        #expect(flame.contains("<title>start_kernel: 45 instructions"))
        let report = TraceReportBuilder(table: table, pass: pass).build()
        let timeline = TimelineSVG().render(report)
        for milestone in report.milestones { #expect(timeline.contains(milestone.name), "\(milestone.name)") }
        #expect(timeline.contains("<title>userspace (init): "))
        #expect(timeline.contains("<title>early kernel (start_kernel): "))
    }

    @Test func readsATraceCutOffInsideAControlWord() throws {
        let (blocks, words) = try TinyTrace.encoded()
        let table = FunctionTable(blocks: TranslatedBlock.table(blocks), symbols: try TinyTrace.symbols())
        let cut = Array(words.dropLast(2))
        let pass = cut.withUnsafeBufferPointer { TraceAnalyser(table: table).run($0) }
        #expect(pass.instructions == 114 && pass.records == 18)
    }
}

/// The timeline's phases are named after the milestones that begin them (the fixture with `helper` standing in
/// for the one function of an early initcall level).
@Suite("Timeline phases", .tags(.pure))
struct TimelinePhaseTests {
    @Test func namesEachPhaseAfterTheMilestoneThatBeginsIt() throws {
        let (table, pass) = try TinyTrace.analysed()
        var builder = TraceReportBuilder(table: table, pass: pass)
        builder.initcallLevels = [[0xc010_0400]]
        let report = builder.build()
        #expect(report.milestones.contains { $0.name == "initcall level early" && $0.function == "helper" && $0.instruction == 10 })
        let phases = TimelineSVG().phases(report)
        #expect(
            phases.map(\.name) == [
                "firmware + decompressor", "early kernel (start_kernel)", "initcalls early", "kernel_init", "userspace (init)",
            ])
        #expect(phases.last?.end == 0.000004, "the last phase ends with the trace")
        #expect(zip(phases, phases.dropFirst()).allSatisfy { $0.end == $1.start })
    }
}
