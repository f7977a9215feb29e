import Foundation
import Testing
import TestSupport

@testable import OdroidCLI

/// `--version`: a stamped release binary names its package version and commit; any other build says plainly that
/// it records no commit, rather than printing a commit it may not be.
@Suite("The version line", .tags(.pure))
struct BuildStampTests {
    @Test("a stamped build shows the package version and the commit")
    func stamped() {
        let line = BuildStamp.line(
            packageVersion: "0.1.0~git20261202.050412.57e35f3d8c11", commit: "57e35f3d8c11aa", sourceVersion: "0.1.0")
        #expect(line == "0.1.0~git20261202.050412.57e35f3d8c11 (commit 57e35f3d8c11aa)")
    }

    @Test(
        "an unstamped or half-stamped build claims no commit",
        arguments: [(String?.none, String?.none), ("0.2", nil), (nil, "abc"), ("", "abc")])
    func unstamped(version: String?, commit: String?) {
        #expect(
            BuildStamp.line(packageVersion: version, commit: commit, sourceVersion: "0.1.0")
                == "0.1.0 (commit not recorded: not built by scripts/build-release.sh)")
    }

    @Test("this test binary is not stamped (only scripts/build-release.sh links the stamp)")
    func testBuildIsUnstamped() {
        #expect(BuildStamp.commit == nil && BuildStamp.packageVersion == nil)
    }
}
