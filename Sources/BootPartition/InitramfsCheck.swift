import Foundation
import OdroidProcess

/// Whether an initramfs can start the board's kernel's userspace: it unpacks with a compression the kernel
/// accepts, it is a cpio archive with an /init, /init and every program in it are ELF for the kernel's
/// architecture (a PC's mkinitramfs packs x86-64 programs), and its modules are for the kernel's release.
/// Used before install (on the file just built) and by `verify` (on the card).
public struct InitramfsCheck: Sendable {
    /// What the kernel is: its architecture (ELF e_machine and class) and, when known, release and the
    /// compressions its RD_* options accept.
    public struct Kernel: Sendable {
        public var machine: ELFMachine
        public var release: String?
        /// nil: not known (no .config at hand): any format the kernel can be built to accept is taken.
        public var acceptedCompressions: Set<InitramfsArchive.Compression>?
        /// false when the kernel's .config lacks CONFIG_BLK_DEV_INITRD (it takes no initramfs at all).
        public var takesInitramfs: Bool

        public init(
            machine: ELFMachine, release: String?, acceptedCompressions: Set<InitramfsArchive.Compression>?, takesInitramfs: Bool = true
        ) {
            self.machine = machine
            self.release = release
            self.acceptedCompressions = acceptedCompressions
            self.takesInitramfs = takesInitramfs
        }

        /// The kernel of `machine` whose `.config` text is `config` (nil: unknown config).
        public init(machine: ELFMachine, release: String?, config: String?) {
            guard let config else {
                self.init(machine: machine, release: release, acceptedCompressions: nil)
                return
            }
            let set = Set(config.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
            self.init(
                machine: machine, release: release,
                acceptedCompressions: Set(InitramfsArchive.Compression.allCases.filter { set.contains("\($0.kernelOption)=y") }),
                takesInitramfs: set.contains("CONFIG_BLK_DEV_INITRD=y"))
        }
    }

    /// What the check saw, for reports.
    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        public var bytes: Int
        public var unpackedBytes: Int
        public var compressions: [InitramfsArchive.Compression]
        public var entries: Int
        public var elfFiles: Int
        public var machines: [String]
        public var modules: Int
        public var releases: [String]
        public var initKind: String

        public var description: String {
            let packing = compressions.isEmpty ? "uncompressed" : compressions.map(\.rawValue).joined(separator: "+")
            return "\(bytes) bytes (\(packing), \(unpackedBytes) unpacked), \(entries) entries, /init \(initKind), "
                + "\(elfFiles) ELF files (\(machines.isEmpty ? "none" : machines.joined(separator: ", "))), "
                + "\(modules) modules" + (releases.isEmpty ? "" : " for \(releases.joined(separator: ", "))")
        }
    }

    public var kernel: Kernel

    public init(kernel: Kernel) { self.kernel = kernel }

