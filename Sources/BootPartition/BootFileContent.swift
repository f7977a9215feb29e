import Foundation
import OdroidCore
import UBootImage

/// What the bytes of one boot file must be for the profile's board: a kernel uImage with sound CRCs loading
/// at LOADADDR (or an ARM zImage), a uInitrd that is a sound ramdisk image, a dtb with the device-tree magic.
/// Shared by `verify` (files on the partition) and the build's check before it installs (files just built).
public enum BootFileContent {
    /// Each problem as a message without the file name; empty when the bytes are right for `role`.
    public static func problems(role: InstalledFile.Role, data: Data, profile: ResolvedProfile) -> [String] {
        switch role {
        case .kernel:
            if profile.kernel.image == .uImage || data.starts(with: [0x27, 0x05, 0x19, 0x56]) {
                return imageProblems(data, expect: .kernel(loadAddress: UInt32(truncatingIfNeeded: profile.kernel.loadAddress)))
            }
            return isZImage(data) ? [] : ["is not an ARM zImage (no magic 0x016f2818 at byte 0x24)"]
        case .initrd:
            if profile.initramfs.uimage || data.starts(with: [0x27, 0x05, 0x19, 0x56]) {
                return imageProblems(data, expect: .ramdisk())
            }
            return []
        case .dtb:
            return data.starts(with: [0xd0, 0x0d, 0xfe, 0xed]) ? [] : ["is not a device tree blob (no magic d00dfeed)"]
        case .rawInitrd, .other:
            return []
        }
    }

    static func imageProblems(_ data: Data, expect: ImageExpectation) -> [String] {
        do {
            return try LegacyImage(data).check(expect).map(\.description)
        } catch {
            return [error.description]
        }
    }

    static func isZImage(_ data: Data) -> Bool {
        let bytes = [UInt8](data.prefix(0x28))
        return bytes.count == 0x28 && bytes[0x24] == 0x18 && bytes[0x25] == 0x28 && bytes[0x26] == 0x6f && bytes[0x27] == 0x01
    }
}
