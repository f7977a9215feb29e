/// Reads merged, defaulted settings into a typed `ResolvedProfile`, recording missing or
/// inconsistent required values as diagnostics instead of stopping at the first.
struct ProfileBuilder {
    let settings: [String: Setting]
    let locator: KeyLocator
    private(set) var diagnostics: [Diagnostic] = []

    init(locator: KeyLocator) {
        self.settings = locator.settings
        self.locator = locator
    }

    mutating func build(layers: [String]) -> ResolvedProfile? {
        if flag("profile.abstract") {
            diagnostics.append(locator.diagnostic("profile.abstract", "this is an abstract base profile; choose a profile that extends it"))
            return nil
        }
        for spec in ProfileSchema.specs where spec.required && settings[spec.key] == nil {
            diagnostics.append(locator.diagnostic(spec.key, "missing required key '\(spec.key)': \(spec.help)"))
        }
        guard diagnostics.isEmpty else { return nil }

        let image = ResolvedProfile.ImageType(rawValue: text("kernel.image"))!
        let dtbs = strings("kernel.dtbs")
        let board = ResolvedProfile.Board(
            soc: text("board.soc"), arch: text("board.arch"), compatible: strings("board.compatible"),
            dramBase: number("board.dram_base"), dramSize: number("board.dram_size"), reserved: regions("board.reserved"))
        let kernel = ResolvedProfile.Kernel(
            defconfig: text("kernel.defconfig"), fragments: strings("kernel.fragments"), image: image,
            loadAddress: number("kernel.loadaddr"),
            targets: settings["kernel.targets"] != nil ? strings("kernel.targets") : [image.rawValue] + (dtbs.isEmpty ? [] : ["dtbs"]) + ["modules"],
            dtbs: dtbs, dtbDirectory: text("kernel.dtb_dir"), crossCompile: text("kernel.cross_compile"),
            ccache: flag("kernel.ccache"), jobs: Int(number("kernel.jobs")), imageMax: number("kernel.image_max"),
            source: source())
        let generator = ResolvedProfile.Generator(rawValue: text("initramfs.generator"))!
        let initramfs = ResolvedProfile.Initramfs(
            generator: generator, sourceDirectory: optionalText("initramfs.source_dir"), busybox: optionalText("initramfs.busybox"),
            marker: text("initramfs.marker"), file: text("initramfs.file"),
            uimage: flag("initramfs.uimage"), maxSize: number("initramfs.max_size"))
        if let problem = MarkerInit.problem(with: initramfs.marker) {
            diagnostics.append(locator.diagnostic("initramfs.marker", "'initramfs.marker' \(problem)"))
        }
        if generator == .cpio && initramfs.sourceDirectory == nil {
            missing("initramfs.source_dir", because: "initramfs.generator is cpio")
        }
        let initrdAddress = optionalNumber("boot.initrd_addr")
        if generator != .none && initrdAddress == nil {
            missing("boot.initrd_addr", because: "the profile builds an initramfs (initramfs.generator is \(generator.rawValue))")
        }
        let dtb: ResolvedProfile.DtbPlacement
        if text("boot.dtb_source") == "firmware" {
            dtb = .firmware(variable: text("boot.firmware_dtb"))
        } else {
            if dtbs.isEmpty { missing("kernel.dtbs", because: "boot.dtb_source is partition") }
            if let address = optionalNumber("boot.dtb_addr") {
                dtb = .partition(address: address)
            } else {
                missing("boot.dtb_addr", because: "boot.dtb_source is partition")
                dtb = .partition(address: 0)
            }
        }
        let command = settings["boot.command"].map { _ in ResolvedProfile.BootCommand(rawValue: text("boot.command"))! }
            ?? (image == .uImage ? .bootm : .bootz)
        let boot = ResolvedProfile.Boot(
            flavour: ResolvedProfile.Flavour(rawValue: text("boot.flavour"))!,
            formats: strings("boot.formats").map { ResolvedProfile.ScriptFormat(rawValue: $0)! },
            interface: text("boot.interface"), device: text("boot.device"), mount: text("boot.mount"),
            kernelAddress: number("boot.kernel_addr"), initrdAddress: generator == .none ? nil : initrdAddress,
            dtb: dtb, dtbMax: number("boot.dtb_max"), command: command, console: text("boot.console"),
            root: text("boot.root"), rootIsExplicit: settings["boot.root"].map { $0.origin != .defaultValue } ?? false, rootMode: text("boot.root_mode"), extraBootargs: strings("boot.bootargs"),
            consoles: strings("boot.consoles"), ethernetMAC: text("boot.ethernet_mac"), ethernetDriver: text("boot.ethernet_driver"),
            kernelFile: text("boot.kernel_file"), initrdFile: text("boot.initrd_file"), dtbFile: text("boot.dtb_file"),
            partitionOffset: number("boot.partition_offset"))
        if boot.partitionOffset < 512 || boot.partitionOffset % 512 != 0 {
            diagnostics.append(locator.diagnostic(
                "boot.partition_offset",
                "'boot.partition_offset' must be a whole number of 512-byte sectors after the MBR (at least 512), got \(boot.partitionOffset)"))
        }
        let qemu = optionalText("qemu.machine").map {
            ResolvedProfile.QEMU(machine: $0, ram: number("qemu.ram"), firmware: text("qemu.firmware"), marker: text("qemu.marker"),
                                 timeoutSeconds: Int(clamping: number("qemu.timeout")))
        }
        guard diagnostics.isEmpty else { return nil }
        return ResolvedProfile(
            name: text("profile.name"), description: text("profile.description"), layers: layers, settings: settings,
            board: board, kernel: kernel,
            modules: ResolvedProfile.Modules(strip: flag("modules.strip")),
            initramfs: initramfs, boot: boot, qemu: qemu,
            rootfs: ResolvedProfile.Rootfs(
                distribution: text("rootfs.distribution"), suite: text("rootfs.suite"), architecture: text("rootfs.architecture"),
                mirror: text("rootfs.mirror"), variant: text("rootfs.variant"), packages: strings("rootfs.packages")))
    }

