import BootPartition
import Foundation
import OdroidCore
import TestSupport
import Testing

/// The partition is input too: a manifest edited or crafted to name files outside the partition, the live
/// boot script, or versions and names that u-boot's hush would read as commands. Each hostile record is
/// written into a real FAT image holding two installed kernels; then remove, rollback, default, confirm and
/// list must all refuse (exit 2 in the CLI: `.unusable`), the image must be byte for byte what it was, and a
/// victim file beside the image must still be there.
@Suite("Hostile manifests change nothing", .tags(.realProcess))
struct HostileManifestTests {
    struct Edit: CustomTestStringConvertible, Sendable {
        var name: String
        /// The JSON path (kernels[0].files[0].path...) as keys and indices, and the hostile value.
        var path: [String]
        var value: String
        var testDescription: String { name }
    }

    static let edits: [Edit] = [
        Edit(name: "file ../victim", path: ["kernels", "0", "files", "0", "path"], value: "../victim"),
        Edit(name: "file dtbs/../../victim", path: ["kernels", "0", "files", "2", "path"], value: "dtbs/../../victim"),
        Edit(name: "file ../boot.ini", path: ["kernels", "0", "files", "0", "path"], value: "../boot.ini"),
        Edit(name: "absolute file /etc/odroid-victim", path: ["kernels", "0", "files", "0", "path"], value: "/etc/odroid-victim"),
        Edit(
            name: "file with a newline and a command", path: ["kernels", "0", "files", "0", "path"], value: "uImage\nsetenv bootcmd reset"),
        Edit(name: "FAT-illegal ':' in a file", path: ["kernels", "0", "files", "0", "path"], value: "uImage:3.11"),
        Edit(name: "empty file path", path: ["kernels", "0", "files", "1", "path"], value: ""),
        Edit(
            name: "version with a newline and a u-boot command", path: ["kernels", "0", "version"], value: "3.11-rc7\nsetenv bootcmd reset"),
        Edit(name: "version with &&", path: ["kernels", "0", "version"], value: "3.11 && reset"),
        Edit(name: "version with |", path: ["kernels", "0", "version"], value: "3.11|reset"),
        Edit(name: "version with a leading #", path: ["kernels", "0", "version"], value: "#3.11-rc7"),
        Edit(name: "version with '", path: ["kernels", "0", "version"], value: "3.11'"),
        Edit(name: "version with a TAB", path: ["kernels", "0", "version"], value: "3.11\treset"),
        Edit(name: "version with ;", path: ["kernels", "0", "version"], value: "3.11;reset"),
        Edit(name: "version with $", path: ["kernels", "0", "version"], value: "3.11${bootcmd}"),
        Edit(name: "version with an escape sequence", path: ["kernels", "0", "version"], value: "3.11\u{1B}[2J"),
        Edit(name: "version in fullwidth digits (NFKC differs)", path: ["kernels", "0", "version"], value: "３.11"),
        Edit(name: "version of 300 bytes", path: ["kernels", "0", "version"], value: String(repeating: "3", count: 300)),
        Edit(name: "default history entry with a newline", path: ["defaultHistory", "0"], value: "3.11-rc7\nreset"),
        Edit(name: "profile naming a file elsewhere", path: ["kernels", "0", "profile"], value: "../../tmp/evil.toml"),
        Edit(name: "release with ..", path: ["kernels", "0", "release"], value: "../../etc"),
        Edit(name: "relative modules root", path: ["kernels", "0", "modulesRoot"], value: "relative/lib"),
        Edit(name: "modules root with ..", path: ["kernels", "0", "modulesRoot"], value: "/lib/../../etc"),
        Edit(name: "digest that is no digest", path: ["kernels", "0", "files", "0", "sha256"], value: "zz"),
        Edit(name: "pending try whose fallback has a newline", path: ["pendingTry", "fallback"], value: "3.11-rc7\nreset"),
        Edit(name: "pending try whose token has ;", path: ["pendingTry", "token"], value: "x; reset"),
    ]

    /// Sets `value` at `path` inside a JSON object (creating a pendingTry object when asked for one).
    static func set(_ value: String, at path: [String], in object: Any) -> Any {
        guard let key = path.first else { return value }
        if let index = Int(key), var array = object as? [Any] {
            array[index] = set(value, at: Array(path.dropFirst()), in: array[index])
            return array
        }
        var dictionary = object as? [String: Any] ?? [:]
        if key == "pendingTry", dictionary[key] == nil || dictionary[key] is NSNull {
            dictionary[key] = ["version": "3.12.3", "fallback": "3.11-rc7", "token": "3.12.3-1", "startedAt": "2026-01-01T00:00:00Z"]
        }
        dictionary[key] = set(value, at: Array(path.dropFirst()), in: dictionary[key] ?? [:])
        return dictionary
    }

