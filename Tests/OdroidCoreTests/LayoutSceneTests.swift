import OdroidCore
import Testing
import TestSupport

/// The layout picture and the memory checks judge overlaps by the one rule in MemoryMap: what the picture marks
/// with X (or red) is exactly what `problems()` reports, and what the rule allows is never marked.
@Suite("Layout scene: the picture of the memory map", .tags(.pure))
struct LayoutSceneTests {
    private func tightXU() throws -> ResolvedProfile {
        try Shipped.resolve("odroidxu", overrides: ["boot.initrd_addr=0x43800000", "kernel.image_max=8M", "initramfs.max_size=8M"])
    }

    @Test func aKernelTooBigForItsWindowCollidesWithTheInitrdInThePictureAndTheProblems() throws {
        let profile = try tightXU()
        let map = MemoryMap(profile: profile, sizes: .init(kernel: 9_000_000, initrd: 4_000_000, dtb: 40_000))
        let scene = LayoutScene(profile: profile, map: map)
        #expect(scene.collisions.count == 1)
        let collision = try #require(scene.collisions.first)
        #expect([scene.lanes[collision.first].kind, scene.lanes[collision.second].kind] == [.kernel, .initrd])
        #expect(collision.region.start == 0x4380_0000)
        #expect(collision.region.end == 0x4300_0000 + 9_000_000)
        #expect(scene.problems == map.problems().map(\.message))
        let text = LayoutText(scene: scene, width: 64).render()
        #expect(text.contains("X"))
        #expect(text.contains("Problems:"))
        #expect(LayoutSVG(scene: scene).render().contains("#d0021b"))
    }

    @Test func theBootmMoveAndReservedNeighboursAreNotCollisions() throws {
        let profile = try Shipped.resolve("odroidxu")
        let scene = LayoutScene(profile: profile, map: MemoryMap(profile: profile))
        #expect(scene.lanes.contains { $0.kind == .kernelRelocated })
        #expect(scene.collisions.isEmpty)
        #expect(scene.problems.isEmpty)
        let text = LayoutText(scene: scene).render()
        #expect(text.contains("No problems"))
        #expect(!text.split(separator: "\n").contains { $0.contains("|") && $0.contains("X") })
    }

    @Test func theOneRuleAllowsWhatBootmAllowsAndNothingElse() {
        let a = MemoryRegion(name: "a", start: 0x1000, size: 0x1000)
        let b = MemoryRegion(name: "b", start: 0x1800, size: 0x1000)
        let empty = MemoryRegion(name: "empty", start: 0x1800, size: 0)
        #expect(MemoryMap.collision(.kernel, a, .initrd, b) == MemoryRegion(name: "overlap", start: 0x1800, size: 0x800))
        #expect(MemoryMap.collision(.kernel, a, .kernelRelocated, b) == nil)
        #expect(MemoryMap.collision(.reserved, a, .reserved, b) == nil)
        #expect(MemoryMap.collision(.dtb, a, .reserved, b) != nil)
        #expect(MemoryMap.collision(.kernel, a, .initrd, empty) == nil, "an empty file occupies no bytes")
        #expect(
            MemoryMap.collision(.kernel, a, .initrd, MemoryRegion(name: "c", start: 0x2000, size: 4)) == nil, "touching is not overlapping")
    }

    @Test func aLaneFromTheUImageHeaderReplacesTheProfilesGuessAndIsJudgedToo() throws {
        let profile = try tightXU()
        let map = MemoryMap(profile: profile, sizes: .init(kernel: 4_000_000))
        // A uImage whose header says it runs at the initrd's address: bootm would move it over the initramfs.
        let lane = LayoutScene.Lane(
            label: "kernel moved to the uImage's load address",
            region: MemoryRegion(name: "uImage load", start: 0x4380_0000, size: 3_000_000),
            kind: .kernelRelocated, actualSize: true)
        let scene = LayoutScene(profile: profile, map: map, extraLanes: [lane], notes: ["a note"])
        #expect(scene.lanes.filter { $0.kind == .kernelRelocated }.map(\.label) == [lane.label])
        #expect(scene.problems.contains("a note"))
        #expect(
            scene.problems.contains {
                $0.contains("kernel moved to the uImage's load address") && $0.hasPrefix("initramfs") && $0.contains("overlaps")
            })
        let outside = LayoutScene.Lane(
            label: "far away", region: MemoryRegion(name: "x", start: 0x1000, size: 16), kind: .kernelRelocated, actualSize: true)
        let far = LayoutScene(profile: profile, map: map, extraLanes: [outside])
        #expect(far.problems.contains { $0.contains("is outside DRAM") })
        #expect(far.wholeView.start == 0x1000)
    }
}
