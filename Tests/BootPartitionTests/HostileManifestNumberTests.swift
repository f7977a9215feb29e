import BootPartition
import Foundation
import Testing

/// The partition is input too (issue 11, class 1): a crafted or edited manifest gives a clear "not a valid
/// manifest" error, never a trap, and numbers read back are added with overflow checking.
@Suite("Hostile manifests are refused, never trapped on", .tags(.pure))
struct HostileManifestNumberTests {
    static func manifest(sizes: [String], version: String = "3.12.3") -> Data {
        let files = sizes.enumerated().map { index, size in
            #"{"path": "f\#(index)", "role": "other", "size": \#(size), "sha256": "\#(String(repeating: "0", count: 64))"}"#
        }
        return Data(
            """
            {"format": 1, "defaultHistory": [], "kernels": [{"version": "\(version)", "profile": "odroidxu",
             "installedAt": "2026-01-01T00:00:00Z", "files": [\(files.joined(separator: ", "))]}]}
            """.utf8)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var data: Data
        var message: String
        var testDescription: String { name }
    }

    static let refused: [Case] = [
        Case(
            name: "a file of 2^64 - 1 bytes", data: manifest(sizes: ["18446744073709551615"]),
            message: "records 'f0' as 18446744073709551615 bytes; a FAT file holds at most 4294967295"),
        Case(
            name: "a file of 4 GiB, one byte past FAT's limit", data: manifest(sizes: ["4294967296"]), message: "a FAT file holds at most"),
        Case(
            name: "two files whose sum passes 2^64", data: manifest(sizes: ["9223372036854775808", "9223372036854775808"]),
            message: "a FAT file holds at most"),
        Case(name: "a size past 2^64", data: manifest(sizes: ["18446744073709551616"]), message: "is not a valid odroid-build manifest"),
        Case(name: "a negative size", data: manifest(sizes: ["-1"]), message: "is not a valid odroid-build manifest"),
        Case(name: "a size in exponent form", data: manifest(sizes: ["1e30"]), message: "is not a valid odroid-build manifest"),
        Case(
            name: "100,000 nested arrays", data: Data((String(repeating: "[", count: 100_000)).utf8),
            message: "is not a valid odroid-build manifest"),
        Case(
            name: "a future format", data: Data(#"{"format": 9223372036854775807, "kernels": [], "defaultHistory": []}"#.utf8),
            message: "has format 9223372036854775807"),
    ]

    @Test(arguments: refused)
    func isRefused(_ hostile: Case) {
        #expect(throws: BootPartitionError.self) { try BootManifest.decode(hostile.data, file: "img:odroid-build.json") }
        do {
            _ = try BootManifest.decode(hostile.data, file: "img:odroid-build.json")
        } catch {
            #expect(error.isBadInput, "\(error)")
            #expect(error.description.hasPrefix("img:odroid-build.json"), "\(error)")
            #expect(error.description.contains(hostile.message), "\(hostile.name): \(error)")
        }
    }

    @Test func theLargestFATFileIsAccepted() throws {
        let manifest = try BootManifest.decode(Self.manifest(sizes: ["4294967295", "4294967295"]), file: "m")
        #expect(manifest.kernels.first?.totalBytes == 2 * 4_294_967_295)
    }

    @Test func totalBytesSaturatesInsteadOfTrapping() {
        let half = UInt64.max / 2 + 1
        let kernel = InstalledKernel(
            version: "1", release: nil, profile: "p", installedAt: Date(timeIntervalSince1970: 0),
            files: [
                InstalledFile(path: "a", role: .kernel, size: half, sha256: ""),
                InstalledFile(path: "b", role: .dtb, size: half, sha256: ""),
            ])
        #expect(kernel.totalBytes == UInt64.max)
    }

    @Test func recordedProfilesReadOnlyWhatTheyNeed() throws {
        let profiles = try RecordedProfiles.read(Self.manifest(sizes: ["1"], version: "3.12-RC1"), file: "m")
        #expect(profiles.profile(for: "3.12-rc1") == "odroidxu")
        #expect(profiles.profile(for: nil) == "odroidxu")
        #expect(profiles.profile(for: "4.0") == nil)
        #expect(throws: BootPartitionError.self) { try RecordedProfiles.read(Data("[[[".utf8), file: "m") }
    }

    /// `list` looks every file up in one listing per directory; the answer must be `entry(at:)`'s.
    @Test func theIndexAgreesWithEntryLookups() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-index-\(UUID())").path
        try FileManager.default.createDirectory(atPath: "\(dir)/dtbs/1.0/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["uImage-1.0", "UINITRD-1.0", "dtbs/1.0/board.dtb"] {
            _ = FileManager.default.createFile(atPath: "\(dir)/\(name)", contents: Data([1]))
        }
        let partition = try MountedBootPartition(root: dir, allowNonFAT: true)
        let paths = [
            "uImage-1.0", "uInitrd-1.0", "dtbs/1.0/board.dtb", "dtbs/1.0/BOARD.DTB", "dtbs/1.0/sub", "missing", "nodir/x",
            "dtbs/2.0/board.dtb",
        ]
        let index = try PartitionIndex(partition, paths: paths)
        for path in paths {
            let entry = try partition.entry(at: path)
            #expect(index.containsFile(path) == (entry != nil && entry?.isDirectory == false), "\(path)")
        }
        #expect(index.containsFile("uInitrd-1.0") && !index.containsFile("dtbs/1.0/sub") && !index.containsFile("missing"))
    }
}