    /// One image with two kernels installed, made once; each case works on its own copy.
    final class Base: @unchecked Sendable {
        let fixtures: PartitionFixtures
        let image: FatImage
        let extra: PartitionFixtures.Build
        init() throws {
            fixtures = try PartitionFixtures()
            let profile = try PartitionFixtures.profile("odroidxu")
            image = try fixtures.image("base.img", sizeMiB: 8)
            let installer = KernelInstaller(partition: try fixtures.open(image), scripts: fixtures.maker(profile))
            for version in ["3.11-rc7", "3.12.3"] {
                let build = try fixtures.build(version, profile: profile, kernelBytes: 20_000)
                try installer.install(spec: build.spec, version: build.version, kernelRelease: build.release)
            }
            extra = try fixtures.build("4.0", profile: profile, kernelBytes: 20_000)
        }
        nonisolated(unsafe) static var shared: Base?
        static let lock = NSLock()
        static func get() throws -> Base {
            try lock.withLock {
                if let shared { return shared }
                let made = try Base()
                shared = made
                return made
            }
        }
    }

    @Test(arguments: edits)
    func everyCommandRefusesAndNothingChanges(edit: Edit) throws {
        let base = try Base.get()
        let fixtures = try PartitionFixtures()
        let profile = try PartitionFixtures.profile("odroidxu")
        let image = FatImage(path: fixtures.root + "/boot.img", filesystemOffset: 0)
        try FileManager.default.copyItem(atPath: base.image.path, toPath: image.path)
        let partition = try fixtures.open(image)
        let installer = KernelInstaller(partition: partition, scripts: fixtures.maker(profile))
        let victim = fixtures.root + "/victim"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: victim))

        var json = try JSONSerialization.jsonObject(with: try partition.read(BootManifest.fileName))
        json = Self.set(edit.value, at: edit.path, in: json)
        try partition.write(try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), to: "manifest.tmp")
        try partition.rename("manifest.tmp", to: BootManifest.fileName)
        let before = try Data(contentsOf: URL(fileURLWithPath: image.path))

        let manager = KernelManager(partition: partition, scripts: fixtures.maker(profile))
        let attempts: [(String, () throws -> Void)] = [
            ("remove", { try manager.remove("3.11-rc7") }), ("rollback", { _ = try manager.rollback() }),
            ("default", { _ = try manager.setDefault("3.11-rc7") }), ("confirm", { _ = try manager.confirm(runningRelease: nil) }),
            ("list", { _ = try manager.list() }),
            ("install", { try installer.install(spec: base.extra.spec, version: base.extra.version, kernelRelease: base.extra.release) }),
        ]
        for (name, attempt) in attempts {
            do {
                try attempt()
                Issue.record("\(name) accepted a manifest with \(edit.name)")
            } catch let error as BootPartitionError {
                guard case .unusable(let message) = error else { Issue.record("\(name): \(error)"); continue }
                #expect(message.contains("odroid-build.json"), "\(name): \(message)")
                #expect(!message.unicodeScalars.contains { $0.value == 0x1B }, "the message quotes the value with its escapes visible")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: image.path)) == before, "the image changed")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
    }

    /// The backends refuse an escaping path themselves, whoever asks: no manifest needed.
    @Test(arguments: ["../victim", "dtbs/../../victim", "a\u{0}b", "x\ny", "./../victim"])
    func backendsRefuseEscapingPaths(path: String) throws {
        let fixtures = try PartitionFixtures()
        let directory = fixtures.root + "/mounted/boot"
        try FileManager.default.createDirectory(atPath: directory + "/dtbs", withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: fixtures.root + "/mounted/victim"))
        let backends: [any BootPartition] = [
            try MountedBootPartition(root: directory, allowNonFAT: true), try fixtures.open(try fixtures.image("b.img", sizeMiB: 4)),
        ]
        for partition in backends {
            for operation in ["delete", "read", "write", "rename"] {
                do {
                    switch operation {
                    case "delete": try partition.delete(path)
                    case "read": _ = try partition.read(path)
                    case "write": try partition.write(Data("x".utf8), to: path)
                    default: try partition.rename("dtbs", to: path)
                    }
                    Issue.record("\(type(of: partition)).\(operation)(\(path.debugDescription)) was allowed")
                } catch {
                    guard case .unusable = error else { Issue.record("\(operation): \(error)"); continue }
                }
            }
        }
        #expect(try String(contentsOfFile: fixtures.root + "/mounted/victim", encoding: .utf8) == "keep me")
    }
}
