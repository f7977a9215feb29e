import Foundation

/// Path fingerprints computed once per state of the disk: a step that runs may change anything, so the
/// cache is emptied after each step that ran; a rerun with nothing to do walks each tree once.
final class FingerprintCache: @unchecked Sendable {
    private var memo: [String: String] = [:]
    private let excluding: Set<String>

    init(excluding: Set<String>) { self.excluding = excluding }

    func fingerprint(_ path: String) -> String {
        if let known = memo[path] { return known }
        let value = PathFingerprint.of(path, excluding: excluding)
        memo[path] = value
        return value
    }

    func invalidate() { memo.removeAll() }
}
