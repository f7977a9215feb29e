import Foundation

/// The text `mkimage -l FILE` prints for a legacy image (u-boot's `image_print_contents`), reproduced so
/// `odroid-build image inspect` reads the same as the tool users already know.
public enum ImageListing {
    /// The listing lines for `image`. `timeZone` decides the "Created:" line (mkimage uses local time).
    /// One deliberate difference: mkimage prints an in-memory pointer as "Offset" for the later components of
    /// a multi-file script; that number means nothing outside mkimage, so it is left out.
    public static func lines(for image: LegacyImage, timeZone: TimeZone = .current) -> [String] {
        let header = image.header
        var lines = [
            "Image Name:   \(header.name)",
            "Created:      \(ctimeString(header.timestamp, timeZone: timeZone))",
            "Image Type:   \(ImageArchitecture.displayName(header.architectureCode)) \(ImageOS.displayName(header.osCode)) "
                + "\(ImageType.displayName(header.typeCode)) (\(ImageCompression.displayName(header.compressionCode)))",
            "Data Size:    \(sizeText(Int(header.dataSize)))",
            "Load Address: \(hex8(header.loadAddress))",
            "Entry Point:  \(hex8(header.entryPoint))",
        ]
        if header.type?.hasSizeTable == true, let table = try? ComponentTable(image.data) {
            lines.append("Contents:")
            for (index, size) in table.sizes.enumerated() {
                lines.append("   Image \(index): \(sizeText(size))")
            }
        }
        return lines
    }

    /// "N Bytes = x.xx KiB = y.yy MiB", u-boot's `genimg_print_size`.
    public static func sizeText(_ size: Int) -> String {
        "\(size) Bytes = \(String(format: "%.2f", Double(size) / 1024)) KiB = \(String(format: "%.2f", Double(size) / 1_048_576)) MiB"
    }

    /// `ctime(3)` layout without the newline: "Thu Nov  6 16:36:25 2026".
    public static func ctimeString(_ timestamp: UInt32, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = Date(timeIntervalSince1970: TimeInterval(timestamp))
        let parts = calendar.dateComponents([.weekday, .month, .day, .hour, .minute, .second, .year], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let clock = String(format: "%2d %02d:%02d:%02d %d", parts.day!, parts.hour!, parts.minute!, parts.second!, parts.year!)
        return "\(weekdays[parts.weekday! - 1]) \(months[parts.month! - 1]) \(clock)"
    }

    private static func hex8(_ value: UInt32) -> String { String(hex(value).dropFirst(2)) }
}
