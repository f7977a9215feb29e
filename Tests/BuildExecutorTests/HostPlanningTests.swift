import BuildExecutor
import Foundation
import OdroidCore
import Testing
import TestSupport

/// The one way commands turn options into a plan, and how `install` and `image create` find what a build made:
/// by planning the same build, so the work directory and install step can never drift from the build's.
@Suite("Planning on a host, and finding the built kernel", .tags(.pure))
struct HostPlanningTests {
    static let host = HostFacts(
        machine: "x86_64", cpuCount: 2, ccacheInstalled: false, userCache: "/home/u/.cache/odroid-build",
        currentDirectory: "/home/u/src")

    private func profile(_ name: String = "odroidxu") throws -> ResolvedProfile {
        try ProfileResolver(catalog: ProfileCatalog(directories: ["\(Repository.root)/profiles"])).resolve(name)
    }

    @Test func theDefaultWorkDirectoryIsPerProfileAndVersionInTheUserCache() throws {
        let options = HostPlanRequest(kernelVersion: "3.12.3", host: Self.host).options(for: try profile())
        #expect(options.workDirectory == "/home/u/.cache/odroid-build/work/odroidxu-3.12.3")
        #expect(options.cacheDirectory == "/home/u/.cache/odroid-build")
        #expect(options.hostArch == "x86_64")
        #expect(options.cpuCount == 2)
        #expect(!options.ccacheInstalled)
    }

    @Test func relativePathsAreTakenAgainstTheCurrentDirectory() throws {
        let request = HostPlanRequest(
            kernelVersion: "3.12.3", workDirectory: "w/../work", sourceOverride: "linux",
            bootTarget: .image(path: "card.img", offset: 1 << 20), host: Self.host)
        let options = request.options(for: try profile())
        #expect(options.workDirectory == "/home/u/src/work")
        #expect(options.sourceOverride == "/home/u/src/linux")
        #expect(options.bootTarget == .image(path: "/home/u/src/card.img", offset: 1 << 20))
        #expect(HostFacts.absolute("/abs", in: "/x") == "/abs")
    }

    @Test func onlyAnArmHostWithoutCrossCompileBuildsNatively() {
        var host = Self.host
        #expect(!host.buildsNatively(crossCompileOverride: nil))
        host.machine = "armv7l"
        #expect(host.buildsNatively(crossCompileOverride: nil))
        #expect(!host.buildsNatively(crossCompileOverride: "arm-linux-gnueabihf-"))
    }

    @Test func theBuiltKernelIsWhatTheBuildsInstallStepInstalls() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hostplan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let profile = try profile()
        let plan = HostPlanRequest(kernelVersion: "3.12.3", workDirectory: scratch, host: Self.host).plan(profile)
        let missing = try #require(BuiltKernel.locate(in: plan))
        guard case .install(let spec)? = plan.step("install")?.action else { Issue.record("no install step"); return }
        #expect(missing.spec == spec)
        #expect(missing.release == nil, "nothing built yet")
        #expect(missing.kernelConfig == nil)
        #expect(missing.modulesRoot == plan.directories.modules)
        #expect(missing.releaseFile == "\(plan.directories.build)/include/config/kernel.release")

        try FileManager.default.createDirectory(atPath: "\(plan.directories.build)/include/config", withIntermediateDirectories: true)
        try "3.12.3-odroid\n".write(toFile: missing.releaseFile, atomically: true, encoding: .utf8)
        try "CONFIG_ARM=y\n".write(toFile: "\(plan.directories.build)/.config", atomically: true, encoding: .utf8)
        let built = try #require(BuiltKernel.locate(in: plan))
        #expect(built.release == "3.12.3-odroid")
        #expect(built.kernelConfig == "\(plan.directories.build)/.config")
        // `install -k 3.12.3` plans the same build and finds the same files.
        let again = try #require(
            BuiltKernel.locate(in: HostPlanRequest(kernelVersion: "3.12.3", workDirectory: scratch, host: Self.host).plan(profile)))
        #expect(again.spec == built.spec)
    }
}
