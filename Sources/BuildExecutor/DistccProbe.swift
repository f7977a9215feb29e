import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// What `doctor` asks each distcc host: compile a small C file with the build's compiler, with local fallback
/// off (so a dead or refusing host fails instead of quietly compiling here), and say which compiler did it.
/// The compiler's own identification is in the object's `.comment` section, written by the compiler proper on
/// the host that compiled it; a host whose compiler differs from this machine's would give other objects.
public struct DistccProbe {
    public struct Answer: Sendable, Equatable {
        public var host: String
        /// The compiler that compiled on the host (`GCC: (Debian 12.2.0-14) 12.2.0`), nil when it failed.
        public var compiler: String?
        /// Why the host did not compile, as distcc said it.
        public var problem: String?
    }

    public var runner: any ProcessRunning
    /// The compiler the build uses: `<CROSS_COMPILE>gcc`.
    public var compiler: String
    /// Scratch space for the probe's source, objects and distcc state.
    public var scratch: String

    public init(runner: any ProcessRunning, compiler: String, scratch: String) {
        self.runner = runner
        self.compiler = compiler
        self.scratch = scratch
    }

    static let source = "int odroid_build_distcc_probe(int x) { return 3 * x + 1; }\n"

    /// This machine's compiler, by the same measure (nil when it cannot compile the probe).
    public func localCompiler() -> String? {
        guard prepare() else { return nil }
        guard
            let result = try? runner.run(
                Command([compiler, "-c", "probe.c", "-o", "local.o"], workingDirectory: scratch), output: .capture),
            result.succeeded
        else { return nil }
        return comment(of: "local.o")
    }

    /// Each host that is not `localhost`, asked in turn.
    public func ask(_ hosts: DistccHosts) -> [Answer] {
        guard prepare() else { return hosts.remoteHosts.map { Answer(host: $0.text, compiler: nil, problem: "cannot write \(scratch)") } }
        return hosts.remoteHosts.enumerated().map { index, host in
            let object = "host-\(index).o"
            let environment = ["DISTCC_HOSTS": host.text, "DISTCC_FALLBACK": "0", "DISTCC_DIR": "\(scratch)/state"]
            let command = Command(["distcc", compiler, "-c", "probe.c", "-o", object], environment: environment, workingDirectory: scratch)
            guard let result = try? runner.run(command, output: .capture) else {
                return Answer(host: host.text, compiler: nil, problem: "distcc could not be started")
            }
            guard result.succeeded else { return Answer(host: host.text, compiler: nil, problem: Self.reason(result.stderrText)) }
            return Answer(host: host.text, compiler: comment(of: object) ?? "unknown compiler", problem: nil)
        }
    }

    /// distcc's last `ERROR:` line, shortened to its cause (`Connection refused`), or its whole stderr.
    static func reason(_ stderr: String) -> String {
        let errors = stderr.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "ERROR: ") else { return nil }
            return String(line[range.upperBound...])
        }
        // The connect error names the cause; "failed to distribute and fallbacks are disabled" only the effect.
        let cause = errors.first { !$0.contains("fallbacks are disabled") } ?? errors.last
        guard let cause else { return stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "failed without a message" : stderr }
        return cause.contains("connect") ? DistccReport.cause(of: cause) : cause
    }

    private func prepare() -> Bool {
        try? FileManager.default.createDirectory(atPath: "\(scratch)/state", withIntermediateDirectories: true)
        return FileManager.default.createFile(atPath: "\(scratch)/probe.c", contents: Data(Self.source.utf8))
    }

    /// The `.comment` strings of an object, joined (`readelf -p .comment`).
    private func comment(of object: String) -> String? {
        guard let result = try? runner.run(Command(["readelf", "-p", ".comment", object], workingDirectory: scratch), output: .capture),
            result.succeeded
        else { return nil }
        let strings = result.stdoutText.split(separator: "\n").compactMap { line -> String? in
            guard let close = line.firstIndex(of: "]") else { return nil }
            let text = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        return strings.isEmpty ? nil : strings.joined(separator: "; ")
    }
}
