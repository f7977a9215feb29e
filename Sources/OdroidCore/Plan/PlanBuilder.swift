import CommandValues
import Foundation

/// Builds the plan of a kernel build-and-install from a resolved profile and the options: pure, so every
/// step, argument and path can be checked in tests and printed before anything runs.
public struct PlanBuilder: Sendable {
    public var profile: ResolvedProfile
    public var options: PlanOptions

    public init(profile: ResolvedProfile, options: PlanOptions) {
        self.profile = profile
        self.options = options
    }

    public func build() -> Plan {
        let version = options.kernelVersion
        let work = options.workDirectory
        var notes: [String] = []
        let release = "${\(Plan.kernelReleaseVariable)}"

        // Native or cross.
        let native = options.buildsNatively
        let cross: String? = options.crossCompileOverride ?? (native ? nil : profile.kernel.crossCompile)
        if let cross {
            notes.append("host \(options.hostArch): cross-compiling with ARCH=\(profile.board.arch) CROSS_COMPILE=\(cross)")
        } else {
            notes.append("host \(options.hostArch): building natively")
        }
        var useCCache = profile.kernel.ccache || options.forceCCache
        if useCCache && !options.ccacheInstalled {
            notes.append("ccache requested but not installed: compiling without it")
            useCCache = false
        }

        // Directories.
        let (sourceStep, sourceDir) = sourceAcquisition(version: version, work: work)
        let dirs = Plan.Directories(
            work: work, source: sourceDir, build: "\(work)/build",
            modules: "\(work)/modules", output: "\(work)/out", logs: "\(work)/logs")
        let root = rootFilesystem(native: native)
        if let note = root.note { notes.append(note) }

        var environment: [String: String] = [:]
        if let cross {
            environment["ARCH"] = profile.board.arch
            environment["CROSS_COMPILE"] = cross
        }
        var makeBase = ["make", "-C", dirs.source, "O=\(dirs.build)"]
        if useCCache {
            makeBase.append("CC=ccache \(cross ?? "")gcc")
            // kbuild hands gcc absolute paths of the tree; under a base directory ccache hashes them relative
            // to the build directory, and without the directory in the hash of `-g` compiles (CONFIG_DEBUG_INFO),
            // so another work directory of the same layout (another profile of the same tree) hits the same
            // entries instead of recompiling ~2,600 units. The price: an object taken from the cache keeps the
            // DW_AT_comp_dir of the work directory that compiled it first (docs/benchmarks.md).
            if let base = Self.commonDirectory(dirs.source, dirs.build) {
                environment["CCACHE_BASEDIR"] = base
                environment["CCACHE_NOHASHDIR"] = "1"
            }
        }
        // distcc: the compiler runs on the hosts (behind ccache when it is on, so a cache hit sends nothing), its
        // state and log under the work directory; the DISTCC_* and CCACHE_* variables are fingerprinted by nobody,
        // so another host list rebuilds nothing.
        let distcc = options.distccOverride ?? profile.kernel.distcc
        if let distcc {
            if useCCache {
                environment["CCACHE_PREFIX"] = "distcc"
            } else {
                makeBase.append("CC=distcc \(cross ?? "")gcc")
            }
            environment["DISTCC_HOSTS"] = distcc.environmentValue
            environment["DISTCC_DIR"] = "\(work)/distcc"
            environment["DISTCC_LOG"] = "\(dirs.logs)/distcc.log"
            let names = distcc.hosts.map(\.address).joined(separator: ", ")
            notes.append(
                "distcc: \(distcc.hosts.count) host\(distcc.hosts.count == 1 ? "" : "s") (\(names)), \(distcc.slots) slots"
                    + (useCCache ? ", behind ccache" : "") + "; a host that fails is skipped (its units go to the others, or compile here)")
        }
        func make(_ args: [String]) -> Command { Command(makeBase + args, environment: environment) }

        var steps: [PlanStep] = []
        if let sourceStep { steps.append(sourceStep) }
        steps.append(
            PlanStep(
                id: "defconfig", title: "write .config from \(profile.kernel.defconfig)",
                action: .run(make([profile.kernel.defconfig])), privileged: false,
                // Not the whole tree: Kconfig changes elsewhere are reconciled by the build's own syncconfig.
                inputs: ["\(dirs.source)/arch/\(profile.board.arch)/configs/\(profile.kernel.defconfig)", "\(dirs.source)/Makefile"],
                outputs: ["\(dirs.build)/.config"]))
        if !profile.kernel.fragments.isEmpty {
            steps.append(
                PlanStep(
                    id: "fragments", title: "merge config fragments over the defconfig",
                    action: .run(
                        Command(
                            ["\(dirs.source)/scripts/kconfig/merge_config.sh", "-m", "-O", dirs.build, "\(dirs.build)/.config"]
                                + profile.kernel.fragments, environment: environment)),
                    privileged: false, inputs: profile.kernel.fragments + ["\(dirs.build)/.config"], outputs: ["\(dirs.build)/.config"]))
            steps.append(
                PlanStep(
                    id: "olddefconfig", title: "complete the merged .config",
                    action: .run(make(["olddefconfig"])), privileged: false,
                    inputs: ["\(dirs.build)/.config"], outputs: ["\(dirs.build)/.config"]))
        }
        let jobs = profile.kernel.jobs > 0 ? profile.kernel.jobs : (distcc?.slots ?? max(1, options.cpuCount))
        if !options.hostIsThisMachine {
            notes.append(
                "planned for an \(options.hostArch) machine (--host-arch \(options.hostArch)), not for the one that made the plan: the emitted script runs there"
            )
            if profile.kernel.jobs == 0 && distcc == nil {
                notes.append(
                    "-j\(jobs) is the CPU count of the machine that made the plan: --set kernel.jobs=N gives the \(options.hostArch) one's")
            }
            if profile.rootNeedsUUID && !profile.boot.root.contains(ResolvedProfile.rootUUIDPlaceholder) {
                notes.append(
                    "root=\(profile.boot.root): the root filesystem's UUID is not known here; --set boot.root=UUID=... names it")
            }
        }
        var buildArgs = ["-j\(jobs)"]
        if profile.kernel.image == .uImage { buildArgs.append("LOADADDR=\(Hex.address(profile.kernel.loadAddress))") }
        buildArgs += profile.kernel.targets
        let imagePath = "\(dirs.build)/arch/\(profile.board.arch)/boot/\(profile.kernel.image.rawValue)"
        let dtbPaths = profile.kernel.dtbs.map { "\(dirs.build)/\(profile.kernel.dtbDirectory)/\($0)" }
        steps.append(
            PlanStep(
                id: "build", title: "compile " + profile.kernel.targets.joined(separator: ", "),
                action: .run(make(buildArgs)), privileged: false,
                inputs: [dirs.source, "\(dirs.build)/.config"], outputs: [imagePath] + dtbPaths))
        steps.append(
            PlanStep(
                id: "kernelrelease", title: "read the real kernel release (names the modules directory and the initramfs)",
                action: .capture(make(["-s", "kernelrelease"]), variable: Plan.kernelReleaseVariable), privileged: false,
                // The top Makefile holds VERSION/PATCHLEVEL/SUBLEVEL/EXTRAVERSION.
                inputs: ["\(dirs.build)/.config", "\(dirs.source)/Makefile"], outputs: []))
        let buildsModules = profile.kernel.targets.contains("modules")
        let stagedModules = "\(dirs.modules)/lib/modules/\(release)"
        if buildsModules {
            var install = ["INSTALL_MOD_PATH=\(dirs.modules)"]
            if profile.modules.strip { install.append("INSTALL_MOD_STRIP=1") }
            steps.append(
                PlanStep(
                    id: "modules-install", title: "install modules to the staging directory",
                    action: .run(make(install + ["modules_install"])), privileged: false,
                    // The executor adds each module that modules.order lists: a module-only change reinstalls.
                    inputs: ["\(dirs.build)/modules.order"], outputs: [stagedModules]))
        }
        let hostGenerator = [.mkinitrd, .mkinitramfs, .dracut].contains(profile.initramfs.generator)
        if let target = root.target, buildsModules || hostGenerator {
            steps.append(
                PlanStep(
                    id: "rootfs-install",
                    title: "install the modules and the kernel config into the root filesystem (\(Self.describe(target)))",
                    action: .installIntoRoot(
                        RootInstall(
                            release: release, stagedModules: buildsModules ? stagedModules : "", kernelConfig: "\(dirs.build)/.config")),
                    privileged: target.isHostRoot,
                    inputs: (buildsModules ? [stagedModules] : []) + ["\(dirs.build)/.config"], outputs: []))
        }

        // Initramfs.
        let files = profile.bootFiles(version: version)
        let rawInitrd = "\(dirs.output)/\(profile.initramfs.file.replacingOccurrences(of: "{version}", with: version))"
        if let initramfsCommand = initramfsAction(output: rawInitrd, root: root.target, work: work, release: release) {
            steps.append(
                PlanStep(
                    id: "initramfs",
                    title: "make the initramfs with \(profile.initramfs.generator.rawValue)"
                        + (hostGenerator && root.target.map { !$0.isHostRoot } == true ? " inside the board's root filesystem" : ""),
                    action: initramfsCommand, privileged: false,
                    inputs: initramfsInputs(modules: buildsModules && hostGenerator ? stagedModules : nil, work: work),
                    outputs: [rawInitrd]))
        }
        var installFiles: [InstallSpec.FileCopy] = [InstallSpec.FileCopy(source: imagePath, destination: files.kernel)]
        if let initrdName = files.initrd {
            if profile.initramfs.uimage {
                let uInitrd = "\(dirs.output)/\(initrdName)"
                steps.append(
                    PlanStep(
                        id: "uinitrd", title: "wrap the initramfs as a u-boot ramdisk image",
                        action: .run(
                            MkimageCommand.command(.ramdisk, arch: profile.board.arch, name: "uInitrd", input: rawInitrd, output: uInitrd)),
                        privileged: false, inputs: [rawInitrd], outputs: [uInitrd]))
                installFiles.append(InstallSpec.FileCopy(source: uInitrd, destination: initrdName))
            } else {
                installFiles.append(InstallSpec.FileCopy(source: rawInitrd, destination: initrdName))
            }
            if profile.initramfs.uimage, profile.boot.formats.contains(.extlinux), let raw = files.rawInitrd {
                installFiles.append(InstallSpec.FileCopy(source: rawInitrd, destination: raw))
            }
        }
        for (dtbPath, destination) in zip(dtbPaths, files.dtbs) {
            installFiles.append(InstallSpec.FileCopy(source: dtbPath, destination: destination))
        }

        // Boot scripts.
        let formats = profile.boot.formats.map(\.rawValue)
        steps.append(
            PlanStep(
                id: "boot-scripts", title: "render boot scripts: " + formats.joined(separator: ", "),
                action: .renderBootScripts(formats: formats, directory: dirs.output), privileged: false,
                inputs: [], outputs: profile.boot.formats.map { "\(dirs.output)/\(BootScriptNames.renderedFile($0))" }))
        if profile.boot.formats.contains(.scr) {
            steps.append(
                PlanStep(
                    id: "boot-scr", title: "wrap boot.cmd as a u-boot script image",
                    action: .run(
                        MkimageCommand.command(
                            .script, arch: profile.board.arch, name: MkimageCommand.scriptName(version: version),
                            input: "\(dirs.output)/boot.cmd", output: "\(dirs.output)/boot.scr")),
                    privileged: false, inputs: ["\(dirs.output)/boot.cmd"], outputs: ["\(dirs.output)/boot.scr"]))
        }
        let primary = profile.boot.formats[0]
        let script = InstallSpec.FileCopy(
            source: "\(dirs.output)/\(BootScriptNames.installedSource(primary))", destination: BootScriptNames.onPartition(primary))
        let target = options.bootTarget ?? .mounted(path: profile.boot.mount)
        let mounted: Bool = { if case .mounted = target { return true } else { return false } }()
        steps.append(
            PlanStep(
                id: "install", title: "install to the boot partition (boot script last)",
                action: .install(InstallSpec(files: installFiles, bootScript: script)), privileged: mounted,
                inputs: installFiles.map(\.source) + [script.source], outputs: []))

        return Plan(
            profile: profile.name, kernelVersion: version, hostArch: options.hostArch, crossCompile: cross,
            directories: dirs, bootTarget: target, rootTarget: root.target, refusal: root.refusal, bootFiles: files, notes: notes,
            steps: steps)
    }

