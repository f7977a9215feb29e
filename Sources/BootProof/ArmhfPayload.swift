import CommandValues
import Foundation
import OdroidProcess

/// The armhf files a boot proof needs besides the boot script: a Debian kernel that runs on QEMU's `virt`
/// machine (armmp: ARCH_VIRT, PL011 console, PSCI power-off) and a static busybox for the marker initramfs.
public struct ArmhfPayload: Sendable, Codable, Hashable {
    /// The versioned kernel package, e.g. `linux-image-6.1.0-50-armmp`.
    public var kernelPackage: String
    /// Its release, e.g. `6.1.0-50-armmp` (the suffix of `boot/vmlinuz-*`).
    public var kernelRelease: String
    /// The zImage (`boot/vmlinuz-<release>` unpacked from the package).
    public var kernelImage: String
    /// The kernel's unpacked package root (device trees live under `usr/lib/linux-image-<release>/`).
    public var kernelRoot: String
    /// The static armhf busybox binary.
    public var busybox: String
    /// The .deb files the above came from, kept in the cache.
    public var debs: [String]
}

/// Fetches `ArmhfPayload` from the Debian archive with apt (`apt-get download` of the newest
/// `linux-image-<abi>-armmp:armhf` named by the `linux-image-armmp` metapackage, and `busybox-static:armhf`)
/// and unpacks it with `dpkg-deb -x`, all under a cache directory the caller owns. A cached .deb of the
/// candidate version is reused, so repeated runs download nothing; `apt-get update` runs only when apt does
/// not know the packages, and its failure on one index (a mirror mid-sync) is tolerated as long as the
/// packages then resolve. Adds the armhf architecture to dpkg when it is missing (needs root once).
public struct ArmhfPayloadProvider: Sendable {
    public let runner: any ProcessRunning
    public let cacheDirectory: String
    public var kernelMetapackage = "linux-image-armmp"
    public var busyboxPackage = "busybox-static"
    /// Progress and warnings ("apt-get update reported errors; continuing").
    public var note: @Sendable (String) -> Void

    public init(runner: any ProcessRunning, cacheDirectory: String, note: @escaping @Sendable (String) -> Void = { _ in }) {
        self.runner = runner
        self.cacheDirectory = cacheDirectory
        self.note = note
    }

    /// Resolves, downloads (when not cached) and unpacks the payload. Safe to call from several processes or
    /// tests at once: the cache is locked while it works.
    public func fetch() throws -> ArmhfPayload {
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        let lock = try CacheLock(path: cacheDirectory + "/.lock")
        defer { lock.release() }

        var updated = try ensureArchitecture()
        var kernelPackage = try resolveKernelPackage()
        if kernelPackage == nil, !updated {
            update()
            updated = true
            kernelPackage = try resolveKernelPackage()
        }
        guard let kernelPackage else {
            throw BootProofError(
                "apt does not know \(kernelMetapackage):armhf, even after apt-get update; is the armhf architecture enabled and a Debian mirror reachable?"
            )
        }
        var debs: [String] = []
        for package in [kernelPackage, busyboxPackage] {
            debs.append(try obtain(package, updated: &updated))
        }

        let kernelRoot = try unpack(debs[0])
        let busyboxRoot = try unpack(debs[1])
        let bootFiles = (try? FileManager.default.contentsOfDirectory(atPath: kernelRoot + "/boot")) ?? []
        guard let vmlinuz = bootFiles.filter({ $0.hasPrefix("vmlinuz-") }).sorted().last else {
            throw BootProofError("no boot/vmlinuz-* in \(debs[0]) (unpacked at \(kernelRoot))")
        }
        let busybox = busyboxRoot + "/bin/busybox"
        guard FileManager.default.isExecutableFile(atPath: busybox) else {
            throw BootProofError("no executable bin/busybox in \(debs[1]) (unpacked at \(busyboxRoot))")
        }
        return ArmhfPayload(
            kernelPackage: kernelPackage, kernelRelease: String(vmlinuz.dropFirst("vmlinuz-".count)),
            kernelImage: kernelRoot + "/boot/" + vmlinuz, kernelRoot: kernelRoot, busybox: busybox, debs: debs)
    }

    /// Only the static busybox (for a build's busybox initramfs): fetched and unpacked like `fetch()` does,
    /// without the kernel package. Returns the path of the executable.
    public func fetchBusybox() throws -> String {
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        let lock = try CacheLock(path: cacheDirectory + "/.lock")
        defer { lock.release() }
        var updated = try ensureArchitecture()
        let deb = try obtain(busyboxPackage, updated: &updated)
        let busybox = try unpack(deb) + "/bin/busybox"
        guard FileManager.default.isExecutableFile(atPath: busybox) else {
            throw BootProofError("no executable bin/busybox in \(deb)")
        }
        return busybox
    }

