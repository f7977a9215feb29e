import Foundation

/// An exclusive `flock` on a file in a cache directory, so parallel tests or processes do not download or
/// unpack into the same place at once.
struct CacheLock {
    private let fd: Int32

    init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BootProofError("cannot open lock file \(path): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw BootProofError("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
