import Foundation

/// What the executor remembers between runs in one work directory: for each step, the fingerprint of
/// everything it depended on when it last succeeded, the value it captured, and how long it took.
public struct BuildState: Codable, Sendable, Equatable {
    /// One successful run of one step.
    public struct StepRecord: Codable, Sendable, Equatable {
        /// Digest of all parts: equal keys mean the step would do the same work again.
        public var key: String
        /// Each input's own digest (command, environment, tool:…, input:…), so a rerun can say what changed.
        public var parts: [String: String]
        public var finishedAt: Date
        public var seconds: Double
        /// The value a capture step produced (the kernel release).
        public var captured: String?
    }

    /// How much work a compile step did the last time it compiled anything: the progress estimate.
    public struct WorkRecord: Codable, Sendable, Equatable {
        public var units: Int
        public var seconds: Double

        public init(units: Int, seconds: Double) {
            self.units = units
            self.seconds = seconds
        }
    }

    public var formatVersion = 1
    public var steps: [String: StepRecord] = [:]
    public var work: [String: WorkRecord] = [:]

    public init() {}
}

/// Reads and writes `BuildState` as JSON in the work directory; a write goes to a temporary file that is
/// renamed over the old one, so a crash or Ctrl-C never leaves a torn state file behind.
public struct StateStore: Sendable {
    public var path: String

    public init(workDirectory: String) {
        path = "\(workDirectory)/.odroid-build-state.json"
    }

    /// The saved state; an absent or unreadable file is an empty state (every step runs).
    public func load() -> BuildState {
        guard let data = FileManager.default.contents(atPath: path),
            let state = try? JSONDecoder.iso.decode(BuildState.self, from: data),
            state.formatVersion == BuildState().formatVersion
        else { return BuildState() }
        return state
    }

    public func save(_ state: BuildState) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        try AtomicFile.write(try encoder.encode(state), to: path)
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
