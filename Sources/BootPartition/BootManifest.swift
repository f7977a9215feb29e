import Foundation
import OdroidCore

/// `odroid-build.json` on the boot partition: what is installed, per kernel version its files with sizes and
/// SHA-256, the kernel release, the profile and the time; the order in which kernels were made default (for
/// rollback); and a pending try-once. The boot script stays the truth about what boots: the manifest is
/// written before it (so a new kernel's files are recorded before they go live) and updated after it.
public struct BootManifest: Codable, Sendable, Equatable {
    public static let fileName = InstallSpec.manifestFile
    public static let currentFormat = 1
    /// How many earlier defaults are remembered.
    public static let historyLimit = 20

    public var format: Int
    public var kernels: [InstalledKernel]
    /// Versions in the order they were made default, latest last.
    public var defaultHistory: [String]
    /// Set while a `--try` install waits for `odroid-build confirm`.
    public var pendingTry: PendingTry?

    public init(kernels: [InstalledKernel] = [], defaultHistory: [String] = [], pendingTry: PendingTry? = nil) {
        format = Self.currentFormat
        self.kernels = kernels
        self.defaultHistory = defaultHistory
        self.pendingTry = pendingTry
    }

    /// The kernel recorded for `version` (FAT names compare case-insensitively, so versions do too).
    public func kernel(_ version: String) -> InstalledKernel? {
        kernels.first { $0.version == version } ?? kernels.first { PartitionPath.sameOnFAT($0.version, version) }
    }

    /// Adds or replaces the record of one kernel.
    public mutating func record(_ kernel: InstalledKernel) {
        kernels.removeAll { PartitionPath.sameOnFAT($0.version, kernel.version) }
        kernels.append(kernel)
        kernels.sort { $0.installedAt < $1.installedAt }
    }

    /// Notes that `version` was made default.
    public mutating func madeDefault(_ version: String) {
        if defaultHistory.last != version { defaultHistory.append(version) }
        if defaultHistory.count > Self.historyLimit { defaultHistory.removeFirst(defaultHistory.count - Self.historyLimit) }
    }

    /// The latest earlier default that is still installed and is not `live`: where `rollback` goes.
    public func previousDefault(live: String?) -> String? {
        defaultHistory.reversed().first { version in
            !(live.map { PartitionPath.sameOnFAT($0, version) } ?? false) && kernel(version) != nil
        }
    }

    /// Encoded the same way every time (sorted keys), so an unchanged manifest is not rewritten.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }

    public static func decode(_ data: Data, file: String) throws(BootPartitionError) -> BootManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            let manifest = try decoder.decode(BootManifest.self, from: data)
            guard manifest.format <= currentFormat else {
                throw BootPartitionError.unusable(
                    "\(file) has format \(manifest.format); this odroid-build understands up to \(currentFormat)")
            }
            if let problem = manifest.impossibleNumber() {
                throw BootPartitionError.unusable("\(file) is not a valid odroid-build manifest: \(problem)")
            }
            let problems = manifest.recordProblems()
            guard problems.isEmpty else {
                throw BootPartitionError.unusable(
                    "\(file) holds names odroid-build never writes (edited or crafted?); nothing was changed:\n  "
                        + problems.prefix(20).joined(separator: "\n  "))
            }
            return manifest
        } catch let error as BootPartitionError {
            throw error
        } catch {
            throw .unusable("\(file) is not a valid odroid-build manifest: \(error)")
        }
    }
}

/// One installed kernel version.
public struct InstalledKernel: Codable, Sendable, Equatable {
    public var version: String
    /// `make kernelrelease` of the build (nil when unknown, e.g. installed from files alone).
    public var release: String?
    public var profile: String
    public var installedAt: Date
    public var files: [InstalledFile]
    /// Where the build put the modules: `UUID=<uuid>` of the root filesystem they went into, or the
    /// staging directory when no root filesystem was given; nil when unknown.
    public var modulesRoot: String?

    public init(version: String, release: String?, profile: String, installedAt: Date, files: [InstalledFile], modulesRoot: String? = nil) {
        self.version = version
        self.release = release
        self.profile = profile
        self.installedAt = installedAt
        self.files = files
        self.modulesRoot = modulesRoot
    }

    public func file(_ role: InstalledFile.Role) -> InstalledFile? { files.first { $0.role == role } }
}

/// One file of an installed kernel.
public struct InstalledFile: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable { case kernel, initrd, rawInitrd = "raw-initrd", dtb, other }
    public var path: String
    public var role: Role
    public var size: UInt64
    public var sha256: String

    public init(path: String, role: Role, size: UInt64, sha256: String) {
        self.path = path
        self.role = role
        self.size = size
        self.sha256 = sha256
    }
}

/// A try-once install waiting for confirmation.
public struct PendingTry: Codable, Sendable, Equatable {
    public var version: String
    /// The kernel booted on every boot after the first.
    public var fallback: String
    /// The value u-boot saves in `odroid_try` on the first boot; unique per try.
    public var token: String
    public var startedAt: Date

    public init(version: String, fallback: String, token: String, startedAt: Date) {
        self.version = version
        self.fallback = fallback
        self.token = token
        self.startedAt = startedAt
    }
}
