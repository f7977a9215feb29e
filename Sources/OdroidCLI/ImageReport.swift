import Foundation
import UBootImage

/// The text of `image inspect`: mkimage's listing, then the two checksums with a verdict each.
enum ImageReport {
    static func lines(for image: LegacyImage, showScript: Bool) -> [String] {
        let header = image.header
        var lines = ImageListing.lines(for: image)
        lines.append(
            "Header CRC:   \(hex(header.headerCRC)) "
                + (header.headerCRCIsValid ? "(correct)" : "(WRONG: computed \(hex(header.computedHeaderCRC)))"))
        let dataVerdict: String
        if image.data.count < Int(header.dataSize) {
            dataVerdict = "(not checked: \(Int(header.dataSize) - image.data.count) data bytes missing)"
        } else if image.computedDataCRC == header.dataCRC {
            dataVerdict = "(correct)"
        } else {
            dataVerdict = "(WRONG: computed \(hex(image.computedDataCRC)))"
        }
        lines.append("Data CRC:     \(hex(header.dataCRC)) \(dataVerdict)")
        if image.trailingByteCount > 0 {
            lines.append("Trailing:     \(image.trailingByteCount) bytes after the data (ignored by u-boot)")
        }
        if showScript, header.type == .script, let text = try? image.scriptText() {
            lines.append("Script:")
            var scriptLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if scriptLines.last == "" { scriptLines.removeLast() }
            lines.append(contentsOf: scriptLines.map { "   \($0)" })
        }
        return lines
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
