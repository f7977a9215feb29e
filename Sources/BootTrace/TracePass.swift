/// What one pass over a trace's executed blocks counts, per function and in total. Times are in two
/// currencies: guest instructions since the kernel's first block (deterministic under TCG) and host
/// nanoseconds since the plugin started (interpolated by instructions between the plugin's time words).
public struct TracePass: Sendable {
    public struct Moment: Sendable, Hashable, Codable {
        public var instruction: UInt64
        public var hostNanoseconds: Double
    }

    public struct SyscallCount: Sendable, Hashable {
        public var function: Int
        public var count: Int
        public var first: Moment
        public var last: Moment
    }

    /// Executed blocks read (records), and the instructions they held.
    public var records = 0
    public var instructions: UInt64 = 0
    /// What ran before the kernel's first block (u-boot, the zImage decompressor): counted, not recorded.
    public var preKernelInstructions: UInt64 = 0
    public var preKernelBlocks: UInt64 = 0
    /// Host time from the plugin's start to the kernel's first block, and to the trace's end.
    public var kernelStartNanoseconds: Double = 0
    public var endNanoseconds: Double = 0

    public var selfInstructions: [UInt64]
    public var selfHostNanoseconds: [Double]
    public var calls: [Int]
    /// The moment each function first ran, nil for functions that did not.
    public var firstRun: [Moment?]
    public var syscalls: [SyscallCount] = []
    public var stacks = StackTrie()
    /// (instruction, host time) at every `timeSampleEvery`th time word: the map between the two currencies.
    public var timeSamples: [Moment] = []

    init(functionCount: Int) {
        selfInstructions = Array(repeating: 0, count: functionCount)
        selfHostNanoseconds = Array(repeating: 0, count: functionCount)
        calls = Array(repeating: 0, count: functionCount)
        firstRun = Array(repeating: nil, count: functionCount)
    }

    /// The host time at guest instruction `instruction`, interpolated between time samples.
    public func hostNanoseconds(atInstruction instruction: UInt64) -> Double {
        guard var upper = timeSamples.firstIndex(where: { $0.instruction >= instruction }) else {
            return timeSamples.last?.hostNanoseconds ?? 0
        }
        if upper == 0 { upper = 1 }
        guard upper < timeSamples.count else { return timeSamples.last?.hostNanoseconds ?? 0 }
        let low = timeSamples[upper - 1]
        let high = timeSamples[upper]
        let span = Double(high.instruction &- low.instruction)
        guard span > 0 else { return low.hostNanoseconds }
        return low.hostNanoseconds + (high.hostNanoseconds - low.hostNanoseconds) * Double(instruction &- low.instruction) / span
    }

    /// The guest instruction at host time `nanoseconds`, the inverse of `hostNanoseconds(atInstruction:)`.
    public func instruction(atHostNanoseconds nanoseconds: Double) -> UInt64 {
        guard let upper = timeSamples.firstIndex(where: { $0.hostNanoseconds >= nanoseconds }) else {
            return timeSamples.last?.instruction ?? 0
        }
        guard upper > 0 else { return timeSamples[0].instruction }
        let low = timeSamples[upper - 1]
        let high = timeSamples[upper]
        let span = high.hostNanoseconds - low.hostNanoseconds
        guard span > 0 else { return low.instruction }
        return low.instruction + UInt64(Double(high.instruction - low.instruction) * (nanoseconds - low.hostNanoseconds) / span)
    }
}
