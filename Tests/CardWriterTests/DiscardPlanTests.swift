@testable import CardWriter
import Testing
import TestSupport

@Suite("Discard requests honour the device's limits", .tags(.pure))
struct DiscardPlanTests {
    func check(_ chunks: [(offset: UInt64, length: UInt64)], covers start: UInt64, _ end: UInt64, limits: DiscardLimits) {
        var position = start
        for chunk in chunks {
            #expect(chunk.offset == position, "contiguous")
            #expect(chunk.offset % 512 == 0 && chunk.length % 512 == 0, "512-aligned")
            #expect(chunk.length <= limits.maxBytes, "within discard_max_bytes")
            position += chunk.length
        }
        #expect(position == end, "covers the range")
    }

    @Test func unsupportedMeansNoRequests() {
        #expect(DiscardPlan.chunks(offset: 0, length: 1 << 20, limits: .init(maxBytes: 0, granularity: 512, alignment: 0)).isEmpty)
    }

    @Test func largeRangeIsSplitAtMaxBytesRoundedToGranularity() {
        let limits = DiscardLimits(maxBytes: 3 << 20 | 4096, granularity: 1 << 20, alignment: 0)
        let chunks = DiscardPlan.chunks(offset: 0, length: 10 << 20, limits: limits)
        check(chunks, covers: 0, 10 << 20, limits: limits)
        #expect(chunks.map(\.length) == [3 << 20, 3 << 20, 3 << 20, 1 << 20])
    }

    @Test func headUpToTheFirstAlignedBoundaryThenWholeUnits() {
        // A partition whose first erase-block boundary is 1536 bytes in.
        let limits = DiscardLimits(maxBytes: 8 << 20, granularity: 4 << 20, alignment: 1536)
        let chunks = DiscardPlan.chunks(offset: 0, length: 16 << 20, limits: limits)
        check(chunks, covers: 0, 16 << 20, limits: limits)
        #expect(chunks[0] == (0, 1536))
        #expect(chunks[1].offset == 1536 && chunks[1].length == 8 << 20)
        for chunk in chunks.dropFirst().dropLast() { #expect((chunk.offset - 1536) % (4 << 20) == 0) }
    }

    @Test func unalignedEdgesAreTrimmedToSectors() {
        let limits = DiscardLimits(maxBytes: 1 << 30, granularity: 512, alignment: 0)
        let chunks = DiscardPlan.chunks(offset: 100, length: 5000, limits: limits)
        #expect(chunks.count == 1 && chunks[0] == (512, 4096))
    }

    @Test(arguments: [UInt64(512), 4096, 65536, 1 << 20, 4 << 20])
    func anyGranularityCoversExactly(granularity: UInt64) {
        let limits = DiscardLimits(maxBytes: 2 * granularity + 512, granularity: granularity, alignment: 512)
        let chunks = DiscardPlan.chunks(offset: 4096, length: 37 << 20, limits: limits)
        check(chunks, covers: 4096, 4096 + (37 << 20), limits: limits)
    }
}
