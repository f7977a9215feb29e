import CommandValues
import Foundation
import OdroidProcess
import SHA256Hashing
import Testing
import TestSupport

/// SHA-256 over libcrypto: the published test vectors (FIPS 180-2), chunking, value semantics, and agreement with
/// coreutils' sha256sum on data it has never seen.
@Suite("SHA-256", .tags(.pure))
struct SHA256Tests {
    @Test(
        "FIPS 180-2 vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func vectors(text: String, expected: String) {
        #expect(SHA256.hash(data: Data(text.utf8)).hex == expected)
        #expect(SHA256.hash(data: Data(text.utf8)).bytes.count == 32)
    }

    @Test("a million a's, fed in uneven pieces, equal the one-shot digest and the published one")
    func millionAs() {
        let data = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        var hasher = SHA256()
        var offset = 0
        var piece = 1
        while offset < data.count {
            let end = min(data.count, offset + piece)
            hasher.update(data: data[offset..<end])
            offset = end
            piece = piece * 3 + 1
        }
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256.hash(data: data) == hasher.finalize())
    }

    @Test("a copy hashes on independently; finalize leaves the hasher usable")
    func valueSemantics() {
        var first = SHA256()
        first.update(data: Data("ab".utf8))
        var second = first
        second.update(data: Data("c".utf8))
        #expect(second.finalize().hex == SHA256.hash(data: Data("abc".utf8)).hex)
        #expect(first.finalize().hex == SHA256.hash(data: Data("ab".utf8)).hex)
        first.update(data: Data("c".utf8))
        #expect(first.finalize() == second.finalize())
    }

    @Test("random data agrees with sha256sum", .tags(.realProcess))
    func agreesWithCoreutils() throws {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<(3 << 20) + 17).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(UUID().uuidString)").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try SpawnRunner().run(Command(["sha256sum", path]))
        let expected = try #require(result.stdoutText.split(separator: " ").first.map(String.init))
        #expect(SHA256.hash(data: data).hex == expected)
    }
}
