/// The compression byte of a legacy image header (`IH_COMP_*` in u-boot's include/image.h).
public enum ImageCompression: UInt8, CaseIterable, Sendable {
    case none = 0, gzip, bzip2, lzma, lzo, lz4, zstd

    /// The name `mkimage -l` prints for `code` ("Unknown Compression" otherwise).
    public static func displayName(_ code: UInt8) -> String {
        guard let known = ImageCompression(rawValue: code) else { return "Unknown Compression" }
        return known == .none ? "uncompressed" : "\(known) compressed"
    }
}
