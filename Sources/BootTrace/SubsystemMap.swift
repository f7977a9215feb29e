/// Which part of the kernel's source a function comes from, by the object file that defines it: read from
/// `nm --defined-only -A` over the build's archives (vmlinux.a, lib/lib.a), since the kernel is built without
/// debug information. `drivers/tty/serial/amba-pl011.o` gives `drivers/tty`, `arch/arm/kernel/setup.o` gives
/// `arch/arm/kernel`, `init/main.o` gives `init`.
public struct SubsystemMap: Sendable {
    public private(set) var subsystemByFunction: [String: String] = [:]

    public init() {}

    /// Adds the code symbols of `nm -A` lines (`vmlinux.a:init/main.o:0000070c T start_kernel`); a name
    /// defined in two subsystems keeps the first (static functions share names across files).
    /// Object paths under `buildDirectory` (nm prints a thin archive's members with the archive's directory) are
    /// taken relative to it.
    public mutating func add(nmOutput text: String, buildDirectory: String = "") {
        let prefix = buildDirectory.isEmpty ? "" : (buildDirectory.hasSuffix("/") ? buildDirectory : buildDirectory + "/")
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[1].count == 1, "tTwW".contains(fields[1]) else { continue }
            let location = fields[0].split(separator: ":")
            guard location.count >= 3 else { continue }
            let name = String(fields[2])
            guard subsystemByFunction[name] == nil else { continue }
            var object = Substring(location[location.count - 2])
            if !prefix.isEmpty, object.hasPrefix(prefix) { object = object.dropFirst(prefix.count) }
            subsystemByFunction[name] = Self.subsystem(ofObject: String(object))
        }
    }

    /// The source directory an object belongs to: two levels (three under arch/).
    public static func subsystem(ofObject path: String) -> String {
        var directories = path.split(separator: "/").dropLast()
        if directories.isEmpty { return "." }
        let depth = directories.first == "arch" ? 3 : 2
        directories = directories.prefix(depth)
        return directories.joined(separator: "/")
    }

    public subscript(function: String) -> String? { subsystemByFunction[function] }
}