    /// The deepest directory holding both paths (for ccache's base directory), or nil when it is `/`.
    public static func commonDirectory(_ a: String, _ b: String) -> String? {
        let left = a.split(separator: "/"), right = b.split(separator: "/")
        var common: [Substring] = []
        for (x, y) in zip(left, right) {
            guard x == y else { break }
            common.append(x)
        }
        guard a.hasPrefix("/"), b.hasPrefix("/"), !common.isEmpty else { return nil }
        return "/" + common.joined(separator: "/")
    }

    private func sourceAcquisition(version: String, work: String) -> (PlanStep?, String) {
        if let override = options.sourceOverride { return (nil, override) }
        func fill(_ s: String) -> String { s.replacingOccurrences(of: "{version}", with: version) }
        switch profile.kernel.source {
        case .local(let path):
            return (nil, fill(path))
        case .tarball(let path):
            let dir = "\(work)/src/linux-\(version)"
            let step = PlanStep(
                id: "source", title: "unpack \(fill(path))",
                action: .run(Command(["tar", "-C", dir, "--strip-components=1", "-xf", fill(path)])), privileged: false,
                inputs: [fill(path)], outputs: [dir])
            return (step, dir)
        case .git(let url, let ref):
            let slug = url.split(whereSeparator: { $0 == "/" || $0 == ":" }).suffix(2).joined(separator: "-")
                .replacingOccurrences(of: ".git", with: "")
            let dir = "\(options.cacheDirectory)/git/\(slug)-\(fill(ref))"
            let step = PlanStep(
                id: "source", title: "clone \(url) at \(fill(ref))",
                action: .run(Command(["git", "clone", "--depth", "1", "--branch", fill(ref), url, dir])), privileged: false,
                inputs: [], outputs: [dir])
            return (step, dir)
        }
    }

