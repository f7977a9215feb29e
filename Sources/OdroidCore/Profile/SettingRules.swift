/// Reads a value for one key: its type's checks (`SettingReader`), then the rules its spec adds. A required
/// text or list may not be empty (with `compatible = []` every board's dtb would pass `dtb check`; with
/// `formats = []` there is no boot script), and an address lies on the boundary the key needs. Both ways a
/// value arrives, a file and `--set`, come through here.
extension SettingReader {
    static func read(_ node: TOMLValue, for spec: SettingSpec) throws(SettingReadError) -> SettingValue {
        try following(spec, try read(node, as: spec.type))
    }

    static func read(text: String, for spec: SettingSpec) throws(SettingReadError) -> SettingValue {
        try following(spec, try read(text: text, as: spec.type))
    }

    private static func following(_ spec: SettingSpec, _ value: SettingValue) throws(SettingReadError) -> SettingValue {
        switch value {
        case .string(let s) where spec.required && s.isEmpty:
            throw .message("must not be empty: \(spec.help)")
        case .strings(let list) where spec.required && list.isEmpty:
            throw .message("must list at least one value: \(spec.help)")
        case .number(let n) where spec.alignment > 1 && n % spec.alignment != 0:
            throw .message(
                "\(Hex.address(n)) is not \(spec.alignment)-byte aligned, as u-boot and the kernel need here (\(Hex.address(n / spec.alignment * spec.alignment)) would be)"
            )
        default:
            return value
        }
    }
}
