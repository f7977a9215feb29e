import OdroidCore

/// What the tool understood from a profile: a one-line summary for stderr, and the full listing of
/// `profiles show` with the file and line every value came from.
struct ProfileSummary {
    var profile: ResolvedProfile

    func brief() -> String {
        let p = profile
        let formats = p.boot.formats.map(\.rawValue).joined(separator: ", ")
        return
            "odroid-build: profile \(p.name): \(p.board.soc), \(p.kernel.image.rawValue) at LOADADDR \(Hex.address(p.kernel.loadAddress)), "
            + "u-boot \(p.boot.flavour.rawValue) (\(formats)), \(p.boot.command.rawValue); from " + p.layers.joined(separator: " < ")
    }

    func full() -> String {
        var out = "# profile \(profile.name): \(profile.description)\n"
        out += "# layers, lowest precedence first: " + profile.layers.joined(separator: " < ") + "\n"
        for spec in ProfileSchema.specs {
            guard let setting = profile.settings[spec.key] else { continue }
            let value = render(setting.value, type: spec.type)
            out += "\(spec.key) = \(value)".padding(toLength: 58) + "  # \(setting.origin)\n"
        }
        return out
    }

    private func render(_ value: SettingValue, type: SettingType) -> String {
        switch value {
        case .string(let s): return "\"\(s)\""
        case .strings(let list): return "[" + list.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .number(let n):
            switch type {
            case .address: return Hex.address(n)
            case .size: return "\(n) (\(Hex.size(n)))"
            default: return "\(n)"
            }
        case .bool(let b): return b ? "true" : "false"
        case .regions(let regions):
            return "["
                + regions.map { "{ name = \"\($0.name)\", start = \(Hex.address($0.start)), size = \(Hex.address($0.size)) }" }.joined(
                    separator: ", ") + "]"
        }
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
