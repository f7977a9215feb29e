/// Instructions per function since the last time word, so that the host time between two time words is
/// shared out by instructions: a TCG block's host cost is not measured one by one (that would cost more
/// than the block), so host time per function is an interpolation, exact only in total.
struct IntervalShares {
    private var instructions: [UInt64]
    private var touched: [Int] = []
    private var total: UInt64 = 0

    init(functionCount: Int) {
        instructions = Array(repeating: 0, count: functionCount)
    }

    @inline(__always) mutating func add(_ function: Int, _ size: UInt64) {
        if instructions[function] == 0 { touched.append(function) }
        instructions[function] &+= size
        total &+= size
    }

    mutating func distribute(_ nanoseconds: Double, into shares: inout [Double]) {
        if total > 0 {
            let perInstruction = nanoseconds / Double(total)
            for function in touched { shares[function] += perInstruction * Double(instructions[function]) }
        }
        for function in touched { instructions[function] = 0 }
        touched.removeAll(keepingCapacity: true)
        total = 0
    }
}

/// Events (a function's first run, a system call) whose host time is known once the next time word arrives.
struct PendingMoments {
    enum Event {
        case first(Int)
        case syscall(Int)
    }

    private var events: [(Event, UInt64)] = []

    mutating func add(_ event: Event, at instruction: UInt64) { events.append((event, instruction)) }

    mutating func resolve(from start: TracePass.Moment, to end: TracePass.Moment, in pass: inout TracePass) {
        let span = Double(end.instruction &- start.instruction)
        for (event, instruction) in events {
            let fraction = span > 0 ? Double(instruction &- start.instruction) / span : 0
            let host = start.hostNanoseconds + (end.hostNanoseconds - start.hostNanoseconds) * fraction
            switch event {
            case .first(let function):
                pass.firstRun[function]?.hostNanoseconds = host
            case .syscall(let slot):
                if pass.syscalls[slot].first.instruction == instruction, pass.syscalls[slot].first.hostNanoseconds == 0 {
                    pass.syscalls[slot].first.hostNanoseconds = host
                }
                if pass.syscalls[slot].last.instruction == instruction { pass.syscalls[slot].last.hostNanoseconds = host }
            }
        }
        events.removeAll(keepingCapacity: true)
    }
}
