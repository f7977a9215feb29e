import BootProof
import Foundation
import OdroidProcess

/// A board under QEMU whose serial console is a pty, exactly what `odroid-build console` attaches to on a real
/// board: QEMU starts paused with its monitor on a second pty, the console attaches, then the monitor's
/// `cont` starts u-boot. The image is opened as a ToolPath (QEMU's -drive file= splits at commas).
public final class QemuConsole: @unchecked Sendable {
    public let process: any StartedProcess
    public let serialDevice: String
    let monitorDevice: String
    private let opened: [ToolPath]
    /// The monitor stays open while QEMU runs: QEMU drops what was written to a pty whose other side closed.
    private var monitor: Int32 = -1

    public init(invocation: QemuInvocation, logPath: String, runner: any ProcessRunning = SpawnRunner(), timeout: Double = 20) throws {
        var (console, opened) = try QemuBootRunner.throughDescriptors(invocation)
        console.consoleOnPty = true
        self.opened = opened
        process = try runner.start(console.command, logPath: logPath)
        let deadline = Date().addingTimeInterval(timeout)
        var serial: String?, monitor: String?
        while Date() < deadline, serial == nil || monitor == nil {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            serial = Self.pty(in: log, label: "serial0")
            monitor = Self.pty(in: log, label: "compat_monitor0")
            if process.poll() != nil { break }
            usleep(50_000)
        }
        guard let serial, let monitor else {
            process.terminate()
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw SerialConsoleError.failed("QEMU did not say which pty its serial port is on: \(log.suffix(400))")
        }
        serialDevice = serial
        monitorDevice = monitor
    }

    deinit {
        process.terminate()
        opened.forEach { $0.close() }
        if monitor >= 0 { close(monitor) }
    }

    /// `char device redirected to /dev/pts/5 (label serial0)`.
    static func pty(in log: String, label: String) -> String? {
        for line in log.split(separator: "\n") where line.contains("(label \(label))") {
            if let start = line.range(of: "/dev/pts/") {
                return String(line[start.lowerBound...].prefix { $0 != " " })
            }
        }
        return nil
    }

    /// Starts the paused board (the monitor's `cont`).
    public func start() throws {
        if monitor < 0 { monitor = open(monitorDevice, O_RDWR | O_NOCTTY | O_CLOEXEC) }
        guard monitor >= 0 else {
            throw SerialConsoleError.failed("cannot open QEMU's monitor \(monitorDevice): \(String(cString: strerror(errno)))")
        }
        let bytes = Array("cont\n".utf8)
        _ = write(monitor, bytes, bytes.count)
    }

    public func stop() {
        process.terminate()
    }
}
