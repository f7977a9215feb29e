import CLibcrypto
import Foundation

/// SHA-256 through the system's libcrypto (OpenSSL's EVP interface, with its assembly paths): the digest of the
/// boot-partition manifest, of flash read-back and of step fingerprints. A value: a copy hashes on independently.
public struct SHA256 {
    /// 32 bytes; `hex` is the lower-case form the manifest and fingerprints record.
    public struct Digest: Sequence, Equatable, Sendable, CustomStringConvertible {
        public let bytes: [UInt8]

        public func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }

        public var hex: String {
            let digits = Array("0123456789abcdef".utf8)
            var text = [UInt8]()
            text.reserveCapacity(bytes.count * 2)
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
            return String(decoding: text, as: UTF8.self)
        }

        public var description: String { hex }
    }

    /// libcrypto's context; copied before a shared one is changed, so `SHA256` keeps value semantics.
    private final class Context {
        let pointer: OpaquePointer

        init() {
            guard let pointer = EVP_MD_CTX_new(), EVP_DigestInit_ex(pointer, EVP_sha256(), nil) == 1 else {
                fatalError("libcrypto cannot start a SHA-256 digest")
            }
            self.pointer = pointer
        }

        init(copying other: Context) {
            guard let pointer = EVP_MD_CTX_new(), EVP_MD_CTX_copy_ex(pointer, other.pointer) == 1 else {
                fatalError("libcrypto cannot copy a SHA-256 digest")
            }
            self.pointer = pointer
        }

        deinit { EVP_MD_CTX_free(pointer) }
    }

    private var context = Context()

    public init() {}

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        guard let base = bufferPointer.baseAddress, !bufferPointer.isEmpty else { return }
        if !isKnownUniquelyReferenced(&context) { context = Context(copying: context) }
        guard EVP_DigestUpdate(context.pointer, base, bufferPointer.count) == 1 else { fatalError("libcrypto: SHA-256 update failed") }
    }

    public mutating func update<D: DataProtocol>(data: D) {
        for region in data.regions { region.withUnsafeBytes { update(bufferPointer: $0) } }
    }

    /// The digest of everything so far; the hasher itself stays usable.
    public func finalize() -> Digest {
        let done = Context(copying: context)
        var bytes = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(done.pointer, &bytes, &length) == 1, length == 32 else { fatalError("libcrypto: SHA-256 final failed") }
        return Digest(bytes: bytes)
    }

    public static func hash<D: DataProtocol>(data: D) -> Digest {
        var hasher = SHA256()
        hasher.update(data: data)
        return hasher.finalize()
    }
}
