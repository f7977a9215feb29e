import CommandValues
import Foundation
import OdroidProcess

/// Which version of a tool a step used, told by the installed file itself: its resolved path, size, inode
/// and modification time. A package upgrade replaces the file and so changes the identity, without the
/// cost of running `gcc --version` on every rerun.
enum ToolIdentity {
    static func of(_ name: String, path: String?) -> String {
        guard let found = ExecutableLookup.find(name, path: path) else { return "not found" }
        let real = URL(fileURLWithPath: found).resolvingSymlinksInPath().path
        var info = stat()
        guard stat(real, &info) == 0 else { return "\(real) unreadable" }
        return "\(real) \(info.st_size) \(info.st_ino) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// The programs a command runs: itself, and for make the compiler (with ccache) it builds with.
    static func tools(of command: Command, environment: [String: String]) -> [String] {
        var names = [command.program]
        if URL(fileURLWithPath: command.program).lastPathComponent == "make" {
            let cross = command.environment["CROSS_COMPILE"] ?? environment["CROSS_COMPILE"] ?? ""
            names.append(cross + "gcc")
            if let cc = command.argv.first(where: { $0.hasPrefix("CC=") }) {
                names += cc.dropFirst(3).split(separator: " ").map(String.init)
            }
        }
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        return unique
    }
}
