import SHA256Hashing
import Foundation

/// Lower-case hex SHA-256, the form the manifest records.
enum SHA256Digest {
    static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).hex
    }
}