    /// Problems (each a sentence without the file name) and the summary; throws only when the archive
    /// cannot be read at all (that is reported as a problem by `problems(in:)`).
    public func inspect(_ archive: InitramfsArchive, bytes: Int) -> (problems: [String], summary: Summary) {
        var problems: [String] = []
        if !kernel.takesInitramfs {
            problems.append("cannot be used: the kernel's .config does not set CONFIG_BLK_DEV_INITRD, so it takes no initramfs")
        } else if let accepted = kernel.acceptedCompressions {
            for compression in archive.compressions where !accepted.contains(compression) {
                let known = accepted.map(\.rawValue).sorted().joined(separator: ", ")
                problems.append(
                    "is \(compression.rawValue)-compressed, but the kernel accepts only \(known.isEmpty ? "uncompressed initramfs" : known) (\(compression.kernelOption) is not set)"
                )
            }
        }
        var machines: [String: Int] = [:]
        var foreign: [String] = []
        var elfCount = 0
        for entry in archive.entries where entry.isRegularFile {
            guard let header = ELFHeader(entry.data) else { continue }
            elfCount += 1
            machines[header.description, default: 0] += 1
            if !header.matches(kernel.machine) { foreign.append("\(entry.path) (\(header))") }
        }
        if !foreign.isEmpty {
            problems.append(
                "holds \(foreign.count) program\(foreign.count == 1 ? "" : "s") for another architecture than the kernel's \(kernel.machine.name): "
                    + foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? ", ..." : "")
                    + " (an initramfs generator ran on the build host instead of in the board's root filesystem?)")
        }
        let initKind = checkInit(archive, problems: &problems)
        var releases: Set<String> = []
        var modules = 0
        for entry in archive.entries {
            if let release = Self.release(inPath: entry.path) { releases.insert(release) }
            if entry.isRegularFile, [".ko", ".ko.xz", ".ko.zst", ".ko.gz"].contains(where: { entry.path.hasSuffix($0) }) { modules += 1 }
        }
        if let release = kernel.release, !releases.isEmpty, !releases.contains(release) {
            problems.append("holds modules for \(releases.sorted().joined(separator: ", ")), not for the kernel's release \(release)")
        }
        let summary = Summary(
            bytes: bytes, unpackedBytes: archive.unpackedBytes, compressions: archive.compressions, entries: archive.entries.count,
            elfFiles: elfCount, machines: machines.keys.sorted(), modules: modules, releases: releases.sorted(), initKind: initKind)
        return (problems, summary)
    }

    /// /init must exist and be runnable by this kernel: an ELF of its machine, or a script whose interpreter is.
    private func checkInit(_ archive: InitramfsArchive, problems: inout [String]) -> String {
        guard let initEntry = archive.resolve("init") else {
            problems.append("has no /init (the kernel would run nothing from it)")
            return "missing"
        }
        if let header = ELFHeader(initEntry.data) {
            if !header.matches(kernel.machine) {
                problems.append("has an /init for \(header), not for the kernel's \(kernel.machine.name)")
            }
            return "ELF \(header)"
        }
        guard initEntry.data.starts(with: Array("#!".utf8)) else {
            problems.append("has an /init that is neither an ELF program nor a #! script")
            return "unknown"
        }
        let line = String(decoding: initEntry.data.prefix(256).prefix { $0 != 0x0a }.dropFirst(2), as: UTF8.self).trimmingCharacters(
            in: .whitespaces)
        let interpreter = String(line.split(separator: " ").first ?? "")
        guard let program = archive.resolve(interpreter) else {
            problems.append("has an /init script for \(interpreter), which it does not hold")
            return "script (\(interpreter), missing)"
        }
        guard let header = ELFHeader(program.data) else {
            problems.append("has an /init script for \(interpreter), which is not an ELF program")
            return "script (\(interpreter))"
        }
        if !header.matches(kernel.machine) {
            problems.append("has an /init script for \(interpreter), which is for \(header), not for the kernel's \(kernel.machine.name)")
        }
        return "script (\(interpreter): \(header))"
    }

    /// `3.12.3-xyz` for `lib/modules/3.12.3-xyz/...` or `usr/lib/modules/...`.
    public static func release(inPath path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        guard let index = parts.firstIndex(of: "modules"), index > 0, parts[index - 1] == "lib", index + 1 < parts.count else { return nil }
        return parts[index + 1]
    }

    /// Reads `data` (a u-boot ramdisk image or a raw initramfs) and checks it; an unreadable one is a problem.
    public func problems(in data: Data, runner: any ProcessRunning) -> (problems: [String], summary: Summary?) {
        var payload = data
        if payload.starts(with: [0x27, 0x05, 0x19, 0x56]) { payload = Data(payload.dropFirst(64)) }
        do {
            let archive = try InitramfsArchive(payload, runner: runner)
            let (problems, summary) = inspect(archive, bytes: data.count)
            return (problems, summary)
        } catch {
            return ([error.description.replacingOccurrences(of: "initramfs: ", with: "")], nil)
        }
    }
}

/// The architecture an ELF file is for: e_machine, class and byte order.
public struct ELFMachine: Sendable, Equatable {
    public var machine: UInt16
    public var is64Bit: Bool
    public var littleEndian: Bool
    public var name: String

    /// The machine of kernel ARCH `arch` (board.arch).
    public static func forKernelArch(_ arch: String) -> ELFMachine? {
        switch arch {
        case "arm": return ELFMachine(machine: 40, is64Bit: false, littleEndian: true, name: "32-bit ARM")
        case "arm64": return ELFMachine(machine: 183, is64Bit: true, littleEndian: true, name: "64-bit ARM")
        case "x86", "i386": return ELFMachine(machine: 3, is64Bit: false, littleEndian: true, name: "x86")
        case "x86_64": return ELFMachine(machine: 62, is64Bit: true, littleEndian: true, name: "x86-64")
        default: return nil
        }
    }
}

/// The first bytes of an ELF file.
public struct ELFHeader: Sendable, Equatable, CustomStringConvertible {
    public var machine: UInt16
    public var is64Bit: Bool
    public var littleEndian: Bool

    public init?(_ data: Data) {
        let b = [UInt8](data.prefix(20))
        guard b.count == 20, b[0] == 0x7f, b[1] == 0x45, b[2] == 0x4c, b[3] == 0x46, b[4] == 1 || b[4] == 2, b[5] == 1 || b[5] == 2 else {
            return nil
        }
        is64Bit = b[4] == 2
        littleEndian = b[5] == 1
        machine = littleEndian ? UInt16(b[18]) | UInt16(b[19]) << 8 : UInt16(b[19]) | UInt16(b[18]) << 8
    }

    public func matches(_ expected: ELFMachine) -> Bool {
        machine == expected.machine && is64Bit == expected.is64Bit && littleEndian == expected.littleEndian
    }

    public var description: String {
        let names: [UInt16: String] = [3: "x86", 40: "32-bit ARM", 62: "x86-64", 183: "64-bit ARM", 8: "MIPS", 243: "RISC-V"]
        let base = names[machine] ?? "machine \(machine)"
        return base + (machine == 40 || machine == 3 ? (is64Bit ? " (64-bit class)" : "") : "") + (littleEndian ? "" : " big-endian")
    }
}
