import Foundation
import Testing
import TestSupport

@testable import OdroidCLI

/// `--profile <TAB>` asks the program for names; a data directory the user names is the only one looked in.
@Suite("Profile names for shell completion", .tags(.pure))
struct ProfileCompletionTests {
    @Test("after --profile the shell is offered the names profiles list shows, from the --data-dir named on the line")
    func profileCompletion() throws {
        let names = ProfileRequest.completionNames(words: ["odroid-build", "build", "--data-dir", Repository.root, "--profile", ""])
        #expect(names.contains("odroidxu") && names.contains("qemu-virt"))
        // A --data-dir without profiles is not silently replaced by the shipped data (nor for the command itself).
        #expect(ProfileRequest.completionNames(words: ["odroid-build", "--data-dir", "/nonexistent-odroid-data", "--profile"]).isEmpty)
        #expect(throws: CLIError.self) { try DataDirectory.find(explicit: "/nonexistent-odroid-data") }
    }
}
