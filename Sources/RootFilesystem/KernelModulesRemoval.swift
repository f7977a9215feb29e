import BootPartition
import Foundation

/// The root-filesystem half of `remove VERSION`: that kernel's modules (and config) go too, but only from
/// the root filesystem they were installed into, and never while another installed kernel uses the same
/// release.
public struct KernelModulesRemoval {
    public let filesystem: any RootFilesystem
    public var progress: (String) -> Void

    public init(filesystem: any RootFilesystem, progress: @escaping (String) -> Void = { _ in }) {
        self.filesystem = filesystem
        self.progress = progress
    }

    public enum Outcome: Sendable, Equatable {
        case removed(release: String, path: String)
        /// Left in place, and why.
        case kept(String)
    }

    /// Removes `removed`'s modules unless `remaining` (the kernels still installed) shares its release or the
    /// manifest says they went into another root filesystem.
    public func removeModules(of removed: InstalledKernel, remaining: [InstalledKernel]) throws(RootFilesystemError) -> Outcome {
        guard let release = removed.release else { return .kept("the manifest records no kernel release for \(removed.version)") }
        if let sharing = remaining.first(where: { $0.release == release }) {
            return .kept("\(sharing.version) is installed with the same release \(release) and uses them")
        }
        let uuid = try filesystem.uuid()
        if let recorded = removed.modulesRoot, recorded.hasPrefix("UUID="), recorded != "UUID=\(uuid)" {
            return .kept("they were installed into \(recorded), and \(filesystem.location) is UUID=\(uuid)")
        }
        if removed.modulesRoot != nil, removed.modulesRoot?.hasPrefix("UUID=") != true {
            return .kept("they were only staged in \(removed.modulesRoot!), never installed into a root filesystem")
        }
        let installer = ModuleTreeInstaller(filesystem: filesystem, progress: progress)
        let path = try installer.modulesPath(release: release)
        guard try filesystem.entryKind(path) != nil else { return .kept("\(path) is not there") }
        try installer.remove(release: release)
        return .removed(release: release, path: path.absolute)
    }
}
