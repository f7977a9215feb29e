/// Reads merged, defaulted settings into a typed `ResolvedProfile`, recording missing or
/// inconsistent required values as diagnostics instead of stopping at the first.
struct ProfileBuilder {
    let settings: [ProfileKey: Setting]
    let locator: KeyLocator
    private(set) var diagnostics: [Diagnostic] = []

    init(locator: KeyLocator) {
        self.settings = locator.settings
        self.locator = locator
    }

    mutating func build(layers: [String]) -> ResolvedProfile? {
        if flag(.profileAbstract) {
            diagnostics.append(locator.diagnostic(.profileAbstract, "this is an abstract base profile; choose a profile that extends it"))
            return nil
        }
        for spec in ProfileSchema.specs where spec.required && settings[spec.key] == nil {
            diagnostics.append(locator.diagnostic(spec.key, "missing required key '\(spec.key)': \(spec.help)"))
        }
        guard diagnostics.isEmpty else { return nil }

        let image = ResolvedProfile.ImageType(rawValue: text(.kernelImage))!
        let dtbs = strings(.kernelDtbs)
        let board = ResolvedProfile.Board(
            soc: text(.boardSoc), arch: text(.boardArch), compatible: strings(.boardCompatible),
            dramBase: number(.boardDramBase), dramSize: number(.boardDramSize), reserved: regions(.boardReserved))
        let kernel = ResolvedProfile.Kernel(
            defconfig: text(.kernelDefconfig), fragments: strings(.kernelFragments), image: image,
            loadAddress: number(.kernelLoadaddr),
            targets: settings[.kernelTargets] != nil
                ? strings(.kernelTargets) : [image.rawValue] + (dtbs.isEmpty ? [] : ["dtbs"]) + ["modules"],
            dtbs: dtbs, dtbDirectory: text(.kernelDtbDir), crossCompile: text(.kernelCrossCompile),
            ccache: flag(.kernelCcache), jobs: Int(number(.kernelJobs)), distcc: distccHosts(), imageMax: number(.kernelImageMax),
            source: source())
        let generator = ResolvedProfile.Generator(rawValue: text(.initramfsGenerator))!
        let initramfs = ResolvedProfile.Initramfs(
            generator: generator, sourceDirectory: optionalText(.initramfsSourceDir), busybox: optionalText(.initramfsBusybox),
            marker: text(.initramfsMarker), file: text(.initramfsFile),
            uimage: flag(.initramfsUimage), maxSize: number(.initramfsMaxSize))
        if let problem = MarkerInit.problem(with: initramfs.marker) {
            diagnostics.append(locator.diagnostic(.initramfsMarker, "'\(ProfileKey.initramfsMarker)' \(problem)"))
        }
        if generator == .cpio && initramfs.sourceDirectory == nil {
            missing(.initramfsSourceDir, because: .initramfsGenerator, is: "cpio")
        }
        let initrdAddress = optionalNumber(.bootInitrdAddr)
        if generator != .none && initrdAddress == nil {
            missing(
                .bootInitrdAddr, because: "the profile builds an initramfs (\(ProfileKey.initramfsGenerator) is \(generator.rawValue))",
                behind: .initramfsGenerator)
        }
        let dtb: ResolvedProfile.DtbPlacement
        if text(.bootDtbSource) == "firmware" {
            dtb = .firmware(variable: text(.bootFirmwareDtb))
        } else {
            if dtbs.isEmpty { missing(.kernelDtbs, because: .bootDtbSource, is: "partition") }
            if let address = optionalNumber(.bootDtbAddr) {
                dtb = .partition(address: address)
            } else {
                missing(.bootDtbAddr, because: .bootDtbSource, is: "partition")
                dtb = .partition(address: 0)
            }
        }
        let command =
            settings[.bootCommand].map { _ in ResolvedProfile.BootCommand(rawValue: text(.bootCommand))! }
            ?? (image == .uImage ? .bootm : .bootz)
        let boot = ResolvedProfile.Boot(
            flavour: ResolvedProfile.Flavour(rawValue: text(.bootFlavour))!,
            formats: strings(.bootFormats).map { ResolvedProfile.ScriptFormat(rawValue: $0)! },
            interface: text(.bootInterface), device: text(.bootDevice), mount: text(.bootMount),
            kernelAddress: number(.bootKernelAddr), initrdAddress: generator == .none ? nil : initrdAddress,
            dtb: dtb, dtbMax: number(.bootDtbMax), command: command, console: text(.bootConsole),
            root: text(.bootRoot), rootIsExplicit: settings[.bootRoot].map { $0.origin != .defaultValue } ?? false,
            rootMode: text(.bootRootMode), extraBootargs: strings(.bootBootargs),
            consoles: strings(.bootConsoles), ethernetMAC: text(.bootEthernetMac), ethernetDriver: text(.bootEthernetDriver),
            kernelFile: text(.bootKernelFile), initrdFile: text(.bootInitrdFile), dtbFile: text(.bootDtbFile),
            partitionOffset: number(.bootPartitionOffset))
        if boot.partitionOffset < 512 || boot.partitionOffset % 512 != 0 {
            diagnostics.append(
                locator.diagnostic(
                    .bootPartitionOffset,
                    "'\(ProfileKey.bootPartitionOffset)' must be a whole number of 512-byte sectors after the MBR (at least 512), got \(boot.partitionOffset)"
                ))
        }
        let qemu = optionalText(.qemuMachine).map {
            ResolvedProfile.QEMU(
                machine: $0, ram: number(.qemuRam), firmware: text(.qemuFirmware), marker: text(.qemuMarker),
                timeoutSeconds: Int(clamping: number(.qemuTimeout)))
        }
        guard diagnostics.isEmpty else { return nil }
        return ResolvedProfile(
            name: text(.profileName), description: text(.profileDescription), layers: layers, settings: settings,
            board: board, kernel: kernel,
            modules: ResolvedProfile.Modules(strip: flag(.modulesStrip)),
            initramfs: initramfs, boot: boot, qemu: qemu,
            rootfs: ResolvedProfile.Rootfs(
                distribution: text(.rootfsDistribution), suite: text(.rootfsSuite), architecture: text(.rootfsArchitecture),
                mirror: text(.rootfsMirror), variant: text(.rootfsVariant), packages: strings(.rootfsPackages)))
    }

