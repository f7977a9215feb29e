import CommandValues
import Foundation
import OdroidProcess
import TestSupport

/// Runs the built `odroid-build` executable (a sibling of the test bundle) and returns what it printed.
enum Binary {
    static let path: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var dir = bundle
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("odroid-build").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return "\(Repository.root)/.build/debug/odroid-build"
    }()

    struct Output {
        var status: Termination
        var stdout: String
        var stderr: String
        var exitCode: Int32? { if case .exited(let code) = status { return code } else { return nil } }
    }

    static func run(_ arguments: [String], directory: String? = nil, environment: [String: String] = [:]) throws -> Output {
        var env = ["ODROID_BUILD_DATA": Repository.root, "XDG_CONFIG_HOME": "/nonexistent-odroid-test-config"]
        for (k, v) in environment { env[k] = v }
        let result = try SpawnRunner().run(Command([path] + arguments, environment: env, workingDirectory: directory))
        return Output(status: result.termination, stdout: result.stdoutText, stderr: result.stderrText)
    }
}
