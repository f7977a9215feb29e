import Foundation

/// libFuzzer entry for the legacy-header parser: any bytes must give a header or an `ImageProblem`, never a
/// crash, and every reader of a parsed image (listing, size table, script text, expectations) must cope.
/// Built together with Sources/UBootImage by fuzz/run.sh, so internal API is reachable.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLegacyImage(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let problems = LegacyImage.verify(data)
    guard let image = try? LegacyImage(data) else {
        precondition(!problems.isEmpty, "verify found no problem in bytes LegacyImage rejects")
        return 0
    }
    precondition(image.problems == problems, "verify and LegacyImage disagree")
    precondition(image.data.count <= Int(image.header.dataSize))
    _ = ImageListing.lines(for: image, timeZone: TimeZone(identifier: "UTC")!)
    _ = problems.map(\.description)
    _ = image.check(.kernel(loadAddress: 0x4000_8000)).map(\.description)
    _ = image.check(.ramdisk())
    if let components = try? image.components() {
        precondition(components.reduce(0) { $0 + $1.count } <= image.data.count)
    }
    _ = try? image.scriptText()
    return 0
}
