import Foundation

/// libFuzzer entry for blob reading: any bytes must give a checked blob or a `DeviceTreeError`, and every
/// accessor and edit of a blob that passed the check must return or throw, never crash.
/// Built together with Sources/DeviceTree (and libfdt) by fuzz/run.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeviceTree(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    guard let blob = try? DeviceTreeBlob(bytes: bytes, source: "fuzz.dtb") else { return 0 }
    precondition(blob.totalSize <= count, "a blob larger than its input was accepted")
    _ = try? blob.model()
    _ = try? blob.compatible()
    _ = try? blob.memory()
    _ = try? blob.memoryReservations()
    _ = try? blob.chosen()
    let board = BoardRequirements(
        origin: "fuzz", compatible: ["hardkernel,odroid-xu"], dram: MemoryRange(base: 0x4000_0000, size: 0x8000_0000),
        loadWindows: [LoadWindow(name: "dtb", range: MemoryRange(base: 0x4900_0000, size: 0x10000))])
    _ = try? blob.check(against: board)
    if let edited = try? blob.settingBootargs("console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro") {
        // Other /chosen properties may be malformed (chosen() then throws); bootargs itself must read back.
        let chosen = try? edited.nodeOffset("/chosen")
        let bootargs = chosen.flatMap { $0 }.flatMap { try? edited.string("bootargs", at: $0) }
        precondition(bootargs == "console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro", "bootargs did not read back")
        _ = try? edited.settingInitrd(start: 0x4600_0000, end: 0x4640_0000)
    }
    return 0
}
