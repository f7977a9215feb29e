import Foundation

/// Semantic checks of a resolved profile: memory layout, command/image agreement, values that reach
/// u-boot scripts, file-name patterns. Each problem points at the file and line of the key behind it.
struct ProfileValidator {
    let profile: ResolvedProfile
    let locator: KeyLocator

    /// Of several keys behind one problem, the one set in the highest-precedence layer: the value the
    /// user most likely just changed (a derived profile's address rather than its base's).
    func mostRecentlySet(_ keys: [ProfileKey]) -> ProfileKey {
        func rank(_ key: ProfileKey) -> Int {
            guard let origin = profile.settings[key]?.origin, origin != .defaultValue else { return -1 }
            if origin.file.hasPrefix("--set ") { return profile.layers.count }
            return profile.layers.firstIndex(of: origin.file) ?? -1
        }
        return keys.max { rank($0) < rank($1) } ?? keys[0]
    }

    func validate() -> [Diagnostic] {
        var result: [Diagnostic] = []
        func report(_ key: ProfileKey, _ message: String, _ severity: Diagnostic.Severity = .error) {
            result.append(locator.diagnostic(key, message, severity: severity))
        }

        // Memory. Every address and size read is 32-bit (SettingReader), so these sums cannot overflow; DRAM
        // itself must also end inside the 32-bit space.
        let map = MemoryMap(profile: profile)
        if let problem = AddressSpace.problem(with: map.dram) {
            report(mostRecentlySet([.boardDramBase, .boardDramSize]), "DRAM \(problem)")
        }
        for problem in map.problems() { report(mostRecentlySet(problem.keys), problem.message) }
        let load = profile.kernel.loadAddress
        if load < profile.board.dramBase || load >= profile.board.dramEnd {
            report(.kernelLoadaddr, "LOADADDR \(Hex.address(load)) is outside DRAM \(Hex.range(map.dram))")
        }

        // Image type and boot command.
        switch (profile.kernel.image, profile.boot.command) {
        case (.zImage, .bootm):
            report(.bootCommand, "bootm needs a u-boot image; a zImage boots with bootz (or set kernel.image = \"uImage\")")
        case (.uImage, .bootz):
            report(.bootCommand, "bootz boots a raw zImage; a uImage boots with bootm")
        default: break
        }
        if profile.boot.flavour == .mainline, profile.boot.formats.first == .ini {
            report(.bootFormats, "mainline u-boot's distro boot does not read boot.ini; list scr or extlinux first")
        }
        if profile.boot.flavour != .mainline, profile.boot.formats.first == .extlinux {
            report(.bootFormats, "Hardkernel u-boot \(profile.boot.flavour.rawValue) does not read extlinux.conf; list ini first")
        }
        if profile.initramfs.generator == .none, profile.settings[.bootInitrdAddr]?.origin != nil,
            profile.settings[.bootInitrdAddr]?.origin != .defaultValue, profile.boot.initrdAddress != nil
        {
            report(.bootInitrdAddr, "set although initramfs.generator is none", .warning)
        }

        // Values that reach the boot script.
        let bootargKeys: [(ProfileKey, String)] =
            [(.bootConsole, profile.boot.console), (.bootRoot, profile.boot.root)]
            + profile.boot.extraBootargs.map { (.bootBootargs, $0) } + profile.boot.consoles.map { (.bootConsoles, $0) }
        for (key, value) in bootargKeys {
            if let problem = BootValueSafety.problem(in: value) { report(key, "'\(value)' \(problem)") }
            if value.isEmpty && key != .bootBootargs { report(key, "must not be empty") }
        }
        let mac = profile.boot.ethernetMAC
        let macBytes = mac.split(separator: ":", omittingEmptySubsequences: false)
        if !mac.isEmpty && mac != ResolvedProfile.macFromCard
            && !(macBytes.count == 6 && macBytes.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) && $0.allSatisfy(\.isASCII) })
        {
            report(.bootEthernetMac, "'\(mac)' is neither a MAC address (xx:xx:xx:xx:xx:xx), \"card\", nor empty")
        }
        let driver = profile.boot.ethernetDriver
        if driver.isEmpty || !driver.allSatisfy({ ($0.isLetter && $0.isASCII && $0.isLowercase) || $0.isNumber || $0 == "_" }) {
            report(.bootEthernetDriver, "'\(driver)' is not a kernel module name (lower-case letters, digits, _)")
        }
        for (key, value): (ProfileKey, String) in [(.bootInterface, profile.boot.interface), (.bootDevice, profile.boot.device)] {
            if value.isEmpty || !value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == ":" || $0 == "." }) {
                report(key, "'\(value)' is not a u-boot interface or device (letters, digits, ':' and '.' only)")
            }
        }
        if case .firmware(let variable) = profile.boot.dtb,
            variable.isEmpty || !variable.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        {
            report(.bootFirmwareDtb, "'\(variable)' is not a u-boot variable name")
        }
        let bootargs = profile.bootargs
        if bootargs.utf8.count > BootValueSafety.maxKernelCommandLine {
            report(
                .bootBootargs,
                "the kernel command line is \(bootargs.utf8.count) bytes; Linux keeps at most \(BootValueSafety.maxKernelCommandLine)")
        }
        let setenvLine = "setenv bootargs \"\(bootargs)\""
        let buffer = BootValueSafety.commandBufferSize(profile.boot.flavour)
        if setenvLine.utf8.count >= buffer {
            report(
                .bootBootargs,
                "the line that sets bootargs is \(setenvLine.utf8.count) bytes; u-boot \(profile.boot.flavour.rawValue) reads lines shorter than \(buffer) bytes"
            )
        }

        // Names on the partition and in u-boot lines (BootFileName), then the patterns' placeholders.
        for problem in bootNameProblems() + toolArgumentProblems() { report(problem.key, problem.message) }
        for key: ProfileKey in [.bootKernelFile, .bootInitrdFile, .bootDtbFile, .initramfsFile] {
            guard case .string(let pattern)? = profile.settings[key]?.value else { continue }
            var rest = pattern
            for known in ["{version}", "{image}", "{dtb}"] { rest = rest.replacingOccurrences(of: known, with: "") }
            if rest.contains("{") || rest.contains("}") {
                report(key, "'\(pattern)' uses an unknown placeholder; known: {version}, {image}, {dtb}")
            }
            if key == .bootDtbFile, !pattern.contains("{dtb}") {
                report(key, "'\(pattern)' must contain {dtb}")
            }
        }
        if case .partition = profile.boot.dtb, profile.kernel.dtbs.count > 1 {
            report(
                .kernelDtbs,
                "lists \(profile.kernel.dtbs.count) dtbs; the boot script loads the first (\(profile.kernel.dtbs[0])), the others are installed beside it",
                .note)
        }

        // The QEMU proof board.
        if let qemu = profile.qemu, qemu.ram != profile.board.dramSize {
            report(
                .qemuRam,
                "QEMU gets \(Hex.size(qemu.ram)) but board.dram_size says \(Hex.size(profile.board.dramSize)); they must agree so the layout checks hold"
            )
        }
        return result
    }
}
