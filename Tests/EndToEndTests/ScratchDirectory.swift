import CommandValues
import Foundation
import OdroidProcess
import Testing

/// A fresh directory for one end-to-end test, with helpers to run the real tools (mkimage, dtc, mtools, sfdisk)
/// that make fixtures and read results back. Removed when the test's value goes away.
final class ScratchDirectory {
    let path: String

    init(_ purpose: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-e2e-\(purpose)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Writes `data` to `name` (directories created as needed) and returns its path.
    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: target))
        return target
    }

    func read(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: file(name))) }

    /// The names in the directory, hidden ones included (a leftover partial file would be hidden).
    func names() throws -> Set<String> { Set(try FileManager.default.contentsOfDirectory(atPath: path)) }

    /// Runs a tool that must succeed and returns its stdout.
    @discardableResult
    func tool(_ argv: [String], environment: [String: String] = [:], input: String? = nil) throws -> String {
        let result = try SpawnRunner().run(Command(argv, environment: environment, workingDirectory: path), output: .capture, input: input)
        try #require(result.succeeded, "\(argv.joined(separator: " ")) failed: \(result.stderrText)")
        return result.stdoutText
    }

    /// Compiles a .dts source with the real dtc and returns the blob's path.
    @discardableResult
    func compileDeviceTree(_ source: String, to name: String) throws -> String {
        let dts = try write(name + ".dts", Data(source.utf8))
        try tool(["dtc", "-I", "dts", "-O", "dtb", "-o", file(name), dts])
        return file(name)
    }
}
