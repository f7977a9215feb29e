import Foundation

/// A binfmt_misc registration such as qemu-user-static's `qemu-arm`: what lets this machine run the board's
/// programs inside the board's root filesystem. It must be enabled and carry the F (fix-binary) flag, so the
/// kernel opened the interpreter when it was registered and it works inside another root.
public struct BinfmtHandler: Sendable, Equatable {
    public static let directory = "/proc/sys/fs/binfmt_misc"

    public var name: String
    /// Why it cannot be used; nil when it can.
    public var problem: String?

    public static func read(_ name: String, directory: String = BinfmtHandler.directory) -> BinfmtHandler {
        guard FileManager.default.fileExists(atPath: "\(directory)/status") else {
            return BinfmtHandler(name: name, problem: "binfmt_misc is not mounted: mount -t binfmt_misc binfmt_misc \(directory)")
        }
        guard let text = try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8) else {
            return BinfmtHandler(name: name, problem: "not registered: install qemu-user-static, then update-binfmts --enable \(name)")
        }
        return BinfmtHandler(name: name, problem: problem(in: text, name: name))
    }

    /// The problem with a handler's status text (`enabled`, `interpreter ...`, `flags: PF`, ...).
    static func problem(in text: String, name: String) -> String? {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.first == "enabled" else { return "registered but disabled: update-binfmts --enable \(name)" }
        let flags =
            lines.first { $0.hasPrefix("flags:") }.map { String($0.dropFirst("flags:".count)).trimmingCharacters(in: .whitespaces) } ?? ""
        guard flags.contains("F") else {
            return
                "registered without the F flag (flags '\(flags)'), so it does not work inside another root filesystem: install qemu-user-static (it registers with F)"
        }
        return nil
    }
}
