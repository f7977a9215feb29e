import BootTrace
import Foundation
import TestSupport

/// The fixture trace in Fixtures/tiny: a readable list of records, encoded here into the plugin's binary files.
enum TinyTrace {
    static let directory = Repository.root + "/Tests/BootTraceTests/Fixtures/tiny"

    static func symbols() throws -> KernelSymbols {
        KernelSymbols.systemMap(try String(contentsOfFile: directory + "/System.map", encoding: .utf8))
    }

    /// (blocks.bin bytes, exec.bin words) of the fixture.
    static func encoded() throws -> (blocks: [UInt8], words: [UInt32]) {
        var blocks: [UInt8] = []
        var words: [UInt32] = []
        func bytes(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        for line in try String(contentsOfFile: directory + "/trace.txt", encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#")
        {
            let fields = line.split(separator: " ").map(String.init)
            let numbers = fields.dropFirst().map {
                UInt64($0.hasPrefix("0x") ? String($0.dropFirst(2)) : $0, radix: $0.hasPrefix("0x") ? 16 : 10)!
            }
            switch fields[0] {
            case "block": blocks += bytes(UInt32(numbers[1])) + bytes(UInt32(numbers[2]))
            case "skipped":
                words += [TraceFormat.skippedWord, UInt32(truncatingIfNeeded: numbers[0]), UInt32(numbers[0] >> 32)]
                words += [UInt32(truncatingIfNeeded: numbers[1]), UInt32(numbers[1] >> 32)]
            case "time": words += [TraceFormat.timeWord, UInt32(truncatingIfNeeded: numbers[0]), UInt32(numbers[0] >> 32)]
            case "run": words.append(UInt32(numbers[0]))
            default: fatalError("unknown fixture record \(line)")
            }
        }
        return (blocks, words)
    }

    static func analysed() throws -> (table: FunctionTable, pass: TracePass) {
        let (blocks, words) = try encoded()
        let table = FunctionTable(blocks: TranslatedBlock.table(blocks), symbols: try symbols())
        let pass = words.withUnsafeBufferPointer { TraceAnalyser(table: table).run($0) }
        return (table, pass)
    }
}
