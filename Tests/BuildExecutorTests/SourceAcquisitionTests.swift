import BuildExecutor
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

@Suite("Source acquisition: git clone then fetch, tarball unpack", .tags(.realProcess))
struct SourceAcquisitionTests {
    private func git(_ args: [String], in dir: String) throws {
        let env = [
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.invalid",
        ]
        let result = try SpawnRunner().run(Command(["git"] + args, environment: env, workingDirectory: dir))
        #expect(result.succeeded, "git \(args.joined(separator: " ")): \(result.stderrText)")
    }

    @Test func gitSourceIsClonedOnceThenFetchedOnRebuild() throws {
        let bare = try FixtureWorkspace()
        try git(["init", "-q", "-b", "fixture-1.2.3"], in: bare.source)
        try git(["add", "-A"], in: bare.source)
        try git(["commit", "-q", "-m", "fixture"], in: bare.source)
        let space = try FixtureWorkspace(overrides: [
            "kernel.source.kind=git", "kernel.source.url=file://\(bare.source)", "kernel.source.ref=fixture-{version}",
        ])
        let plan = space.plan(useProfileSource: true)
        #expect(plan.steps.first?.id == "source")

        let first = try space.executor(plan: plan, options: { $0.until = "build" }).run()
        #expect(first.ranSteps == ["source", "defconfig", "fragments", "olddefconfig", "build"])
        let again = try space.executor(plan: plan, options: { $0.until = "build" }).run()
        #expect(again.outcome("source") == .skipped)

        try "/* upstream change */\nint upstream(void) { return 1; }\n".write(
            toFile: "\(bare.source)/kernel/upstream.kc", atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: bare.source)
        try git(["commit", "-q", "-m", "upstream change"], in: bare.source)
        let fetched = try space.executor(
            plan: plan,
            options: {
                $0.until = "build"; $0.rebuild = ["source"]
            }
        ).run()
        #expect(fetched.ranSteps == ["source", "build"])
        #expect(fetched.report("build")?.units == 1, "only the new upstream file is compiled")
        let log = try String(contentsOfFile: "\(space.work)/logs/source.log", encoding: .utf8)
        #expect(log.contains(" fetch --depth 1 origin fixture-1.2.3"))
    }

    @Test func tarballIsUnpackedIntoAnEmptiedDirectoryAndSkippedWhenUnchanged() throws {
        let space = try FixtureWorkspace()
        let tarball = "\(space.root)/linux-fixture.tar.gz"
        let tar = try SpawnRunner().run(Command(["tar", "-C", space.root, "-czf", tarball, "linux"]))
        #expect(tar.succeeded)
        let unpacked = try FixtureWorkspace(overrides: ["kernel.source.kind=tarball", "kernel.source.tarball=\(tarball)"])
        let plan = unpacked.plan(useProfileSource: true)
        let dir = "\(unpacked.work)/src/linux-1.2.3"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "left over".write(toFile: "\(dir)/stale-file", atomically: true, encoding: .utf8)

        let first = try unpacked.executor(plan: plan, options: { $0.until = "build" }).run()
        #expect(first.outcome("source").map { if case .ran = $0 { true } else { false } } == true)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/stale-file"), "unpacked into an emptied directory")
        #expect(FileManager.default.fileExists(atPath: "\(dir)/Makefile"))
        let again = try unpacked.executor(plan: plan, options: { $0.until = "build" }).run()
        #expect(again.outcome("source") == .skipped)
        #expect(again.outcome("build") == .skipped)
    }
}
