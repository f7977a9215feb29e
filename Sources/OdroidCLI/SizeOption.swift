import ArgumentParser
import BootPartition
import OdroidCore

/// Size options (`--image-size 64M`, `--size 1G`, `--max-size 64G`, `--ram 512M`), read by the core's one
/// number reader (`NumberText`) with checked arithmetic: a size too large for 64 bits, or outside what the
/// option can use, is a usage error (exit status 2) that names the option, never a trap.
enum SizeOption {
    /// The bytes `text` means.
    static func bytes(_ text: String, option: String) throws(ValidationError) -> UInt64 {
        switch NumberText.size(text) {
        case .success(let bytes): return bytes
        case .failure(.tooLarge): throw ValidationError("\(option) '\(Diagnostic.excerpt(text))' \(NumberText.Problem.tooLarge.reason)")
        case .failure(.notANumber):
            throw ValidationError("\(option) '\(Diagnostic.excerpt(text))' is not a size (bytes, or a number with K, M, G or T, e.g. 64M)")
        }
    }

    /// Whole MiB from `minimumMiB` to `maximumMiB`, in MiB.
    static func mebibytes(_ text: String, option: String, minimumMiB: Int, maximumMiB: Int, example: String) throws(ValidationError) -> Int
    {
        let bytes = try bytes(text, option: option)
        guard bytes % (1 << 20) == 0 else { throw ValidationError("\(option) '\(text)' must be whole MiB (e.g. \(example))") }
        let mebibytes = bytes >> 20
        guard mebibytes >= UInt64(minimumMiB), mebibytes <= UInt64(maximumMiB) else {
            throw ValidationError(
                "\(option) '\(text)' must be from \(Hex.size(UInt64(minimumMiB) << 20)) to \(Hex.size(UInt64(maximumMiB) << 20)) (e.g. \(example))"
            )
        }
        return Int(mebibytes)
    }

    /// The size of a FAT filesystem to create: whole MiB, from 2 MiB to the largest FAT32 an MBR can hold.
    static func imageMiB(_ text: String, option: String) throws(ValidationError) -> Int {
        try mebibytes(text, option: option, minimumMiB: 2, maximumMiB: FatImageLayout.maximumMiB, example: "64M, 128M, 1G")
    }
}
