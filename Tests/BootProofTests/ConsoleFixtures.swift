import BootProof
import Foundation
import TestSupport

/// Host-timed console logs recorded from real boots on this project's QEMU set-up (re-record with
/// `ODROID_RECORD_FIXTURES=1 ODROID_SLOW_TESTS=1 swift test --filter BootProofBootTests`).
enum ConsoleFixtures {
    static let directory = Repository.root + "/Tests/BootProofTests/Fixtures"
    static let marker = "ODROID-BUILD-PROOF-OK"

    static func lines(_ name: String) throws -> [ConsoleLine] {
        ConsoleLine.parseTimed(try String(contentsOfFile: "\(directory)/\(name).console.tsv", encoding: .utf8))
    }
}
