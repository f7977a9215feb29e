import Foundation
import OdroidCore

/// What `card inspect` says about a card: its bootloader area, and with a profile, where the profile and the
/// u-boot on the card disagree (flavour, and for mainline the addresses and names of its default environment).
public struct CardReport: Sendable {
    public var area: CardBootArea
    public var findings: [(severity: String, message: String)] = []

    public init(area: CardBootArea, profile: ResolvedProfile?) {
        self.area = area
        guard let profile else { return }
        guard let uBoot = area.uBoot, let flavour = uBoot.flavour else {
            findings.append(
                (
                    "warning",
                    "no u-boot found at sector 63: the card needs its bootloader blobs written before it boots (Hardkernel's sd_fusing.sh)"
                ))
            return
        }
        if flavour != profile.boot.flavour.rawValue {
            findings.append(
                (
                    "warning",
                    "the card's u-boot is \(flavour) (\(uBoot.version?.version ?? "?")), profile \(profile.name) says \(profile.boot.flavour.rawValue): "
                        + "set boot.flavour = \"\(flavour)\""
                        + (flavour == "mainline" && profile.boot.formats.first == .ini
                            ? " and boot.formats = [\"scr\", ...]: mainline u-boot never reads boot.ini" : "")
                ))
        }
        guard flavour == "mainline" else { return }
        let env = uBoot.environment
        func compare(_ name: String, _ value: UInt64?, key: ProfileKey) {
            guard let value, let text = env[name], let number = UInt64(text.hasPrefix("0x") ? String(text.dropFirst(2)) : text, radix: 16),
                number != value
            else { return }
            findings.append(
                (
                    "warning",
                    "u-boot's \(name) is \(text), the profile's \(key) is 0x\(String(value, radix: 16)) (a script using \(name) loads elsewhere)"
                ))
        }
        compare("kernel_addr_r", profile.boot.kernelAddress, key: .bootKernelAddr)
        compare("ramdisk_addr_r", profile.boot.initrdAddress, key: .bootInitrdAddr)
        if case .partition(let address) = profile.boot.dtb { compare("fdt_addr_r", address, key: .bootDtbAddr) }
        if let fdtfile = env["fdtfile"], let dtb = profile.kernel.dtbs.first.map({ String($0.split(separator: "/").last ?? "") }),
            fdtfile != dtb
        {
            findings.append(("warning", "u-boot's fdtfile is \(fdtfile), the profile installs \(dtb)"))
        }
        if let console = env["console"], !console.hasSuffix(profile.boot.console) {
            findings.append(("warning", "u-boot's console is \(console), the profile's boot.console is \(profile.boot.console)"))
        }
    }

    public var text: String {
        var lines: [String] = []
        lines.append("first partition: " + (area.firstPartitionSector.map { "sector \($0) (byte \($0 * 512))" } ?? "none (no MBR)"))
        lines.append("bl1 (sector 1): \(area.hasBL1 ? "present" : "empty"), bl2 (sector 31): \(area.hasBL2 ? "present" : "empty")")
        lines.append(
            "layout: "
                + (area.layout.map { "\($0.name): TrustZone at sector \($0.trustZone), environment at \($0.environment)" }
                    ?? "no TrustZone blob at sector 719, 1503 or 2111"))
        if let uBoot = area.uBoot, let version = uBoot.version {
            lines.append(
                "u-boot: \(version.version), built \(version.date) \(version.time)\(version.ident.isEmpty ? "" : " \(version.ident)")")
            lines.append("boot.ini parser: " + (uBoot.flavour.map { Self.describe($0) } ?? "unknown"))
            if !uBoot.environment.isEmpty {
                lines.append("default environment:")
                for name in [
                    "bootcmd", "kernel_addr_r", "ramdisk_addr_r", "fdt_addr_r", "scriptaddr", "fdtfile", "console", "boot_targets",
                    "bootdelay",
                ] {
                    if let value = uBoot.environment[name] { lines.append("  \(name)=\(value)") }
                }
            }
        } else {
            lines.append("u-boot: none found at sector 63")
        }
        for finding in findings { lines.append("\(finding.severity): \(finding.message)") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ flavour: String) -> String {
        switch flavour {
        case "hardkernel-2012": return "hardkernel-2012 (u-boot 2012.07 cfgload: boot.ini line by line)"
        case "hardkernel-2017-lines": return "hardkernel-2017-lines (2017.05 before 2020-05-19: boot.ini line by line)"
        case "hardkernel-2017": return "hardkernel-2017 (2017.05 from 2020-05-19: boot.ini as one script)"
        default: return "mainline (no cfgload: boot.scr and extlinux.conf only, never boot.ini)"
        }
    }
}
