import CommandValues
import OdroidCore
import OdroidProcess

/// One thing a plan needs on the host: a program in PATH or a header under /usr/include, and why.
public struct ToolRequirement: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case program, header
        /// A binfmt_misc handler (`/proc/sys/fs/binfmt_misc/NAME`), enabled, with the F flag so it works
        /// inside another root filesystem.
        case binfmt
    }
    public var name: String
    public var kind: Kind
    public var why: String

    public init(_ name: String, kind: Kind = .program, why: String) {
        self.name = name
        self.kind = kind
        self.why = why
    }
}

/// Derives from a plan what its steps will run: each command's program, what a kernel build needs besides
/// make (compiler, bc, flex, bison, perl, lzop, OpenSSL headers, mkimage for a uImage, depmod), the tar or git
/// of the source step, the compressor of the initramfs, and mtools for a FAT image target.
public enum ToolRequirements {
    public static func of(_ plan: Plan, steps: [PlanStep]? = nil, elevation: String? = nil) -> [ToolRequirement] {
        var result: [ToolRequirement] = []
        func need(_ name: String, kind: ToolRequirement.Kind = .program, _ why: String) {
            if !result.contains(where: { $0.name == name && $0.kind == kind }) {
                result.append(ToolRequirement(name, kind: kind, why: why))
            }
        }
        for step in steps ?? plan.steps {
            switch step.action {
            case .run(let command), .capture(let command, _):
                let program = command.program
                if !program.contains("/") { need(program, "step \(step.id)") }
                if program == "make" { kernelBuild(command, plan: plan, need: need) }
                if program == "tar" {
                    if command.argv.contains(where: { $0.hasSuffix(".xz") }) { need("xz", "step \(step.id): unpack a .tar.xz") }
                }
                if command.argv.contains("modules_install") { need("depmod", "step \(step.id): module dependency lists") }
                if step.privileged, let elevation { need(elevation, "step \(step.id) needs root") }
            case .cpioArchive:
                need("gzip", "step \(step.id): compress the initramfs")
            case .busyboxInitramfs(let initramfs):
                need("gzip", "step \(step.id): compress the initramfs")
                if initramfs.busybox == nil {
                    need("apt-get", "step \(step.id): fetch \(initramfs.busyboxPackage):\(initramfs.debianArch)")
                    need("dpkg-deb", "step \(step.id): unpack \(initramfs.busyboxPackage)")
                }
            case .install:
                if case .image = plan.bootTarget {
                    need("mcopy", "step \(step.id): write into the FAT image");
                    need("mmd", "step \(step.id): make directories in the FAT image")
                }
            case .renderBootScripts:
                break
            case .installIntoRoot:
                if case .image? = plan.rootTarget {
                    need("debugfs", "step \(step.id): write into the card's ext4 partition without mounting it")
                }
            case .targetInitramfs(let initramfs):
                if case .image? = plan.rootTarget {
                    need("debugfs", "step \(step.id): copy the card's root filesystem out for \(initramfs.generator)")
                }
                need(
                    "bwrap", "step \(step.id): run \(initramfs.generator) inside the board's root filesystem, in a private mount namespace")
                if plan.crossCompile != nil {
                    result.append(
                        ToolRequirement(
                            "qemu-arm", kind: .binfmt,
                            why: "step \(step.id): run the board's ARM programs on this machine (qemu-user through binfmt_misc)"))
                }
            }
        }
        return result
    }

    private static func kernelBuild(_ command: Command, plan: Plan, need: (String, ToolRequirement.Kind, String) -> Void) {
        let cross = command.environment["CROSS_COMPILE"] ?? ""
        need(cross + "gcc", .program, cross.isEmpty ? "native kernel compiler" : "cross compiler (CROSS_COMPILE=\(cross))")
        if !cross.isEmpty { need(cross + "ld", .program, "cross linker") }
        if command.argv.contains(where: { $0.hasPrefix("CC=ccache") }) {
            need("ccache", .program, "compiler cache asked for by the profile or --ccache")
        }
        if command.argv.contains(where: { $0.hasPrefix("CC=distcc") }) || command.environment["CCACHE_PREFIX"] == "distcc" {
            need("distcc", .program, "distributed compiles asked for by kernel.distcc or --distcc")
        }
        for tool in ["bc", "flex", "bison", "perl"] { need(tool, .program, "kernel build scripts and Kconfig") }
        need("lzop", .program, "LZO-compressed kernel images")
        need("openssl/ssl.h", .header, "kernel certificate and module-signing tools (scripts/sign-file, certs/)")
        if command.argv.contains("uImage") { need("mkimage", .program, "make uImage wraps the zImage with mkimage") }
    }
}
