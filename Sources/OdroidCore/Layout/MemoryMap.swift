import Foundation

/// Where everything lands in DRAM at boot: the load windows of the kernel, initrd and dtb (with the
/// artifact's real size when it is known, else the profile's expected maximum), where `bootm` moves a
/// uImage, and the regions the profile reserves. Validation, `verify` and the `layout` picture share it.
public struct MemoryMap: Sendable {
    public enum Kind: String, Sendable, Codable {
        case kernel, kernelRelocated = "kernel-relocated", initrd, dtb, reserved
    }

    public struct Window: Sendable, Equatable {
        public var kind: Kind
        public var region: MemoryRegion
        /// True when the size is a real artifact's size, false when it is the profile's maximum.
        public var actualSize: Bool
        /// The profile key that places this window (for diagnostics).
        public var key: ProfileKey
        /// The profile key of the expected maximum size, when the window has that size rather than a real one.
        public var sizeKey: ProfileKey? = nil

        /// The keys behind the window, the placing one first.
        var keys: [ProfileKey] { [key] + (sizeKey.map { [$0] } ?? []) }
    }

    /// Sizes of real artifacts, when they exist.
    public struct ArtifactSizes: Sendable, Equatable {
        public var kernel: UInt64?
        public var initrd: UInt64?
        public var dtb: UInt64?
        public init(kernel: UInt64? = nil, initrd: UInt64? = nil, dtb: UInt64? = nil) {
            self.kernel = kernel
            self.initrd = initrd
            self.dtb = dtb
        }
    }

    /// Something in the map that would stop or corrupt a boot.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var message: String
        /// The profile keys behind the windows involved: where each is placed and, for an expected size, the
        /// key of that size. A diagnostic points at the one the user set last.
        public var keys: [ProfileKey]
        public var description: String { message }
    }

    public var dram: MemoryRegion
    public var windows: [Window]

    /// Size of a legacy u-boot image header: a uImage loaded 64 bytes below LOADADDR is not moved by bootm.
    public static let legacyHeaderSize: UInt64 = 64

    public init(profile: ResolvedProfile, sizes: ArtifactSizes = ArtifactSizes()) {
        dram = MemoryRegion(name: "DRAM", start: profile.board.dramBase, size: profile.board.dramSize)
        var windows: [Window] = []
        let kernelSize = sizes.kernel ?? profile.kernel.imageMax
        windows.append(
            Window(
                kind: .kernel, region: MemoryRegion(name: "kernel image (as loaded)", start: profile.boot.kernelAddress, size: kernelSize),
                actualSize: sizes.kernel != nil, key: .bootKernelAddr, sizeKey: sizes.kernel == nil ? .kernelImageMax : nil))
        if profile.kernel.image == .uImage, profile.boot.command == .bootm {
            let load = profile.kernel.loadAddress
            // bootm leaves the kernel where it is when the 64-byte header sits right below LOADADDR.
            let payloadStart = MemoryRegion(name: "header", start: profile.boot.kernelAddress, size: Self.legacyHeaderSize).end
            if payloadStart != load {
                let payload = kernelSize > Self.legacyHeaderSize && sizes.kernel != nil ? kernelSize - Self.legacyHeaderSize : kernelSize
                windows.append(
                    Window(
                        kind: .kernelRelocated, region: MemoryRegion(name: "kernel moved by bootm to LOADADDR", start: load, size: payload),
                        actualSize: sizes.kernel != nil, key: .kernelLoadaddr, sizeKey: sizes.kernel == nil ? .kernelImageMax : nil))
            }
        }
        if let initrd = profile.boot.initrdAddress {
            windows.append(
                Window(
                    kind: .initrd, region: MemoryRegion(name: "initramfs", start: initrd, size: sizes.initrd ?? profile.initramfs.maxSize),
                    actualSize: sizes.initrd != nil, key: .bootInitrdAddr, sizeKey: sizes.initrd == nil ? .initramfsMaxSize : nil))
        }
        if case .partition(let address) = profile.boot.dtb {
            windows.append(
                Window(
                    kind: .dtb, region: MemoryRegion(name: "dtb", start: address, size: sizes.dtb ?? profile.boot.dtbMax),
                    actualSize: sizes.dtb != nil, key: .bootDtbAddr, sizeKey: sizes.dtb == nil ? .bootDtbMax : nil))
        }
        for region in profile.board.reserved {
            windows.append(Window(kind: .reserved, region: region, actualSize: true, key: .boardReserved))
        }
        self.windows = windows.sorted { $0.region.start < $1.region.start }
    }

    /// Every window outside DRAM and every pair of windows that overlap. The loaded and the moved copy of
    /// the kernel may overlap (bootm moves with memmove); reserved regions may overlap each other.
    public func problems() -> [Problem] {
        var result: [Problem] = []
        for window in windows where window.kind != .reserved {
            if window.region.start < dram.start || window.region.end > dram.end {
                result.append(Problem(message: "\(describe(window)) is outside DRAM \(Hex.range(dram))", keys: window.keys))
            }
        }
        for (i, a) in windows.enumerated() {
            for b in windows[(i + 1)...] where Self.collision(a.kind, a.region, b.kind, b.region) != nil {
                let (first, second) = a.kind == .reserved ? (b, a) : (a, b)
                var message = "\(describe(first)) overlaps \(describe(second))"
                if first.kind == .kernel, second.region.start > first.region.start {
                    message += "; the kernel load window before it is only \(Hex.size(second.region.start - first.region.start))"
                }
                result.append(Problem(message: message, keys: first.keys + second.keys))
            }
        }
        return result
    }

    /// The bytes two windows would both occupy, when sharing them breaks the boot; nil when they do not meet.
    /// The one overlap rule (problems, verify and the layout picture use it): an empty window occupies nothing;
    /// the loaded and the moved copy of the kernel may overlap (bootm moves with memmove); reserved regions may
    /// overlap each other.
    public static func collision(_ firstKind: Kind, _ first: MemoryRegion, _ secondKind: Kind, _ second: MemoryRegion) -> MemoryRegion? {
        guard first.size > 0, second.size > 0, first.overlaps(second) else { return nil }
        let kinds: Set<Kind> = [firstKind, secondKind]
        if kinds == [.kernel, .kernelRelocated] || kinds == [.reserved] { return nil }
        let start = max(first.start, second.start)
        return MemoryRegion(name: "overlap", start: start, size: min(first.end, second.end) - start)
    }

    func describe(_ window: Window) -> String {
        let sizeNote = window.actualSize ? Hex.size(window.region.size) : "\(Hex.size(window.region.size)) expected at most"
        return "\(window.region.name) \(Hex.range(window.region)) (\(sizeNote))"
    }
}

/// Hex and size formatting shared by diagnostics, plans and pictures.
public enum Hex {
    public static func address(_ value: UInt64) -> String {
        "0x" + String(value, radix: 16, uppercase: false).leftPadded(to: 8)
    }

    public static func range(_ region: MemoryRegion) -> String {
        "\(address(region.start))–\(address(region.end))"
    }

    public static func size(_ bytes: UInt64) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / 1048576) }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        if bytes >= 1 << 10 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return "\(bytes) bytes"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
