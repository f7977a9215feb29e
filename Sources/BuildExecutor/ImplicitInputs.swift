import CommandValues
import Foundation
import OdroidProcess

/// Inputs a step has that its plan entry cannot name in advance: the modules a `modules_install` copies
/// (listed in the build directory's modules.order, so a module-only change is installed even when the kernel
/// image did not change), and the configuration an initramfs generator reads.
enum ImplicitInputs {
    static let generatorConfiguration: [String: [String]] = [
        "mkinitramfs": ["/etc/initramfs-tools"],
        "dracut": ["/etc/dracut.conf", "/etc/dracut.conf.d"],
        "mkinitrd": ["/etc/sysconfig/mkinitrd"],
    ]

    static func paths(for command: Command) -> [String] {
        var paths = generatorConfiguration[URL(fileURLWithPath: command.program).lastPathComponent] ?? []
        if command.argv.contains("modules_install"), let build = command.argv.first(where: { $0.hasPrefix("O=") })?.dropFirst(2) {
            let order = "\(build)/modules.order"
            paths += [order, "\(build)/modules.builtin"]
            if let text = try? String(contentsOfFile: order, encoding: .utf8) {
                for line in text.split(separator: "\n") where !line.isEmpty {
                    let module = line.hasSuffix(".o") ? line.dropLast(2) + ".ko" : line
                    paths.append("\(build)/\(module)")
                }
            }
        }
        return paths
    }
}
