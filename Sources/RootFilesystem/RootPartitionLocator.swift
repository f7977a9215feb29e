import BootPartition
import Foundation

/// Finds the root filesystem of a whole-disk image the way the FAT side finds the boot partition: the one
/// MBR partition holding an ext2/3/4 filesystem, or the one named with `--root-partition N`.
public enum RootPartitionLocator {
    public struct Found: Sendable, Equatable {
        public var number: Int
        public var byteOffset: UInt64
        public var uuid: String

        public init(number: Int, byteOffset: UInt64, uuid: String) {
            self.number = number
            self.byteOffset = byteOffset
            self.uuid = uuid
        }
    }

    /// The ext partition of `imagePath`: `number` when given, else the only one. nil when the image has an
    /// MBR but no ext partition, or no MBR at all (a bare FAT image has no root filesystem).
    public static func find(imagePath: String, number: Int? = nil) throws(RootFilesystemError) -> Found? {
        let table: MBRPartitionTable
        do {
            table = try MBRPartitionTable.read(imagePath: imagePath)
        } catch {
            if number != nil { throw .unusable("\(imagePath): --root-partition needs a whole-disk image with an MBR (\(error))") }
            return nil
        }
        var ext: [Found] = []
        for entry in table.entries {
            guard let superblock = try? Ext4Superblock.read(path: imagePath, offset: entry.byteOffset) else { continue }
            ext.append(Found(number: entry.number, byteOffset: entry.byteOffset, uuid: superblock.uuid))
        }
        if let number {
            guard table.entries.contains(where: { $0.number == number }) else {
                let present = table.entries.map { String($0.number) }.joined(separator: ", ")
                throw .unusable("\(imagePath) has no partition \(number) (partitions present: \(present.isEmpty ? "none" : present))")
            }
            guard let found = ext.first(where: { $0.number == number }) else {
                throw .unusable("\(imagePath) partition \(number) holds no ext2/3/4 filesystem")
            }
            return found
        }
        if ext.count > 1 {
            throw .unusable(
                "\(imagePath) has \(ext.count) ext partitions (\(ext.map { String($0.number) }.joined(separator: ", "))): choose the root with --root-partition N"
            )
        }
        return ext.first
    }
}
