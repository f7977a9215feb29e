import BootPartition
import Foundation

/// The root filesystem's half of `verify`: for each kernel the boot script boots, its release's modules are
/// in the root filesystem (modules.dep there), and the manifest says they went into this filesystem.
public struct RootVerifier {
    public let filesystem: any RootFilesystem

    public init(filesystem: any RootFilesystem) {
        self.filesystem = filesystem
    }

    public func check(_ report: inout VerifyReport, manifest: BootManifest) {
        let uuid = try? filesystem.uuid()
        for version in Set(report.bootVersions) {
            guard let record = manifest.kernel(version), let release = record.release else { continue }
            let installer = ModuleTreeInstaller(filesystem: filesystem)
            do {
                if try !installer.holds(release: release) {
                    let path = (try? installer.modulesPath(release: release).absolute) ?? "/lib/modules/\(release)"
                    if record.modulesRoot?.hasPrefix("UUID=") == true || record.modulesRoot == nil {
                        report.add(
                            .error, filesystem.location,
                            "\(version) boots release \(release), but \(path)/modules.dep is not there: the kernel will find none of its modules"
                        )
                    } else {
                        report.add(
                            .warning, filesystem.location,
                            "\(version) boots release \(release); its modules were only staged (\(record.modulesRoot!)), \(path) is not there"
                        )
                    }
                }
                if let recorded = record.modulesRoot, recorded.hasPrefix("UUID="), let uuid, recorded != "UUID=\(uuid)" {
                    report.add(
                        .warning, filesystem.location,
                        "\(version)'s modules were installed into \(recorded), this root filesystem is UUID=\(uuid)")
                }
            } catch {
                report.add(.warning, filesystem.location, "cannot check the modules of \(release): \(error)")
            }
        }
    }
}
