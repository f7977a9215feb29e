import Foundation

/// The versions and profiles a manifest records, and nothing else: what a kernel-management command needs to
/// choose its profile. Decoding only these keeps that choice cheap on a manifest of 10,000 kernels (megabytes
/// of file records, decoded in full once more when the command reads the partition's state).
public struct RecordedProfiles: Decodable, Sendable {
    struct Kernel: Decodable, Sendable {
        var version: String
        var profile: String
    }

    var kernels: [Kernel]

    /// The recorded profiles of `data`, the manifest file `file`.
    public static func read(_ data: Data, file: String) throws(BootPartitionError) -> RecordedProfiles {
        do {
            return try JSONDecoder().decode(RecordedProfiles.self, from: data)
        } catch {
            throw .unusable("\(file) is not a valid odroid-build manifest: \(error)")
        }
    }

    /// The profile `version` was installed with (versions compare as FAT names do, like `BootManifest.kernel`),
    /// or with no version the latest install's; nil when nothing is recorded.
    public func profile(for version: String?) -> String? {
        guard let version else { return kernels.last?.profile }
        return (kernels.first { $0.version == version } ?? kernels.first { PartitionPath.sameOnFAT($0.version, version) })?.profile
    }
}
