import OdroidCore
import TestSupport

/// The profiles and templates in the repository, as the tool ships them.
enum Shipped {
    static let profilesDirectory = "\(Repository.root)/profiles"
    static let templates = TemplateStore(directory: "\(Repository.root)/templates")
    static let catalog = ProfileCatalog(directories: [profilesDirectory])
    static let boards = ["odroidxu", "odroidxu3", "odroidxu4", "qemu-virt", "qemu-virt-debian"]

    static func resolve(_ name: String, overrides: [String] = [], local: String? = nil) throws(Diagnostics) -> ResolvedProfile {
        try ProfileResolver(catalog: catalog).resolve(name, localFile: local, overrides: overrides)
    }

    /// Fixed options so plans do not depend on the machine the tests run on.
    static func options(
        version: String, target: PlanOptions.BootTarget? = nil, root: PlanOptions.RootTarget? = nil,
        hostArch: String = "x86_64", hostRootIsTarget: Bool = false
    ) -> PlanOptions {
        PlanOptions(
            kernelVersion: version, workDirectory: "/work/odroid", cacheDirectory: "/cache/odroid-build",
            hostArch: hostArch, cpuCount: 4, ccacheInstalled: true, bootTarget: target, rootTarget: root,
            hostRootIsTarget: hostRootIsTarget)
    }
}
