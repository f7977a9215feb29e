import BootPartition
import BootProof
import Foundation
import OdroidProcess
import TestSupport

/// Shared set-up for the boot tests: the armhf payload from the stable download cache, and per-test boot
/// images built from literal boot scripts (the rendered-template versions come with the profile work).
enum ProofWorkspace {
    static let runner = SpawnRunner()
    static let marker = "ODROID-BUILD-PROOF-OK"
    /// Where debs are cached across runs, so repeated test runs download nothing.
    static let cacheDirectory = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/odroid-build-cache/armhf"
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-bootproof-\(getpid())").path

    /// The kernel uImage, the raw zImage, the marker initramfs raw and wrapped, built once per test run.
    struct Common {
        var payload: ArmhfPayload
        var uImage: String
        var zImage: String
        var initrdGz: String
        var uInitrd: String
    }

    nonisolated(unsafe) private static var cached: Common?
    private static let lock = NSLock()

    static func common() throws -> Common {
        try lock.withLock {
            if let cached { return cached }
            let payload = try ArmhfPayloadProvider(runner: runner, cacheDirectory: cacheDirectory).fetch()
            let dir = root + "/common"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let images = LegacyImageMaker(runner: runner)
            try images.make(
                .kernel(loadAddress: 0x4000_8000, entryAddress: 0x4000_8000), name: "linux-proof", input: payload.kernelImage,
                output: dir + "/uImage-proof")
            try InitramfsBuilder(runner: runner).build(
                MarkerInitramfs(busybox: payload.busybox, marker: marker), output: dir + "/initrd.gz", uImagePath: dir + "/uInitrd-proof",
                workDirectory: dir)
            let common = Common(
                payload: payload, uImage: dir + "/uImage-proof", zImage: payload.kernelImage, initrdGz: dir + "/initrd.gz",
                uInitrd: dir + "/uInitrd-proof")
            cached = common
            return common
        }
    }

    /// A fresh directory for one test.
    static func directory(_ name: String) throws -> String {
        let dir = root + "/" + name
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A 32 MiB MBR boot image holding `files`; `script` (u-boot commands) becomes boot.scr via mkimage.
    static func image(in dir: String, layout: FatImageLayout = .mbr(startSector: 2048), script: String?, files: [(String, String)]) throws
        -> String
    {
        var all = files
        if let script {
            try ScriptImage.wrap(script, name: "boot", arch: "arm", runner: runner).write(to: URL(fileURLWithPath: dir + "/boot.scr"))
            all.append((dir + "/boot.scr", "boot.scr"))
        }
        let path = dir + "/boot.img"
        let creator = FatImageCreator(runner: runner)
        let image = try creator.create(path: path, sizeMiB: 32, layout: layout)
        try creator.copyIn(files: all.map { (source: $0.0, nameOnImage: $0.1) }, to: image)
        return path
    }

    /// Boots `image` and returns the report (console log in `dir`).
    static func boot(_ image: String, in dir: String, fast: Bool = true, timeout: Double = 60, marker: String = marker) throws -> BootReport
    {
        let configuration = BootTestConfiguration(
            diskImage: image, marker: marker, timeoutSeconds: timeout, fast: fast, logPath: dir + "/console.log", workDirectory: dir)
        let report = try BootProver(runner: runner).prove(configuration)
        print("[\(URL(fileURLWithPath: dir).lastPathComponent)] \(report.summary)")
        return report
    }

    /// Copies a real boot's host-timed console into Fixtures/ when ODROID_RECORD_FIXTURES=1.
    static func recordFixture(_ report: BootReport, as name: String) {
        guard ProcessInfo.processInfo.environment["ODROID_RECORD_FIXTURES"] == "1" else { return }
        let target = Repository.root + "/Tests/BootProofTests/Fixtures/" + name + ".console.tsv"
        try? Data(ConsoleLine.timedText(report.outcome.lines).utf8).write(to: URL(fileURLWithPath: target))
    }
}