    /// The cached .deb of `package`, downloaded first when missing (one `apt-get update` and a retry when
    /// the download fails and apt has not been updated in this call).
    private func obtain(_ package: String, updated: inout Bool) throws -> String {
        if let deb = try cachedDeb(package) { return deb }
        if !(try download(package)), !updated {
            update()
            updated = true
            _ = try download(package)
        }
        guard let deb = try cachedDeb(package) else {
            throw BootProofError("apt-get download \(package):armhf left no \(package)_*_armhf.deb in \(cacheDirectory)")
        }
        return deb
    }

    /// Adds armhf to dpkg's foreign architectures when missing; true when it did (apt then needs an update).
    private func ensureArchitecture() throws -> Bool {
        let foreign = try runner.checked(Command(["dpkg", "--print-foreign-architectures"]), "listing dpkg's foreign architectures")
        if foreign.stdoutText.split(separator: "\n").contains("armhf") { return false }
        note("adding the armhf architecture to dpkg")
        try runner.checked(Command(["dpkg", "--add-architecture", "armhf"]), "dpkg --add-architecture armhf (needs root)")
        update()
        return true
    }

    /// `apt-get update`, whose non-zero exit is only a warning: one failing index leaves the others usable.
    private func update() {
        note("running apt-get update")
        let result = try? runner.run(Command(["apt-get", "update", "-qq"]), output: .capture)
        if result?.succeeded != true {
            note("apt-get update reported errors; continuing with the indexes it did fetch")
        }
    }

    /// The versioned kernel package the metapackage depends on, or nil when apt does not know it.
    private func resolveKernelPackage() throws -> String? {
        let result = try runner.run(Command(["apt-cache", "depends", "\(kernelMetapackage):armhf"]), output: .capture)
        guard result.succeeded else { return nil }
        return Self.kernelPackage(fromDepends: result.stdoutText)
    }

    /// Picks `linux-image-<abi>-<flavour>` out of `apt-cache depends` output.
    static func kernelPackage(fromDepends text: String) -> String? {
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0] == "Depends:" else { continue }
            var name = String(words[1])
            if name.hasSuffix(":armhf") { name.removeLast(":armhf".count) }
            if name.hasPrefix("linux-image-"), name.dropFirst("linux-image-".count).first?.isNumber == true { return name }
        }
        return nil
    }

    /// The cached .deb of `package`'s candidate version (or of any version when apt cannot say).
    private func cachedDeb(_ package: String) throws -> String? {
        let files = try FileManager.default.contentsOfDirectory(atPath: cacheDirectory)
            .filter { $0.hasPrefix(package + "_") && $0.hasSuffix("_armhf.deb") }
        if files.isEmpty { return nil }
        let show = try runner.run(Command(["apt-cache", "show", "--no-all-versions", "\(package):armhf"]), output: .capture)
        if show.succeeded, let version = Self.version(fromShow: show.stdoutText) {
            // apt-get download writes an epoch's ':' as %3a.
            let expected = "\(package)_\(version.replacingOccurrences(of: ":", with: "%3a"))_armhf.deb"
            return files.contains(expected) ? cacheDirectory + "/" + expected : nil
        }
        return cacheDirectory + "/" + files.sorted().last!
    }

    static func version(fromShow text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("Version: ") }.map { String($0.dropFirst("Version: ".count)) }
    }

    private func download(_ package: String) throws -> Bool {
        note("downloading \(package):armhf")
        let result = try runner.run(
            Command(["apt-get", "download", "-q", "\(package):armhf"], workingDirectory: cacheDirectory), output: .capture)
        return result.succeeded
    }

    /// Unpacks `deb` once into `unpacked/<name>/`; a complete unpack is reused.
    private func unpack(_ deb: String) throws -> String {
        let name = URL(fileURLWithPath: deb).deletingPathExtension().lastPathComponent
        let root = cacheDirectory + "/unpacked/" + name
        let done = root + "/.unpacked"
        if FileManager.default.fileExists(atPath: done) { return root }
        let partial = root + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        try runner.checked(Command(["dpkg-deb", "-x", deb, partial]), "unpacking \(deb)")
        try FileManager.default.moveItem(atPath: partial, toPath: root)
        _ = FileManager.default.createFile(atPath: done, contents: Data())
        return root
    }
}
