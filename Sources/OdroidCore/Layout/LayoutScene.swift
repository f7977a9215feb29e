/// What the layout picture shows, independent of how it is drawn: DRAM, one lane per load window or reserved
/// region (to scale), the byte ranges where two of them collide, and the problems in words.
public struct LayoutScene: Sendable {
    public struct Lane: Sendable {
        public var label: String
        public var region: MemoryRegion
        public var kind: MemoryMap.Kind
        /// True when the size is the real artifact's, false when it is the profile's maximum.
        public var actualSize: Bool

        public init(label: String, region: MemoryRegion, kind: MemoryMap.Kind, actualSize: Bool) {
            self.label = label
            self.region = region
            self.kind = kind
            self.actualSize = actualSize
        }
    }

    /// A range where two lanes overlap in a way that breaks the boot.
    public struct Collision: Sendable {
        public var first: Int
        public var second: Int
        public var region: MemoryRegion
    }

    public var title: String
    public var dram: MemoryRegion
    public var lanes: [Lane]
    public var collisions: [Collision]
    public var problems: [String]

    /// The scene for a profile's memory map, plus `notes` found outside it (a uImage's own load address).
    public init(profile: ResolvedProfile, map: MemoryMap, extraLanes: [Lane] = [], notes: [String] = []) {
        title = "\(profile.name): \(profile.description)"
        dram = map.dram
        // A lane from the artifact itself (where a real uImage says bootm moves it) replaces the profile's guess.
        let replaced = Set(extraLanes.map(\.kind))
        lanes =
            (map.windows.filter { !replaced.contains($0.kind) }.map {
                Lane(label: $0.region.name, region: $0.region, kind: $0.kind, actualSize: $0.actualSize)
            } + extraLanes).sorted { $0.region.start < $1.region.start }
        var found: [Collision] = []
        for (i, a) in lanes.enumerated() {
            for j in lanes.indices where j > i {
                guard let region = MemoryMap.collision(a.kind, a.region, lanes[j].kind, lanes[j].region) else { continue }
                found.append(Collision(first: i, second: j, region: region))
            }
        }
        let laneList = lanes
        var messages = map.problems().map(\.message) + notes
        for lane in extraLanes where lane.region.start < dram.start || lane.region.end > dram.end {
            messages.append("\(lane.label) \(Hex.range(lane.region)) is outside DRAM \(Hex.range(dram))")
        }
        for collision in found where replaced.contains(laneList[collision.first].kind) || replaced.contains(laneList[collision.second].kind)
        {
            let (a, b) = (laneList[collision.first], laneList[collision.second])
            messages.append("\(a.label) \(Hex.range(a.region)) overlaps \(b.label) \(Hex.range(b.region))")
        }
        collisions = found
        problems = messages
    }

    /// The address span worth a close-up: every non-reserved lane, padded by a sixteenth on each side;
    /// nil when it is most of DRAM anyway.
    public var loadArea: MemoryRegion? {
        let loads = lanes.filter { $0.kind != .reserved && $0.region.size > 0 }
        guard let low = loads.map(\.region.start).min(), let high = loads.map(\.region.end).max(), high > low else { return nil }
        let pad = (high - low) / 16
        let mebibyte: UInt64 = 1 << 20
        let start = max(min(dram.start, low), (low > pad ? low - pad : 0) / mebibyte * mebibyte)
        let end = min(max(dram.end, high), (high &+ pad &+ mebibyte - 1) / mebibyte * mebibyte)
        guard end > start, (end - start) < dram.size / 4 else { return nil }
        return MemoryRegion(name: "load area", start: start, size: end - start)
    }

    /// DRAM, widened to take in any window that lies outside it, so a misplaced window still shows.
    public var wholeView: MemoryRegion {
        let start = min(dram.start, lanes.map(\.region.start).min() ?? dram.start)
        let end = max(dram.end, lanes.map(\.region.end).max() ?? dram.end)
        return MemoryRegion(name: "view", start: start, size: end - start)
    }

    /// Whether lane `index` takes part in a collision.
    public func collides(_ index: Int) -> Bool {
        collisions.contains { $0.first == index || $0.second == index }
    }
}
