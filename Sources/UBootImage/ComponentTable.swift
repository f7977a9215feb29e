import Foundation

/// The size table at the start of a multi-file or script image's data: big-endian 32-bit sizes ended by a
/// zero word, followed by the components, each but the last padded to a multiple of 4 bytes.
struct ComponentTable {
    let sizes: [Int]

    /// Where the first component starts, counted from the start of the data.
    var firstComponentOffset: Int { (sizes.count + 1) * 4 }

    init(_ data: Data) throws(ImageProblem) {
        let bytes = [UInt8](data)
        var sizes: [Int] = []
        var offset = 0
        while true {
            guard offset + 4 <= bytes.count else {
                throw .sizeTable("no terminating zero word in the first \(bytes.count) data bytes")
            }
            let size = Int(bytes.bigEndianWord(at: offset))
            offset += 4
            if size == 0 { break }
            sizes.append(size)
        }
        var needed = offset
        for (index, size) in sizes.enumerated() {
            needed += index == sizes.count - 1 ? size : (size + 3) & ~3
        }
        guard needed <= bytes.count else {
            throw .sizeTable("\(sizes.count) component(s) need \(needed) data bytes, the image has \(bytes.count)")
        }
        self.sizes = sizes
    }

    /// The components themselves, sliced out of `data`.
    func components(of data: Data) -> [Data] {
        var offset = data.startIndex + firstComponentOffset
        var result: [Data] = []
        for size in sizes {
            result.append(Data(data[offset..<offset + size]))
            offset += (size + 3) & ~3
        }
        return result
    }
}
