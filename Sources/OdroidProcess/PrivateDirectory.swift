import CommandValues
import Foundation

/// A directory only this process uses (mode 0700, made by mkdtemp), whose path holds only characters no
/// tool reinterprets (`PlainWord.isPlain`): where files made for a tool go (mkimage's input and output,
/// staging copies for mcopy), so neither TMPDIR nor the user's output path ever reaches the tool's
/// command line. Removed with everything in it when released (or at `remove()`).
public final class PrivateDirectory: @unchecked Sendable {
    public let path: String
    private let lock = NSLock()
    private var removed = false

    /// Makes the directory under `base` when that is a plain path, else under /tmp.
    public init(base: String? = nil, purpose: String = "tool") throws(ToolPathError) {
        let environmentBase = ProcessInfo.processInfo.environment["TMPDIR"].map {
            $0.hasSuffix("/") && $0.count > 1 ? String($0.dropLast()) : $0
        }
        let candidates = [base, environmentBase, "/tmp"].compactMap { $0 }.filter { PlainWord.isPlain($0) && $0.hasPrefix("/") }
        let plainPurpose = PlainWord.isPlain(purpose) && !purpose.contains("/") ? purpose : "tool"
        for parent in candidates {
            var template = Array("\(parent)/odroid-build-\(plainPurpose)-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            if made != nil {
                path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return
            }
        }
        throw .cannotOpen(path: (candidates.last ?? "/tmp") + "/odroid-build-\(plainPurpose)-XXXXXX", errno: errno)
    }

    deinit { remove() }

    /// A path for `name` (a plain file name chosen by the caller) inside the directory.
    public func file(_ name: String) -> String {
        precondition(PlainWord.isPlain(name) && !name.contains("/"), "private file names are chosen by the caller and plain")
        return "\(path)/\(name)"
    }

    /// Deletes the directory and everything in it.
    public func remove() {
        lock.withLock {
            guard !removed else { return }
            removed = true
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
