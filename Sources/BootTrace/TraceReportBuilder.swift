/// Turns one pass over a trace into trace.json's report: the top functions by self instructions, every
/// function's first run in boot order, the system calls, the boot's milestones and each subsystem's first run.
public struct TraceReportBuilder: Sendable {
    public var table: FunctionTable
    public var pass: TracePass
    public var subsystems = SubsystemMap()
    /// Function addresses per initcall level (`InitcallLevels.read`), in `InitcallLevels.levelNames` order.
    public var initcallLevels: [[UInt32]] = []
    /// Host nanoseconds (plugin clock) at which the console showed the init's marker, if known.
    public var markerHostNanoseconds: Double?
    public var modules: [String: UInt32] = [:]
    public var topFunctions = 200

    public init(table: FunctionTable, pass: TracePass) {
        self.table = table
        self.pass = pass
    }

    /// Milestone name → the functions whose first run (the earliest of them) marks it.
    public static let functionMilestones: [(String, [String])] = [
        ("start_kernel", ["start_kernel"]),
        ("rest_init", ["rest_init"]),
        ("kernel_init", ["kernel_init"]),
        ("initramfs unpacked", ["populate_rootfs", "do_populate_rootfs"]),
        ("first mount", ["path_mount", "do_mount"]),
        ("first execve (userspace begins)", ["kernel_execve", "sys_execve"]),
        ("first mount system call", ["sys_mount"]),
        ("power off", ["sys_reboot", "kernel_power_off"]),
    ]

    /// Host seconds to the microsecond (the plugin's clock reads are ~20 ns; finer digits would be noise).
    static func seconds(_ nanoseconds: Double) -> Double { (nanoseconds / 1e3).rounded() / 1e6 }

    func firstCall(_ function: Int) -> TraceReport.FirstCall? {
        pass.firstRun[function].map {
            .init(name: table.functions[function].name, instruction: $0.instruction, hostSeconds: Self.seconds($0.hostNanoseconds))
        }
    }

    public func build() -> TraceReport {
        let functions = table.functions
        let ranked = functions.indices.filter { pass.selfInstructions[$0] > 0 }.sorted {
            (pass.selfInstructions[$0], functions[$1].name) > (pass.selfInstructions[$1], functions[$0].name)
        }
        let top = ranked.prefix(topFunctions).map {
            TraceReport.Function(
                name: functions[$0].name, subsystem: subsystems[functions[$0].name], selfInstructions: pass.selfInstructions[$0],
                selfHostSeconds: Self.seconds(pass.selfHostNanoseconds[$0]), calls: pass.calls[$0])
        }
        let firstCalls = functions.indices.compactMap(firstCall).sorted { ($0.instruction, $0.name) < ($1.instruction, $1.name) }
        let syscalls = pass.syscalls.map {
            TraceReport.Syscall(
                name: TraceAnalyser.syscallName(of: functions[$0.function].name) ?? functions[$0.function].name, count: $0.count,
                firstInstruction: $0.first.instruction, firstHostSeconds: Self.seconds($0.first.hostNanoseconds),
                lastInstruction: $0.last.instruction, lastHostSeconds: Self.seconds($0.last.hostNanoseconds))
        }
        var user = TraceReport.Share(instructions: 0, hostSeconds: 0)
        var kernel = TraceReport.Share(instructions: 0, hostSeconds: 0)
        for index in functions.indices {
            if functions[index].isUser {
                user.instructions += pass.selfInstructions[index]
                user.hostSeconds += pass.selfHostNanoseconds[index]
            } else {
                kernel.instructions += pass.selfInstructions[index]
                kernel.hostSeconds += pass.selfHostNanoseconds[index]
            }
        }
        user.hostSeconds = Self.seconds(user.hostSeconds)
        kernel.hostSeconds = Self.seconds(kernel.hostSeconds)
        return TraceReport(
            records: pass.records,
            preKernel: .init(
                instructions: pass.preKernelInstructions, blocks: pass.preKernelBlocks,
                hostSeconds: Self.seconds(pass.kernelStartNanoseconds)),
            kernel: kernel, userspace: user, functions: top, firstCalls: firstCalls, syscalls: syscalls, milestones: milestones(),
            subsystems: subsystemFirstRuns(firstCalls), modules: modules)
    }

    func milestones() -> [TraceReport.Milestone] {
        var found: [TraceReport.Milestone] = []
        func earliest(_ candidates: [Int]) -> (Int, TracePass.Moment)? {
            candidates.compactMap { index in pass.firstRun[index].map { (index, $0) } }.min { $0.1.instruction < $1.1.instruction }
        }
        func add(_ name: String, _ candidates: [Int]) {
            guard let (index, moment) = earliest(candidates) else { return }
            found.append(
                .init(
                    name: name, function: table.functions[index].name, instruction: moment.instruction,
                    hostSeconds: Self.seconds(moment.hostNanoseconds)))
        }
        for (name, names) in Self.functionMilestones { add(name, names.compactMap(table.index(named:))) }
        let byAddress = Dictionary(
            table.functions.indices.map { (table.functions[$0].address, $0) }, uniquingKeysWith: { first, _ in first })
        for (level, addresses) in initcallLevels.enumerated() where level < InitcallLevels.levelNames.count {
            add("initcall level \(InitcallLevels.levelNames[level])", addresses.compactMap { byAddress[$0] })
        }
        if let user = table.index(named: FunctionTable.userName) { add("first userspace instruction", [user]) }
        if let marker = markerHostNanoseconds {
            found.append(
                .init(
                    name: "init marker (console)", function: nil, instruction: pass.instruction(atHostNanoseconds: marker),
                    hostSeconds: Self.seconds(marker)))
        }
        found.append(
            .init(name: "trace end", function: nil, instruction: pass.instructions, hostSeconds: Self.seconds(pass.endNanoseconds)))
        return found.sorted { ($0.instruction, $0.name) < ($1.instruction, $1.name) }
    }

    func subsystemFirstRuns(_ firstCalls: [TraceReport.FirstCall]) -> [TraceReport.FirstCall] {
        let moduleOf = Dictionary(
            table.functions.compactMap { item in item.module.map { (item.name, $0) } }, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        var result: [TraceReport.FirstCall] = []
        for call in firstCalls {
            guard let subsystem = subsystems[call.name] ?? moduleOf[call.name].map({ "module \($0)" }),
                seen.insert(subsystem).inserted
            else { continue }
            result.append(.init(name: "\(subsystem) (\(call.name))", instruction: call.instruction, hostSeconds: call.hostSeconds))
        }
        return result
    }
}
