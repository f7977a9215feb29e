import CBlockDevice
import SHA256Hashing
import Foundation

/// Writes an image to a block device (or a regular file): discard the target range first where the device
/// supports it (else zero-out, else nothing), write in large aligned blocks, flush, then read everything back
/// and compare SHA-256s.
public struct ImageFlasher: Sendable {
    public enum EraseMode: Sendable { case discard, secureErase }

    public enum Preparation: Sendable, Equatable, CustomStringConvertible {
        case discarded(requests: Int, bytes: UInt64)
        case securelyErased(requests: Int, bytes: UInt64)
        case zeroedOut(bytes: UInt64, because: String)
        case none(because: String)

        public var description: String {
            switch self {
            case .discarded(let n, let b): return "discarded \(b) bytes in \(n) request\(n == 1 ? "" : "s")"
            case .securelyErased(let n, let b): return "securely erased \(b) bytes in \(n) request\(n == 1 ? "" : "s")"
            case .zeroedOut(let b, let why): return "zeroed \(b) bytes (\(why))"
            case .none(let why): return "no discard (\(why))"
            }
        }
    }

    public struct Progress: Sendable {
        public enum Phase: String, Sendable { case writing, verifying }
        public var phase: Phase
        public var done: UInt64
        public var total: UInt64
        public var seconds: Double
    }

