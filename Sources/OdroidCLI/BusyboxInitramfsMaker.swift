import BootProof
import BuildExecutor
import Foundation
import OdroidCore
import OdroidProcess

/// The build's busybox initramfs step, done with BootProof's pieces: the profile's busybox or Debian's
/// busybox-static fetched with apt (cached, so later runs download nothing), packed with the marker /init.
struct BusyboxInitramfsMaker: BusyboxInitramfsMaking {
    var runner: any ProcessRunning

    func make(_ initramfs: BusyboxInitramfs, output: String, log: @Sendable (String) -> Void) throws {
        let busybox: String
        if let given = initramfs.busybox {
            busybox = given
        } else {
            guard initramfs.debianArch == "armhf" else {
                throw BootProofError(
                    "only armhf busybox can be fetched; set initramfs.busybox to a static busybox for \(initramfs.debianArch)")
            }
            let notes = NoteList()
            var provider = ArmhfPayloadProvider(runner: runner, cacheDirectory: initramfs.packageCache, note: { notes.add($0) })
            provider.busyboxPackage = initramfs.busyboxPackage
            defer { notes.lines.forEach(log) }
            busybox = try provider.fetchBusybox()
        }
        log("busybox: \(busybox)")
        let staging = URL(fileURLWithPath: output).deletingLastPathComponent().path
        try InitramfsBuilder(runner: runner).build(
            MarkerInitramfs(busybox: busybox, marker: initramfs.marker), output: output, workDirectory: staging)
        log("packed busybox and the /init printing \(initramfs.marker)")
    }
}

/// Notes from the apt fetch, kept until they can go to the step's log.
private final class NoteList: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
