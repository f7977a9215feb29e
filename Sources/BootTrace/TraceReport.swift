/// trace.json: where the traced boot spent its time and when each part first ran. Times in both
/// currencies: `instruction` (guest instructions since the kernel's first instruction) and `host_seconds`
/// (host time since QEMU's plugin started).
public struct TraceReport: Sendable, Codable, Equatable {
    public struct Function: Sendable, Codable, Equatable {
        public var name: String
        public var subsystem: String?
        public var selfInstructions: UInt64
        public var selfHostSeconds: Double
        public var calls: Int
    }

    public struct FirstCall: Sendable, Codable, Equatable {
        public var name: String
        public var instruction: UInt64
        public var hostSeconds: Double
    }

    public struct Syscall: Sendable, Codable, Equatable {
        public var name: String
        public var count: Int
        public var firstInstruction: UInt64
        public var firstHostSeconds: Double
        public var lastInstruction: UInt64
        public var lastHostSeconds: Double
    }

    public struct Milestone: Sendable, Codable, Equatable {
        public var name: String
        /// The function whose first run marks it (nil for a console line or the trace's end).
        public var function: String?
        public var instruction: UInt64
        public var hostSeconds: Double
    }

    public struct Share: Sendable, Codable, Equatable {
        public var instructions: UInt64
        public var hostSeconds: Double
    }

    public var records: Int
    public var preKernel: PreKernel
    public var kernel: Share
    public var userspace: Share
    public var functions: [Function]
    public var firstCalls: [FirstCall]
    public var syscalls: [Syscall]
    public var milestones: [Milestone]
    public var subsystems: [FirstCall]
    /// Modules whose symbols were added (name → .text address as the guest printed it).
    public var modules: [String: UInt32]

    public struct PreKernel: Sendable, Codable, Equatable {
        /// u-boot and the zImage decompressor: counted by the plugin, not recorded block by block.
        public var instructions: UInt64
        public var blocks: UInt64
        public var hostSeconds: Double
    }
}