    private func initramfsAction(output: String, root: PlanOptions.RootTarget?, work: String, release: String) -> PlanAction? {
        func generator(_ output: String) -> Command? {
            switch profile.initramfs.generator {
            case .mkinitrd: return Command(["mkinitrd", output, release])
            case .mkinitramfs: return Command(["mkinitramfs", "-o", output, release])
            case .dracut: return Command(["dracut", "--force", output, release])
            default: return nil
            }
        }
        if let direct = generator(output) {
            // On the board (or a root the user said is this machine's): the generator runs right here.
            guard let root, !root.isHostRoot else { return .run(direct) }
            let name = URL(fileURLWithPath: output).lastPathComponent
            let inside = "\(TargetInitramfs.outputDirectory)/\(name)"
            return .targetInitramfs(
                TargetInitramfs(
                    generator: profile.initramfs.generator.rawValue, command: generator(inside)!, insideOutput: inside,
                    output: output, release: release, scratch: "\(work)/rootfs-copy"))
        }
        switch profile.initramfs.generator {
        case .none, .mkinitrd, .mkinitramfs, .dracut:
            return nil
        case .cpio:
            return .cpioArchive(
                directory: profile.initramfs.sourceDirectory!.replacingOccurrences(of: "{work}", with: work), output: output)
        case .busybox:
            return .busyboxInitramfs(
                BusyboxInitramfs(
                    busybox: profile.initramfs.busybox, packageCache: "\(options.cacheDirectory)/debs-armhf",
                    marker: profile.initramfs.marker, output: output))
        }
    }

