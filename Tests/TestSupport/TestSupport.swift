import Foundation

/// Where the repository lives, found from this file's path, so tests can reach profiles/ and templates/.
public enum Repository {
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
}

/// Slow suites (real kernel builds, QEMU boots) run only when ODROID_SLOW_TESTS=1; the README's test command sets it.
public enum SlowTests {
    public static var enabled: Bool { ProcessInfo.processInfo.environment["ODROID_SLOW_TESTS"] == "1" }
}
