import BootProof
import Foundation
import TestSupport
import Testing

@Suite("Boot timeline from recorded consoles", .tags(.pure))
struct BootTimelineTests {
    @Test func bootScrPhasesAreAllThereInOrder() throws {
        let timeline = BootTimelineAnalyser.analyse(try ConsoleFixtures.lines("success-boot-scr"), marker: ConsoleFixtures.marker)
        let kinds = timeline.phases.map(\.kind)
        #expect(
            kinds == [
                .uBootStart, .autobootEnd, .bootFileFound, .scriptStart, .kernelImageChecked, .kernelStart, .firstKernelMessage, .initStart,
                .marker,
            ])
        let hostTimes = timeline.phases.compactMap(\.hostSeconds)
        #expect(hostTimes.count == kinds.count)
        #expect(hostTimes == hostTimes.sorted())
        #expect(timeline.phase(.firstKernelMessage)?.kernelSeconds == 0)
        #expect((timeline.phase(.initStart)?.kernelSeconds ?? 0) > 1)
    }

    @Test func bootScrFileLoadsHaveSizesAndTheScriptName() throws {
        let loads = BootTimelineAnalyser.analyse(try ConsoleFixtures.lines("success-boot-scr"), marker: nil).fileLoads
        #expect(loads.map(\.name) == ["/boot.scr", nil, nil])
        #expect(loads.allSatisfy { ($0.bytes ?? 0) > 0 && $0.milliseconds != nil })
        #expect((loads[1].bytes ?? 0) > 1_000_000)  // the kernel uImage
    }

    @Test func extlinuxFilesAreNamed() throws {
        let timeline = BootTimelineAnalyser.analyse(try ConsoleFixtures.lines("success-extlinux"), marker: ConsoleFixtures.marker)
        #expect(timeline.fileLoads.map(\.name) == ["/extlinux/extlinux.conf", "/initrd.gz", "/zImage"])
        #expect(timeline.phase(.bootFileFound)?.line == "Found /extlinux/extlinux.conf")
        #expect(timeline.phase(.kernelImageChecked)?.line.hasPrefix("Kernel image @") == true)
        #expect(timeline.phase(.marker) != nil)
    }

    @Test func subsystemsAreFirstSeenInKernelTimeOrder() throws {
        let subsystems = BootTimelineAnalyser.analyse(try ConsoleFixtures.lines("success-boot-scr"), marker: nil).subsystems
        let names = subsystems.map(\.name)
        for expected in ["psci", "NET", "rcu", "clocksource", "Serial", "printk", "rtc-pl031", "pci-host-generic"] {
            #expect(names.contains(expected), "\(expected) missing from \(names)")
        }
        #expect(!names.contains("Zone ranges"))
        #expect(subsystems.map(\.kernelSeconds) == subsystems.map(\.kernelSeconds).sorted())
        #expect((subsystems.first { $0.name == "NET" }?.lineCount ?? 0) >= 4)
        #expect(Set(names).count == names.count)
    }

    @Test func initcallDebugTimingsAreRead() throws {
        let timeline = BootTimelineAnalyser.analyse(try ConsoleFixtures.lines("success-initcall-debug"), marker: ConsoleFixtures.marker)
        #expect(timeline.initcalls.count > 100)
        #expect(timeline.initcalls.allSatisfy { !$0.function.contains("+") && !$0.function.isEmpty })
        #expect(timeline.initcalls.contains { $0.microseconds > 1000 })
        #expect(timeline.phase(.marker) != nil)
    }

    @Test func plainLogWithoutHostTimesStillGivesPhases() {
        let log =
            "\r\nU-Boot 2023.01 (x)\r\nStarting kernel ...\r\n\r\n[    0.000000] Booting Linux on physical CPU 0x0\r\n[    1.500000] Run /init as init process\r\nMARK\r\n"
        let lines = ConsoleLine.parsePlain(log)
        #expect(lines.allSatisfy { !$0.text.contains("\r") && $0.hostSeconds == nil })
        let timeline = BootTimelineAnalyser.analyse(lines, marker: "MARK")
        #expect(timeline.phases.map(\.kind) == [.uBootStart, .kernelStart, .firstKernelMessage, .initStart, .marker])
        #expect(timeline.phase(.initStart)?.kernelSeconds == 1.5)
    }

    @Test func timedSidecarRoundTrips() {
        let lines = [
            ConsoleLine(hostSeconds: 0.25, text: "a\tb"), ConsoleLine(hostSeconds: nil, text: ""), ConsoleLine(hostSeconds: 3, text: "=> "),
        ]
        #expect(ConsoleLine.parseTimed(ConsoleLine.timedText(lines)) == lines)
    }
}

@Suite("Rendering a boot timeline", .tags(.pure))
struct BootTimelineRenderingTests {
    let timeline: BootTimeline

    init() throws {
        timeline = BootTimelineAnalyser.analyse(try ConsoleFixtures.lines("success-initcall-debug"), marker: ConsoleFixtures.marker)
    }

    @Test func tableListsPhasesFilesSubsystemsAndSlowestInitcalls() {
        let text = BootTimelineRenderer.render(timeline, as: .table, slowestInitcalls: 5)
        #expect(text.contains("starting kernel"))
        #expect(text.contains("Files loaded by u-boot"))
        #expect(text.contains("/boot.scr"))
        #expect(text.contains("Kernel subsystems and drivers"))
        #expect(text.contains("slowest 5"))
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }

    @Test func jsonDecodesToTheSameTimeline() throws {
        let text = BootTimelineRenderer.render(timeline, as: .json)
        let decoded = try JSONDecoder().decode(BootTimeline.self, from: Data(text.utf8))
        #expect(decoded == timeline)
    }

    @Test func barsGrowWithTime() {
        let text = BootTimelineRenderer.bars(timeline, width: 20, slowestInitcalls: 3)
        let phaseLines = text.split(separator: "\n").filter { $0.hasPrefix("u-boot start") || $0.hasPrefix("marker") }
        #expect(phaseLines.count == 2)
        #expect(phaseLines.allSatisfy { $0.contains("|") })
        // The marker comes last, so its bar ends at the right edge.
        #expect(phaseLines.last?.contains("#|") == true)
        #expect(text.contains("Slowest initcalls"))
    }
}
