import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// Several `odroid-build install` processes at once on one boot partition, as a user with two terminals (or
/// a build and an install) does. Afterwards the real fsck.vfat finds nothing to repair, `verify` passes, and
/// every install that reported success is in `list` (the manifest). On one image (mtools) and on one mounted
/// FAT directory (a loop device of an image made here, when root may attach one). Quick runs do one round
/// on an image; ODROID_SLOW_TESTS=1 runs several rounds of both.
@Suite("Concurrent installs on one partition", .tags(.realProcess), .serialized)
struct ConcurrentInstallTests {
    static let parallel = 5
    static var rounds: Int { SlowTests.enabled ? 4 : 1 }

    /// Builds `parallel` kernels once; each round installs all of them at once on a fresh partition.
    struct Builds {
        let scratch: ScratchDirectory
        let builds: [FakeKernelBuild]
        init(_ purpose: String) throws {
            let scratch = try ScratchDirectory(purpose)
            self.scratch = scratch
            builds = try (0..<ConcurrentInstallTests.parallel).map { try FakeKernelBuild(version: "5.\($0).1", in: scratch) }
        }
    }

    /// Starts every install at once; returns the versions whose install exited 0 (and the others' stderr).
    static func installAll(_ builds: [FakeKernelBuild], target: [String], in directory: String) -> (succeeded: [String], failures: [String])
    {
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: builds.count) { index in
            let build = builds[index]
            let out = try? Binary.run(
                ["install", "-p", "odroidxu", "-k", build.version, "--work-dir", build.workDirectory] + target, directory: directory)
            outcomes.add(version: build.version, ok: out?.exitCode == 0, stderr: out?.stderr ?? "did not start")
        }
        return outcomes.result
    }

    /// fsck.vfat -n (check only) on the FAT at `offset` of `image`: its verdict and what it said.
    static func fsck(_ image: String) throws -> (clean: Bool, said: String) {
        let result = try SpawnRunner().run(Command(["fsck.vfat", "-n", image]), output: .capture)
        return (result.succeeded, result.stdoutText + result.stderrText)
    }

    /// What `list` and `verify` say afterwards, checked against the installs that reported success.
    static func check(round: Int, target: [String], directory: String, succeeded: [String], failures: [String]) throws {
        #expect(failures.isEmpty, "round \(round): installs failed: \(failures)")
        let list = try Binary.run(["list"] + target, directory: directory)
        #expect(list.exitCode == 0, "round \(round): \(list.stderr)")
        for version in succeeded {
            #expect(
                list.stdout.contains(" \(version) "),
                "round \(round): \(version) reported success but is not in the manifest:\n\(list.stdout)")
        }
        #expect(!list.stdout.contains("INCOMPLETE"), "round \(round): \(list.stdout)")
        let verify = try Binary.run(["verify", "-p", "odroidxu"] + target, directory: directory)
        #expect(verify.exitCode == 0, "round \(round): verify: \(verify.stderr)")
    }

    @Test func installsAtOnceOnOneImage() throws {
        let made = try Builds("concurrent-image")
        var corrupted = 0
        for round in 1...Self.rounds {
            let image = made.scratch.file("boot-\(round).img")
            try made.scratch.tool(["truncate", "-s", "24M", image])
            try made.scratch.tool(["mkfs.vfat", "-n", "BOOT", image])
            let (succeeded, failures) = Self.installAll(made.builds, target: ["--boot-image", image], in: made.scratch.path)
            let fsck = try Self.fsck(image)
            if !fsck.clean { corrupted += 1 }
            #expect(fsck.clean, "round \(round): fsck.vfat: \(fsck.said)")
            #expect(succeeded.count == Self.parallel)
            try Self.check(
                round: round, target: ["--boot-image", image], directory: made.scratch.path, succeeded: succeeded, failures: failures)
        }
        #expect(corrupted == 0)
    }

    /// One directory: a real vfat mount when this kernel can mount one (an image made here, attached to a loop
    /// device, mounted in the scratch directory; unmounted and detached before fsck.vfat reads the image),
    /// else a plain directory with --allow-non-fat (the same backend and lock, without the FAT check).
    @Test func installsAtOnceOnOneDirectory() throws {
        let made = try Builds("concurrent-directory")
        for round in 1...Self.rounds {
            let directory = made.scratch.file("boot-\(round)")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard Self.canMountVfat else {
                let target = ["--boot", directory, "--allow-non-fat"]
                let (succeeded, failures) = Self.installAll(made.builds, target: target, in: made.scratch.path)
                #expect(succeeded.count == Self.parallel)
                try Self.check(round: round, target: target, directory: made.scratch.path, succeeded: succeeded, failures: failures)
                continue
            }
            let image = made.scratch.file("mounted-\(round).img")
            try made.scratch.tool(["truncate", "-s", "24M", image])
            try made.scratch.tool(["mkfs.vfat", "-n", "BOOT", image])
            let loop = try made.scratch.tool(["losetup", "--find", "--show", image]).trimmingCharacters(in: .whitespacesAndNewlines)
            var mounted = false
            defer {
                if mounted { _ = try? SpawnRunner().run(Command(["umount", directory])) }
                _ = try? SpawnRunner().run(Command(["losetup", "-d", loop]))
            }
            try made.scratch.tool(["mount", "-t", "vfat", loop, directory])
            mounted = true
            let (succeeded, failures) = Self.installAll(made.builds, target: ["--boot", directory], in: made.scratch.path)
            try Self.check(
                round: round, target: ["--boot", directory], directory: made.scratch.path, succeeded: succeeded, failures: failures)
            try made.scratch.tool(["umount", directory])
            mounted = false
            let fsck = try Self.fsck(image)
            #expect(fsck.clean, "round \(round): fsck.vfat: \(fsck.said)")
            #expect(succeeded.count == Self.parallel)
        }
    }

    /// Root, a loop device and vfat in this kernel (containers often lack the module).
    static let canMountVfat: Bool = {
        guard getuid() == 0, ExecutableLookup.find("losetup") != nil, FileManager.default.fileExists(atPath: "/dev/loop-control") else {
            return false
        }
        let filesystems = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
        return filesystems.split(separator: "\n").contains { $0.hasSuffix("\tvfat") }
    }()
}

/// The results of installs that run on several threads.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var succeeded: [String] = []
    private var failures: [String] = []

    func add(version: String, ok: Bool, stderr: String) {
        lock.withLock {
            if ok { succeeded.append(version) } else { failures.append("\(version): \(stderr)") }
        }
    }

    var result: (succeeded: [String], failures: [String]) { lock.withLock { (succeeded.sorted(), failures) } }
}
