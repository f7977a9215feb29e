import Foundation

/// Where a boot trace finds the build it symbolises with: vmlinux and System.map, the archives whose
/// objects name each function's subsystem, and the modules' .ko files. From a build's work directory
/// (`W/build/...`, `W/modules/`) or from a vmlinux beside its System.map.
public struct TraceInputs: Sendable, Hashable {
    public var vmlinux: String
    public var systemMap: String
    /// Thin archives for `nm -A` (vmlinux.a, lib/lib.a) that exist.
    public var archives: [String]
    /// Directories searched for `NAME.ko` (the build tree, the staged module tree).
    public var moduleDirectories: [String]
    /// The cross `nm` (`arm-linux-gnueabihf-nm`).
    public var nm: String

    public init(vmlinux: String, systemMap: String, archives: [String], moduleDirectories: [String], nm: String) {
        self.vmlinux = vmlinux
        self.systemMap = systemMap
        self.archives = archives
        self.moduleDirectories = moduleDirectories
        self.nm = nm
    }

    /// A build's work directory as `odroid-build build --work-dir W` leaves it.
    public static func workDirectory(_ work: String, nm: String) -> TraceInputs {
        var inputs = beside(vmlinux: work + "/build/vmlinux", nm: nm)
        inputs.moduleDirectories.append(work + "/modules")
        return inputs
    }

    /// A vmlinux with System.map (and the build's archives, if any) in its directory.
    public static func beside(vmlinux: String, nm: String) -> TraceInputs {
        let directory = URL(fileURLWithPath: vmlinux).deletingLastPathComponent().path
        let archives = ["vmlinux.a", "lib/lib.a"].map { directory + "/" + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        return TraceInputs(
            vmlinux: vmlinux, systemMap: directory + "/System.map", archives: archives, moduleDirectories: [directory], nm: nm)
    }

    /// Problems that make a trace impossible, all at once (missing vmlinux or System.map).
    public func problems() -> [String] {
        [vmlinux, systemMap].filter { !FileManager.default.fileExists(atPath: $0) }.map {
            "\($0): no such file (needed to symbolise the trace)"
        }
    }

    /// The first `name.ko` (dashes and underscores alike) under the module directories.
    public func moduleFile(_ name: String) -> String? {
        let wanted = name.replacingOccurrences(of: "-", with: "_") + ".ko"
        for directory in moduleDirectories {
            guard let walker = FileManager.default.enumerator(atPath: directory) else { continue }
            while let path = walker.nextObject() as? String {
                if path.hasSuffix(".ko"), URL(fileURLWithPath: path).lastPathComponent.replacingOccurrences(of: "-", with: "_") == wanted {
                    return directory + "/" + path
                }
            }
        }
        return nil
    }
}