    /// What the initramfs step reads: the packed directory, the given busybox, or the modules it packs.
    private func initramfsInputs(modules: String?, work: String) -> [String] {
        switch profile.initramfs.generator {
        case .cpio: return [profile.initramfs.sourceDirectory!.replacingOccurrences(of: "{work}", with: work)]
        case .busybox: return profile.initramfs.busybox.map { [$0] } ?? []
        default: return modules.map { [$0] } ?? []
        }
    }

    /// The board's root filesystem for this plan, a note on it, and why a real run must refuse when the
    /// plan has none but needs one: a cross build must never put the board's modules into this machine's
    /// /lib/modules or pack this machine's programs into the board's initramfs.
    private func rootFilesystem(native: Bool) -> (target: PlanOptions.RootTarget?, note: String?, refusal: String?) {
        let generator = profile.initramfs.generator
        let hostGenerator = [.mkinitrd, .mkinitramfs, .dracut].contains(generator)
        if let given = options.rootTarget {
            if given.isHostRoot && !native && !options.hostRootIsTarget {
                return (
                    nil, nil,
                    "--rootfs / is this machine's own root filesystem, and this build cross-compiles for \(profile.board.arch): "
                        + "its modules and initramfs belong on the board's root filesystem. Give the card's (--rootfs DIR, or a card image with "
                        + "--boot-image), or pass --host-root-as-target if this machine's / really is the board's"
                )
            }
            let how =
                hostGenerator && !given.isHostRoot
                ? "; \(generator.rawValue) runs inside it" + (native ? "" : " through qemu-user (binfmt_misc)") : ""
            return (
                given, "root filesystem: \(Self.describe(given)) (modules\(hostGenerator ? ", initramfs" : "") and root= for it\(how))", nil
            )
        }
        if native || options.hostRootIsTarget {
            return (
                .mounted(path: "/"),
                native
                    ? "root filesystem: this machine's / (building on the board itself)"
                    : "root filesystem: this machine's / (--host-root-as-target)", nil
            )
        }
        guard hostGenerator else {
            let staged =
                profile.kernel.targets.contains("modules") ? "; modules stay in the staging directory (no root filesystem given)" : ""
            return (nil, staged.isEmpty ? nil : "root filesystem: none given\(staged)", nil)
        }
        return (
            nil, nil,
            "a cross build (host \(options.hostArch), board \(profile.board.arch)) needs the board's root filesystem: the modules go into it "
                + "and \(generator.rawValue) must run inside it, never on this machine. Give the card: --boot-image CARD.img (a whole-disk image "
                + "with its ext4 root partition, see `odroid-build image create --rootfs`), or --rootfs DIR (the card's root partition mounted "
                + "here); or set initramfs.generator = \"busybox\" for a test initramfs; or pass --host-root-as-target if this machine's / "
                + "really is the board's (an ARM chroot)"
        )
    }

    static func describe(_ target: PlanOptions.RootTarget) -> String {
        switch target {
        case .mounted(let path): return path.split(separator: "/").isEmpty ? "this machine's /" : "mounted at \(path)"
        case .image(let path, _, let partition): return "ext partition\(partition.map { " \($0)" } ?? "") of \(path)"
        }
    }
}
