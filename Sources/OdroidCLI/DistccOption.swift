import ArgumentParser
import CommandValues
import OdroidCore

/// `--distcc HOSTS` (build, doctor): distcc's host list, or a usage error naming the option and the token.
enum DistccOption {
    static func hosts(_ text: String?) throws(ValidationError) -> DistccHosts? {
        guard let text else { return nil }
        switch DistccHosts.parse(text) {
        case .success(let hosts): return hosts
        case .failure(let problem): throw ValidationError("--distcc '\(TerminalText.inline(text))' \(problem)")
        }
    }
}
