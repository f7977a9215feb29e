import Crypto
import Foundation

/// Lower-case hex SHA-256, the form the manifest records.
enum SHA256Digest {
    static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
