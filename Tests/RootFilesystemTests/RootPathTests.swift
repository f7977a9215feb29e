import RootFilesystem
import Testing
import TestSupport

@Suite("Paths inside a root filesystem", .tags(.pure))
struct RootPathTests {
    @Test(
        "leading slashes, dots and doubled slashes are normalised",
        arguments: ["usr/lib/modules", "/usr/lib/modules", "./usr//lib/modules/", "usr/./lib/modules"])
    func normalised(_ text: String) throws {
        let path = try RootPath(text)
        #expect(path.relative == "usr/lib/modules")
        #expect(path.absolute == "/usr/lib/modules")
    }

    @Test("'..' never climbs out of the root", arguments: ["..", "../etc", "usr/../../etc", "lib/modules/../../../root"])
    func parentIsRefused(_ text: String) {
        #expect(throws: RootFilesystemError.self) { try RootPath(text) }
    }

    @Test func rootAndParents() throws {
        #expect(try RootPath("/").isRoot)
        #expect(try RootPath("a/b/c").parent == RootPath("a/b"))
        #expect(try RootPath("a/b").isInside(RootPath("a")))
        #expect(try !RootPath("ab").isInside(RootPath("a")))
    }
}
