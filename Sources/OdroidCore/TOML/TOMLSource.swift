/// The text of a TOML file from its bytes. Profiles are UTF-8; a file that is not (Latin-1, UTF-16, a
/// binary) is reported where its first bad byte is, rather than read as if the file were missing.
enum TOMLSource {
    static func text(of bytes: some Collection<UInt8>) throws(TOMLError) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, lineStart = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") { line += 1; lineStart = offset + 1 }
                offset += encoded.count
            case .error(let length):
                let bad = bytes.dropFirst(offset).prefix(min(length, 4)).map { "0x" + String($0, radix: 16, uppercase: true) }
                throw TOMLError(
                    line: line, column: offset - lineStart + 1,
                    message: "the file is not UTF-8 text (byte \(bad.joined(separator: " ")) at byte offset \(offset)); save it as UTF-8")
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}
