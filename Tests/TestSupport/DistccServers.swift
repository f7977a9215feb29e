import CommandValues
import Foundation
import OdroidProcess

/// Real distccd servers on loopback addresses (127.0.0.2, 127.0.0.3, ...), started for a test and stopped when
/// it is done: each on a free port, its log in a scratch directory (as root distccd runs as `nobody`, so the
/// directory is opened up to it). `hosts` is the DISTCC_HOSTS text for them.
public final class DistccServers: @unchecked Sendable {
    public struct Server: Sendable {
        public var address: String
        public var port: Int
        public var log: String
        public var pid: Int32
        public var host: String { "\(address):\(port)" }
    }

    public let directory: String
    public private(set) var servers: [Server] = []

    /// Starts one distccd per address, each allowed `jobs` at once.
    public init(addresses: [String], jobs: Int = 2) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("distccd-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        chmod(directory, 0o777)
        for address in addresses { servers.append(try Self.start(address: address, jobs: jobs, directory: directory)) }
    }

    deinit { stop() }

    /// The host list for distcc: `127.0.0.2:PORT/JOBS ...` (space separated), then `extra`.
    public func hosts(limit: Int = 2, extra: [String] = []) -> String {
        (servers.map { "\($0.host)/\(limit)" } + extra).joined(separator: " ")
    }

    /// How many compiles each server finished (COMPILE_OK lines in its log).
    public func completedJobs() -> [String: Int] {
        var counts: [String: Int] = [:]
        for server in servers {
            let text = (try? String(contentsOfFile: server.log, encoding: .utf8)) ?? ""
            counts[server.address] = text.split(separator: "\n").filter { $0.contains("COMPILE_OK") }.count
        }
        return counts
    }

    public func stop() {
        for server in servers {
            kill(server.pid, SIGTERM)
            // distccd's preforked children belong to its process group.
            kill(-server.pid, SIGTERM)
        }
        servers = []
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func start(address: String, jobs: Int, directory: String) throws -> Server {
        var lastProblem = ""
        for _ in 0..<8 {
            let port = Int.random(in: 20000...39999)
            let log = "\(directory)/distccd-\(address)-\(port).log"
            let pidFile = "\(directory)/distccd-\(address)-\(port).pid"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let asRoot = geteuid() == 0
            if asRoot, let nobody = getpwnam("nobody") { chown(log, nobody.pointee.pw_uid, nobody.pointee.pw_gid) }
            let argv =
                [
                    "distccd", "--daemon", "--listen", address, "--port", "\(port)", "--allow", "127.0.0.0/8", "--jobs", "\(jobs)",
                    "--log-file", log, "--log-level", "info", "--pid-file", pidFile,
                ] + (asRoot ? ["--user", "nobody"] : [])
            // --daemon forks and the parent returns at once; nothing may hold a pipe of ours open.
            _ = try SpawnRunner().run(Command(argv), output: .discard)
            for _ in 0..<50 {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if text.contains("listening on \(address):\(port)"), let pidText = try? String(contentsOfFile: pidFile, encoding: .utf8),
                    let pid = Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines))
                {
                    return Server(address: address, port: port, log: log, pid: pid)
                }
                if text.contains("ERROR") {
                    lastProblem = text
                    break
                }
                usleep(100_000)
            }
            if lastProblem.isEmpty { lastProblem = "distccd on \(address):\(port) did not say it was listening within 5 s" }
        }
        throw DistccServerError(description: "cannot start distccd on \(address): \(lastProblem)")
    }
}

public struct DistccServerError: Error, CustomStringConvertible {
    public var description: String
}