    public struct Report: Sendable {
        public var preparation: Preparation
        public var bytes: UInt64
        public var writeSeconds: Double
        public var verifySeconds: Double
        public var sha256: String
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case cannotOpen(String, Int32)
        case ioError(String, Int32)
        case notSectorSized(UInt64)
        case secureEraseUnsupported(String)
        case verifyMismatch(expected: String, found: String)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let err): return "cannot open \(path): \(String(cString: strerror(err)))"
            case .ioError(let what, let err): return "\(what): \(String(cString: strerror(err)))"
            case .notSectorSized(let size): return "the image is \(size) bytes, not a multiple of 512: not a disk image?"
            case .secureEraseUnsupported(let path):
                return "\(path) does not support secure erase (BLKSECDISCARD: operation not supported); nothing was written"
            case .verifyMismatch(let expected, let found):
                return "read-back SHA-256 \(found) differs from the image's \(expected): the card may be failing"
            }
        }
    }

    public var blockSize: Int
    public var progress: @Sendable (Progress) -> Void

    public init(blockSize: Int = 4 << 20, progress: @escaping @Sendable (Progress) -> Void = { _ in }) {
        self.blockSize = blockSize
        self.progress = progress
    }

    public func flash(image: String, to target: String, limits: DiscardLimits?, erase: EraseMode = .discard) throws -> Report {
        let imageFD = open(image, O_RDONLY | O_CLOEXEC)
        guard imageFD >= 0 else { throw Failure.cannotOpen(image, errno) }
        defer { close(imageFD) }
        var imageInfo = stat()
        fstat(imageFD, &imageInfo)
        let size = UInt64(imageInfo.st_size)
        guard size % 512 == 0 else { throw Failure.notSectorSized(size) }

        var targetInfo = stat()
        let isBlock = stat(target, &targetInfo) == 0 && (targetInfo.st_mode & S_IFMT) == S_IFBLK
        // Never O_CREAT: a target that does not exist is a typo, and must not become a regular file (under /dev).
        let flags = O_WRONLY | O_CLOEXEC | (isBlock ? odroid_o_direct() | O_EXCL : 0)
        let fd = open(target, flags)
        guard fd >= 0 else { throw Failure.cannotOpen(target, errno) }
        defer { close(fd) }

        let preparation = try prepare(fd: fd, target: target, isBlock: isBlock, size: size, limits: limits, erase: erase)
        let (digest, writeSeconds) = try write(from: imageFD, to: fd, size: size)
        guard fsync(fd) == 0 else { throw Failure.ioError("flushing \(target)", errno) }
        if isBlock { _ = odroid_blk_flush_buffers(fd) }
        let (readBack, verifySeconds) = try readBackDigest(target, size: size, direct: isBlock)
        guard readBack == digest else { throw Failure.verifyMismatch(expected: digest, found: readBack) }
        return Report(preparation: preparation, bytes: size, writeSeconds: writeSeconds, verifySeconds: verifySeconds, sha256: digest)
    }

    private func prepare(fd: Int32, target: String, isBlock: Bool, size: UInt64, limits: DiscardLimits?, erase: EraseMode) throws
        -> Preparation
    {
        guard isBlock else { return .none(because: "\(target) is a regular file: the ioctls do not apply") }
        let limits = limits ?? DiscardLimits(maxBytes: 0, granularity: 0, alignment: 0)
        let chunks = DiscardPlan.chunks(
            offset: 0, length: size, limits: limits.supported ? limits : DiscardLimits(maxBytes: size, granularity: 512, alignment: 0))
        if erase == .secureErase {
            for chunk in chunks {
                let rc = odroid_blk_secdiscard(fd, chunk.offset, chunk.length)
                if rc == -EOPNOTSUPP { throw Failure.secureEraseUnsupported(target) }
                if rc != 0 { throw Failure.ioError("secure erase of \(target)", -rc) }
            }
            return .securelyErased(requests: chunks.count, bytes: size)
        }
        if limits.supported {
            var failed: Int32 = 0
            for chunk in chunks {
                let rc = odroid_blk_discard(fd, chunk.offset, chunk.length)
                if rc != 0 { failed = -rc; break }
            }
            if failed == 0 { return .discarded(requests: chunks.count, bytes: size) }
            let rc = odroid_blk_zeroout(fd, 0, size)
            if rc == 0 { return .zeroedOut(bytes: size, because: "BLKDISCARD failed: \(String(cString: strerror(failed)))") }
            return .none(because: "BLKDISCARD and BLKZEROOUT failed")
        }
        return .none(because: "the device does not support discard (discard_max_bytes is 0); the image is written over the old data")
    }

    private func write(from source: Int32, to fd: Int32, size: UInt64) throws -> (String, Double) {
        var buffer: UnsafeMutableRawPointer?
        guard posix_memalign(&buffer, 4096, blockSize) == 0, let buffer else {
            throw Failure.ioError("allocating the write buffer", ENOMEM)
        }
        defer { free(buffer) }
        var hasher = SHA256()
        let start = DispatchTime.now().uptimeNanoseconds
        var done: UInt64 = 0
        while done < size {
            let want = Int(min(UInt64(blockSize), size - done))
            var filled = 0
            while filled < want {
                let n = read(source, buffer + filled, want - filled)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw Failure.ioError("reading the image", n < 0 ? errno : EIO) }
                filled += n
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: want))
            var written = 0
            while written < want {
                let n = pwrite(fd, buffer + written, want - written, off_t(done) + off_t(written))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw Failure.ioError("writing at byte \(done + UInt64(written))", n < 0 ? errno : EIO) }
                written += n
            }
            done += UInt64(want)
            progress(Progress(phase: .writing, done: done, total: size, seconds: Self.seconds(since: start)))
        }
        return (hasher.finalize().hex, Self.seconds(since: start))
    }

    private func readBackDigest(_ target: String, size: UInt64, direct: Bool) throws -> (String, Double) {
        let fd = open(target, O_RDONLY | O_CLOEXEC | (direct ? odroid_o_direct() : 0))
        guard fd >= 0 else { throw Failure.cannotOpen(target, errno) }
        defer { close(fd) }
        if !direct { _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) }
        var buffer: UnsafeMutableRawPointer?
        guard posix_memalign(&buffer, 4096, blockSize) == 0, let buffer else { throw Failure.ioError("allocating the read buffer", ENOMEM) }
        defer { free(buffer) }
        var hasher = SHA256()
        let start = DispatchTime.now().uptimeNanoseconds
        var done: UInt64 = 0
        while done < size {
            let want = Int(min(UInt64(blockSize), size - done))
            let n = pread(fd, buffer, want, off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure.ioError("reading back at byte \(done)", n < 0 ? errno : EIO) }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: n))
            done += UInt64(n)
            progress(Progress(phase: .verifying, done: done, total: size, seconds: Self.seconds(since: start)))
        }
        return (hasher.finalize().hex, Self.seconds(since: start))
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