    private mutating func source() -> ResolvedProfile.Source {
        switch text(.kernelSourceKind) {
        case "git":
            let url = optionalText(.kernelSourceUrl), ref = optionalText(.kernelSourceRef)
            if url == nil { missing(.kernelSourceUrl, because: .kernelSourceKind, is: "git") }
            if ref == nil { missing(.kernelSourceRef, because: .kernelSourceKind, is: "git") }
            return .git(url: url ?? "", ref: ref ?? "")
        case "tarball":
            guard let path = optionalText(.kernelSourceTarball) else {
                missing(.kernelSourceTarball, because: .kernelSourceKind, is: "tarball")
                return .tarball(path: "")
            }
            return .tarball(path: path)
        default:
            guard let path = optionalText(.kernelSourcePath) else {
                missing(.kernelSourcePath, because: .kernelSourceKind, is: "local")
                return .local(path: "")
            }
            return .local(path: path)
        }
    }

    /// `key` is needed because `other` has `value`.
    /// `kernel.distcc` read as a host list; a list distcc would misread is a diagnostic at the key.
    private mutating func distccHosts() -> DistccHosts? {
        guard let text = optionalText(.kernelDistcc), !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        switch DistccHosts.parse(text) {
        case .success(let hosts): return hosts
        case .failure(let problem):
            diagnostics.append(locator.diagnostic(.kernelDistcc, "'\(ProfileKey.kernelDistcc)' \(problem)"))
            return nil
        }
    }

    private mutating func missing(_ key: ProfileKey, because other: ProfileKey, is value: String) {
        missing(key, because: "\(other) is \(value)", behind: other)
    }

    /// `key` is needed because of `reason`: points at `key` when a layer set it (to an empty list), else at
    /// `behind`, the key that makes it needed, when a layer set that, else at the table `key` belongs in.
    private mutating func missing(_ key: ProfileKey, because reason: String, behind: ProfileKey?) {
        let origin = behind.map { locator.origin(of: key, orElse: $0) } ?? locator.origin(of: key)
        let setEmpty = settings[key].map { $0.origin != .defaultValue } ?? false
        diagnostics.append(
            locator.diagnostic(
                key, setEmpty ? "'\(key)' is empty, but it is required because \(reason)" : "missing '\(key)': required because \(reason)",
                at: origin))
    }

    private func text(_ key: ProfileKey) -> String {
        if case .string(let s)? = settings[key]?.value { return s }
        return ""
    }
    private func optionalText(_ key: ProfileKey) -> String? {
        if case .string(let s)? = settings[key]?.value { return s }
        return nil
    }
    private func strings(_ key: ProfileKey) -> [String] {
        if case .strings(let s)? = settings[key]?.value { return s }
        return []
    }
    private func number(_ key: ProfileKey) -> UInt64 {
        if case .number(let n)? = settings[key]?.value { return n }
        return 0
    }
    private func optionalNumber(_ key: ProfileKey) -> UInt64? {
        if case .number(let n)? = settings[key]?.value { return n }
        return nil
    }
    private func flag(_ key: ProfileKey) -> Bool {
        if case .bool(let b)? = settings[key]?.value { return b }
        return false
    }
    private func regions(_ key: ProfileKey) -> [MemoryRegion] {
        if case .regions(let r)? = settings[key]?.value { return r }
        return []
    }
}