    private mutating func source() -> ResolvedProfile.Source {
        switch text("kernel.source.kind") {
        case "git":
            let url = optionalText("kernel.source.url"), ref = optionalText("kernel.source.ref")
            if url == nil { missing("kernel.source.url", because: "kernel.source.kind is git") }
            if ref == nil { missing("kernel.source.ref", because: "kernel.source.kind is git") }
            return .git(url: url ?? "", ref: ref ?? "")
        case "tarball":
            guard let path = optionalText("kernel.source.tarball") else {
                missing("kernel.source.tarball", because: "kernel.source.kind is tarball")
                return .tarball(path: "")
            }
            return .tarball(path: path)
        default:
            guard let path = optionalText("kernel.source.path") else {
                missing("kernel.source.path", because: "kernel.source.kind is local")
                return .local(path: "")
            }
            return .local(path: path)
        }
    }

    /// `key` is needed because of `reason` (which names the key behind it): points at `key` when a layer set
    /// it (to an empty list), else at the key behind the reason, else at the table `key` belongs in.
    private mutating func missing(_ key: String, because reason: String) {
        let origin = locator.origin(of: key, orElse: reasonKey(reason))
        let setEmpty = settings[key].map { $0.origin != .defaultValue } ?? false
        diagnostics.append(locator.diagnostic(
            key, setEmpty ? "'\(key)' is empty, but it is required because \(reason)" : "missing '\(key)': required because \(reason)", at: origin))
    }

    private func reasonKey(_ reason: String) -> String {
        reason.split(separator: " ").first { $0.contains(".") }.map(String.init) ?? ""
    }

    private func text(_ key: String) -> String {
        if case .string(let s)? = settings[key]?.value { return s }
        return ""
    }
    private func optionalText(_ key: String) -> String? {
        if case .string(let s)? = settings[key]?.value { return s }
        return nil
    }
    private func strings(_ key: String) -> [String] {
        if case .strings(let s)? = settings[key]?.value { return s }
        return []
    }
    private func number(_ key: String) -> UInt64 {
        if case .number(let n)? = settings[key]?.value { return n }
        return 0
    }
    private func optionalNumber(_ key: String) -> UInt64? {
        if case .number(let n)? = settings[key]?.value { return n }
        return nil
    }
    private func flag(_ key: String) -> Bool {
        if case .bool(let b)? = settings[key]?.value { return b }
        return false
    }
    private func regions(_ key: String) -> [MemoryRegion] {
        if case .regions(let r)? = settings[key]?.value { return r }
        return []
    }
}
