/// The one pass over the plugin's executed-block words (exec.bin): self instructions and host time per
/// function, calls, the first run of each function, system calls and call stacks. Pure: it is handed the
/// words and the function table.
public struct TraceAnalyser: Sendable {
    /// Code of the kernel's system-call entry: the first block after one of them that starts a `sys_*`
    /// function is a system call. 32-bit ARM's vector_swi jumps through sys_call_table straight into it, from
    /// its `local_restart` part (or `__sys_trace` when the call is traced); vmlinux names both.
    public static let syscallEntries: Set<String> = ["vector_swi", "local_restart", "__sys_trace"]
    static let timeSampleEvery = 4

    public let table: FunctionTable

    public init(table: FunctionTable) {
        self.table = table
    }

    /// The system call a `sys_*` function (or its `_wrapper`) implements, or nil for other functions.
    public static func syscallName(of function: String) -> String? {
        guard function.hasPrefix("sys_") else { return nil }
        var name = function.dropFirst(4)
        if name.hasSuffix("_wrapper") { name = name.dropLast(8) }
        return name.isEmpty ? nil : String(name)
    }

    public func run(_ words: UnsafeBufferPointer<UInt32>) -> TracePass {
        let functions = table.functions
        var pass = TracePass(functionCount: functions.count)
        let isEntry = functions.map { Self.syscallEntries.contains($0.name) }
        let isSyscall = functions.map { Self.syscallName(of: $0.name) != nil }
        var syscallSlot = [Int](repeating: -1, count: functions.count)
        var pending = PendingMoments()
        var interval = IntervalShares(functionCount: functions.count)
        var lastTime: TracePass.Moment?
        var timeWords = 0
        var previous: Int32 = -1
        var instruction: UInt64 = 0
        var records = 0
        var index = 0
        let count = words.count
        table.blockFunction.withUnsafeBufferPointer { blockFunction in
            table.blockInstructions.withUnsafeBufferPointer { blockInstructions in
                table.blockIsEntry.withUnsafeBufferPointer { blockIsEntry in
                    while index < count {
                        let word = words[index]
                        index += 1
                        if word & TraceFormat.controlBit == 0 {
                            let block = Int(word)
                            let function = blockFunction[block]
                            let slot = Int(function)
                            let size = UInt64(blockInstructions[block])
                            records += 1
                            pass.selfInstructions[slot] &+= size
                            interval.add(slot, size)
                            if pass.firstRun[slot] == nil {
                                pass.firstRun[slot] = TracePass.Moment(instruction: instruction, hostNanoseconds: 0)
                                pending.add(.first(slot), at: instruction)
                            }
                            if blockIsEntry[block] {
                                pass.calls[slot] += 1
                                if previous >= 0, isEntry[Int(previous)], isSyscall[slot] {
                                    Self.countSyscall(slot, at: instruction, in: &pass, slots: &syscallSlot)
                                    pending.add(.syscall(syscallSlot[slot]), at: instruction)
                                }
                                pass.stacks.call(function)
                            } else if function != pass.stacks.topFunction {
                                pass.stacks.resume(function)
                            }
                            pass.stacks.count(size)
                            instruction &+= size
                            previous = function
                        } else if word == TraceFormat.timeWord, index + 2 <= count {
                            let nanoseconds = Double(UInt64(words[index]) | UInt64(words[index + 1]) << 32)
                            index += 2
                            let now = TracePass.Moment(instruction: instruction, hostNanoseconds: nanoseconds)
                            let start = lastTime ?? now
                            interval.distribute(nanoseconds - start.hostNanoseconds, into: &pass.selfHostNanoseconds)
                            pending.resolve(from: start, to: now, in: &pass)
                            if lastTime == nil { pass.kernelStartNanoseconds = nanoseconds }
                            if timeWords % Self.timeSampleEvery == 0 { pass.timeSamples.append(now) }
                            timeWords += 1
                            lastTime = now
                            pass.endNanoseconds = nanoseconds
                        } else if word == TraceFormat.skippedWord, index + 4 <= count {
                            pass.preKernelInstructions = UInt64(words[index]) | UInt64(words[index + 1]) << 32
                            pass.preKernelBlocks = UInt64(words[index + 2]) | UInt64(words[index + 3]) << 32
                            index += 4
                        } else {
                            index = count  // a cut-off control word: the trace ends here
                        }
                    }
                }
            }
        }
        if let lastTime, pass.timeSamples.last != lastTime { pass.timeSamples.append(lastTime) }
        pass.records = records
        pass.instructions = instruction
        return pass
    }

    private static func countSyscall(_ function: Int, at instruction: UInt64, in pass: inout TracePass, slots: inout [Int]) {
        let moment = TracePass.Moment(instruction: instruction, hostNanoseconds: 0)
        if slots[function] < 0 {
            slots[function] = pass.syscalls.count
            pass.syscalls.append(TracePass.SyscallCount(function: function, count: 0, first: moment, last: moment))
        }
        pass.syscalls[slots[function]].count += 1
        pass.syscalls[slots[function]].last = moment
    }
}
