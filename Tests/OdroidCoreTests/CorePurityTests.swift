import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// The core cannot spawn: the compiler only keeps OdroidCore pure if no target it depends on (directly or
/// through another) can run a process or touch a device. Read from the package's own manifest as SwiftPM
/// sees it, so a dependency added in Package.swift fails here before it leaks a side effect into the plan.
@Suite("The core depends on values only", .tags(.realProcess))
struct CorePurityTests {
    /// Targets that hold values only (no process, no file descriptor, no device).
    static let valuesOnly: Set<String> = ["CommandValues"]
    /// Products from other packages the core may use (templates are pure string rendering).
    static let allowedProducts: Set<String> = ["Mustache"]

    struct Manifest: Decodable {
        struct Target: Decodable {
            let name: String
            let dependencies: [Dependency]
        }
        /// SwiftPM's encoding: `{"byName": ["X", null]}`, `{"target": ["X", null]}` or `{"product": ["X", "pkg", ...]}`.
        struct Dependency: Decodable {
            let byName: [String?]?
            let target: [String?]?
            let product: [String?]?
            var targetName: String? { (byName ?? target)?.first ?? nil }
            var productName: String? { product?.first ?? nil }
        }
        let targets: [Target]
    }

    static func manifest() throws -> Manifest {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        // Its own scratch path: `swift test` holds the lock of the package's .build while this runs.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-purity-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let result = try SpawnRunner().run(
            Command(["swift", "package", "--scratch-path", scratch, "dump-package"], workingDirectory: root))
        try #require(result.succeeded, "swift package dump-package: \(result.stderrText)")
        return try JSONDecoder().decode(Manifest.self, from: result.stdout)
    }

    @Test func odroidCoreReachesNoTargetThatRunsOrOpens() throws {
        let manifest = try Self.manifest()
        let byName = Dictionary(uniqueKeysWithValues: manifest.targets.map { ($0.name, $0) })
        var reached: Set<String> = []
        var products: Set<String> = []
        var queue = ["OdroidCore"]
        while let name = queue.popLast() {
            let target = try #require(byName[name], "no target \(name) in the manifest")
            for dependency in target.dependencies {
                if let product = dependency.productName { products.insert(product) }
                if let dep = dependency.targetName, reached.insert(dep).inserted { queue.append(dep) }
            }
        }
        #expect(reached.isSubset(of: Self.valuesOnly), "OdroidCore reaches \(reached.subtracting(Self.valuesOnly).sorted())")
        #expect(
            products.isSubset(of: Self.allowedProducts), "OdroidCore uses products \(products.subtracting(Self.allowedProducts).sorted())")
        for name in Self.valuesOnly {
            #expect(byName[name]?.dependencies.isEmpty == true, "\(name) must stay values only, with no dependency")
        }
    }

    /// The boot trace's analysis is pure the same way: it depends on no target at all, so it cannot run nm or
    /// QEMU itself (BootProof's BootTraceCapture does, through the process seam).
    @Test func bootTraceDependsOnNoTarget() throws {
        let target = try #require(try Self.manifest().targets.first { $0.name == "BootTrace" }, "no BootTrace target")
        #expect(target.dependencies.isEmpty, "BootTrace depends on \(target.dependencies.compactMap(\.targetName))")
    }
}
