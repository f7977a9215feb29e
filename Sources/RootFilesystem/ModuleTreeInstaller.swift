import Foundation

/// Puts one kernel release's modules (and its kernel config) into a root filesystem so that a half-written
/// tree never sits under the live name: the staged tree is copied under a temporary name, flushed, the old
/// tree of the same release (if any) is renamed aside, the new one renamed into place, then the old one is
/// deleted. A run killed in between is repaired by the next one (an aside tree without a live one is put
/// back). Works on either backend of `RootFilesystem`.
public struct ModuleTreeInstaller {
    public let filesystem: any RootFilesystem
    public var progress: (String) -> Void

    public init(filesystem: any RootFilesystem, progress: @escaping (String) -> Void = { _ in }) {
        self.filesystem = filesystem
        self.progress = progress
    }

    public static let newSuffix = ".odroid-build-new"
    public static let oldSuffix = ".odroid-build-old"

    /// `lib/modules` of the target, resolved inside it (`usr/lib/modules` with a merged /usr), created if absent.
    public func modulesDirectory() throws(RootFilesystemError) -> RootPath {
        try filesystem.directoryCreatingParents(try RootPath("lib/modules"))
    }

    /// Where `release`'s modules live in the target.
    public func modulesPath(release: String) throws(RootFilesystemError) -> RootPath {
        try Self.checkRelease(release)
        return try modulesDirectory().appending(release)
    }

    static func checkRelease(_ release: String) throws(RootFilesystemError) {
        try DebugfsRunner.check(release, what: "kernel release")
        if release == "." || release == ".." { throw .badInput("kernel release '\(release)' is not a directory name") }
    }

    /// Installs the staged `lib/modules/<release>` tree `staged` (build/source links to the build host are
    /// left out: they would dangle on the board) and, when given, the kernel config as `boot/config-<release>`
    /// (what the board's initramfs generator reads). Returns the path the modules now live at.
    @discardableResult
    public func install(release: String, staged: String, kernelConfig: String?) throws(RootFilesystemError) -> RootPath {
        let final = try modulesPath(release: release)
        try recover(final)
        let fresh = final.parent.appending(release + Self.newSuffix)
        let aside = final.parent.appending(release + Self.oldSuffix)

        let clean = try stageWithoutHostLinks(staged)
        defer { try? FileManager.default.removeItem(atPath: clean) }
        progress("copying modules of \(release) to \(filesystem.location):\(fresh)")
        try filesystem.copyTree(local: clean, to: fresh)
        try filesystem.flush()
        if try filesystem.entryKind(final) != nil {
            try filesystem.rename(final, to: aside)
        }
        try filesystem.rename(fresh, to: final)
        try filesystem.flush()
        if try filesystem.entryKind(aside) != nil {
            progress("deleting the modules of \(release) it replaced")
            try filesystem.removeTree(aside)
        }
        if let kernelConfig {
            try installFile(local: kernelConfig, at: try RootPath("boot/config-\(release)"))
        }
        try filesystem.flush()
        return final
    }

    /// Replaces one file the same way (temporary name, rename).
    public func installFile(local: String, at path: RootPath) throws(RootFilesystemError) {
        guard let data = FileManager.default.contents(atPath: local) else {
            throw .badInput("\(local): not found (for \(path) on the root filesystem)")
        }
        let directory = try filesystem.directoryCreatingParents(path.parent)
        let final = directory.appending(path.name)
        let fresh = directory.appending(path.name + Self.newSuffix)
        let aside = directory.appending(path.name + Self.oldSuffix)
        for stale in [fresh, aside] where try filesystem.entryKind(stale) != nil { try filesystem.removeTree(stale) }
        if let kind = try filesystem.entryKind(final), kind == .file(size: UInt64(data.count)), (try? filesystem.read(final)) == data {
            return
        }
        try filesystem.createFile(data, at: fresh, mode: 0o644)
        try filesystem.flush()
        if try filesystem.entryKind(final) != nil { try filesystem.rename(final, to: aside) }
        try filesystem.rename(fresh, to: final)
        if try filesystem.entryKind(aside) != nil { try filesystem.removeTree(aside) }
    }

    /// Removes `release`'s modules and its config (never anything else); absent ones are fine.
    public func remove(release: String) throws(RootFilesystemError) {
        let final = try modulesPath(release: release)
        for path in [final, final.parent.appending(release + Self.newSuffix), final.parent.appending(release + Self.oldSuffix)]
        where try filesystem.entryKind(path) != nil {
            progress("deleting \(filesystem.location):\(path)")
            try filesystem.removeTree(path)
        }
        let config = try RootPath("boot/config-\(release)")
        if let resolved = try filesystem.resolvedKind(config), case .file = resolved.kind {
            try filesystem.removeTree(resolved.path)
        }
        try filesystem.flush()
    }

    /// Whether `release`'s modules are in place (its modules.dep is there).
    public func holds(release: String) throws(RootFilesystemError) -> Bool {
        let final = try modulesPath(release: release)
        if case .file? = try filesystem.entryKind(final.appending("modules.dep")) { return true }
        return false
    }

    /// After a killed run: an aside tree with no live one goes back; a half-copied new one is deleted.
    func recover(_ final: RootPath) throws(RootFilesystemError) {
        let fresh = final.parent.appending(final.name + Self.newSuffix)
        let aside = final.parent.appending(final.name + Self.oldSuffix)
        if try filesystem.entryKind(final) == nil, try filesystem.entryKind(aside) != nil {
            progress("putting back \(aside), left aside by an interrupted run")
            try filesystem.rename(aside, to: final)
        }
        for stale in [fresh, aside] where try filesystem.entryKind(stale) != nil {
            progress("deleting \(stale), left by an interrupted run")
            try filesystem.removeTree(stale)
        }
    }

    /// A local copy of the staged tree without its `build` and `source` links (absolute paths of this host).
    private func stageWithoutHostLinks(_ staged: String) throws(RootFilesystemError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: staged, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .badInput("\(staged): no staged modules (run modules_install first)")
        }
        let copy = URL(fileURLWithPath: staged).deletingLastPathComponent().appendingPathComponent(
            ".\(URL(fileURLWithPath: staged).lastPathComponent).for-target"
        ).path
        do {
            if FileManager.default.fileExists(atPath: copy) { try FileManager.default.removeItem(atPath: copy) }
            try FileManager.default.copyItem(atPath: staged, toPath: copy)
            for link in ["build", "source"] {
                let path = copy + "/" + link
                if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
                    try FileManager.default.removeItem(atPath: path)
                }
            }
        } catch {
            throw .failed(operation: "preparing", path: copy, detail: "\(error)")
        }
        return copy
    }
}
