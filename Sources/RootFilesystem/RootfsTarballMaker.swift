import CommandValues
import SHA256Hashing
import Foundation
import OdroidCore
import OdroidProcess

/// `odroid-build rootfs create`: a root filesystem tarball for the board, made by mmdebstrap for the board's
/// architecture (through qemu-user when this machine is not ARM) from the profile's `[rootfs]` table. Kept in
/// a private namespace (mmdebstrap --mode=unshare: a killed run leaves nothing mounted on this machine), in
/// a cache keyed by every input (distribution, suite, architecture, mirror, variant, packages, mmdebstrap's
/// version), so an unchanged request is a copy, not a new download.
public struct RootfsTarballMaker {
    public let spec: ResolvedProfile.Rootfs
    public let cacheDirectory: String
    public let runner: any ProcessRunning

    public init(spec: ResolvedProfile.Rootfs, cacheDirectory: String, runner: any ProcessRunning) {
        self.spec = spec
        self.cacheDirectory = cacheDirectory
        self.runner = runner
    }

    /// mmdebstrap's command line for `output`.
    public func command(output: String) -> Command {
        var argv = ["mmdebstrap", "--mode=unshare", "--format=tar", "--architectures=\(spec.architecture)", "--variant=\(spec.variant)"]
        if !spec.packages.isEmpty { argv.append("--include=" + spec.packages.joined(separator: ",")) }
        argv += [spec.suite, output, spec.mirror]
        return Command(argv, environment: ["LC_ALL": "C"])
    }

    /// What the cache key is made of.
    func keyText(mmdebstrapVersion: String) -> String {
        [
            "distribution=\(spec.distribution)", "suite=\(spec.suite)", "architecture=\(spec.architecture)", "mirror=\(spec.mirror)",
            "variant=\(spec.variant)", "packages=\(spec.packages.sorted().joined(separator: ","))", "mmdebstrap=\(mmdebstrapVersion)",
        ]
        .joined(separator: "\n")
    }

    public struct Result: Sendable {
        public var cached: String
        public var fromCache: Bool
        public var seconds: Double
        public var bytes: UInt64
    }

    /// Makes (or takes from the cache) the tarball and copies it to `output`; `refresh` ignores the cache.
    public func make(output: String, refresh: Bool, log: (String) -> Void) throws(RootFilesystemError) -> Result {
        try checkSpec()
        let started = Date()
        let version =
            (try? runner.run(Command(["mmdebstrap", "--version"])))?.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !version.isEmpty else { throw .unusable("mmdebstrap is not installed (Debian package mmdebstrap)") }
        let key = SHA256.hash(data: Data(keyText(mmdebstrapVersion: version).utf8)).hex.prefix(24)
        let directory = "\(cacheDirectory)/rootfs"
        let cached = "\(directory)/\(spec.distribution)-\(spec.suite)-\(spec.architecture)-\(key).tar"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .failed(operation: "creating", path: directory, detail: "\(error)")
        }
        var fromCache = FileManager.default.fileExists(atPath: cached) && !refresh
        if fromCache {
            log("using the cached root filesystem \(cached) (same inputs; --refresh makes a new one)")
        } else {
            let partial = String(cached.dropLast(4)) + ".partial-\(getpid()).tar"
            defer { unlink(partial) }
            let command = self.command(output: partial)
            log("$ \(command.shellLine)")
            let result: ProcessResult
            do {
                result = try runner.run(command, output: .capture)
            } catch {
                throw .failed(operation: "running mmdebstrap for", path: output, detail: "\(error)")
            }
            guard result.succeeded else {
                let tail = (result.stderrText + result.stdoutText).split(separator: "\n").suffix(12).joined(separator: "\n    ")
                throw .failed(
                    operation: "mmdebstrap", path: "\(spec.suite) \(spec.architecture)", detail: "\(result.termination)\n    \(tail)")
            }
            guard Glibc.rename(partial, cached) == 0 else {
                throw .failed(operation: "keeping", path: cached, detail: String(cString: strerror(errno)))
            }
            try? keyText(mmdebstrapVersion: version).write(toFile: cached + ".inputs", atomically: true, encoding: .utf8)
            fromCache = false
        }
        try copy(cached, to: output)
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? NSNumber)?.uint64Value ?? 0
        return Result(cached: cached, fromCache: fromCache, seconds: Date().timeIntervalSince(started), bytes: size)
    }

    func checkSpec() throws(RootFilesystemError) {
        let word = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_")
        let values: [(ProfileKey, String)] =
            [(.rootfsSuite, spec.suite), (.rootfsArchitecture, spec.architecture)] + spec.packages.map { (.rootfsPackages, $0) }
        for (key, value) in values {
            guard !value.isEmpty, value.allSatisfy({ word.contains($0) }), value.first != "-" else {
                throw .badInput("\(key): '\(value)' is not a Debian name (letters, digits, . + - _)")
            }
        }
        guard spec.mirror.hasPrefix("http://") || spec.mirror.hasPrefix("https://") || spec.mirror.hasPrefix("file://"),
            !spec.mirror.contains(where: { $0 == " " || $0.isNewline })
        else {
            throw .badInput("\(ProfileKey.rootfsMirror): '\(spec.mirror)' is not an http(s):// or file:// URL")
        }
    }

    /// A copy (never a link: editing the output must not change the cache), through a temporary name.
    private func copy(_ source: String, to output: String) throws(RootFilesystemError) {
        let temporary = output + ".partial-\(getpid())"
        unlink(temporary)
        do {
            try FileManager.default.copyItem(atPath: source, toPath: temporary)
        } catch {
            throw .failed(operation: "copying \(source) to", path: output, detail: "\(error)")
        }
        guard Glibc.rename(temporary, output) == 0 else {
            unlink(temporary)
            throw .failed(operation: "writing", path: output, detail: String(cString: strerror(errno)))
        }
    }
}
