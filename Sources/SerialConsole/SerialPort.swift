import Foundation

/// A serial console device (a USB serial adapter on the board, any tty, or QEMU's pty) opened raw: no echo,
/// no line editing, no translation of CR or LF, 8N1 at the given baud rate, so what arrives is exactly what
/// u-boot and the kernel wrote, and what is typed reaches u-boot unchanged.
public final class SerialPort: @unchecked Sendable {
    public let device: String
    let descriptor: Int32
    private var saved = termios()

    /// Baud rates termios can set, as numbers.
    public static let rates: [Int: speed_t] = [
        9600: speed_t(B9600), 19200: speed_t(B19200), 38400: speed_t(B38400), 57600: speed_t(B57600),
        115200: speed_t(B115200), 230400: speed_t(B230400), 460800: speed_t(B460800), 921600: speed_t(B921600),
        1_500_000: speed_t(B1500000),
    ]

    public init(device: String, baud: Int) throws(SerialConsoleError) {
        guard let rate = Self.rates[baud] else {
            throw .badInput(
                "--baud \(baud) is not a rate termios sets (\(Self.rates.keys.sorted().map(String.init).joined(separator: ", ")))")
        }
        let fd = open(device, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .unusable("--device \(device): \(String(cString: strerror(errno)))") }
        guard isatty(fd) == 1 else {
            close(fd)
            throw .unusable("--device \(device) is not a terminal (a serial adapter is /dev/ttyUSB0 or /dev/ttyACM0)")
        }
        var mode = termios()
        guard tcgetattr(fd, &mode) == 0 else {
            close(fd)
            throw .unusable("--device \(device): cannot read its terminal settings: \(String(cString: strerror(errno)))")
        }
        saved = mode
        cfmakeraw(&mode)
        mode.c_cflag |= tcflag_t(CLOCAL | CREAD)
        mode.c_cflag &= ~(tcflag_t(CRTSCTS) | tcflag_t(CSTOPB) | tcflag_t(PARENB))
        cfsetispeed(&mode, rate)
        cfsetospeed(&mode, rate)
        guard tcsetattr(fd, TCSANOW, &mode) == 0 else {
            close(fd)
            throw .unusable("--device \(device): cannot set raw mode at \(baud) baud: \(String(cString: strerror(errno)))")
        }
        tcflush(fd, TCIOFLUSH)
        self.device = device
        descriptor = fd
    }

    deinit {
        tcsetattr(descriptor, TCSANOW, &saved)
        close(descriptor)
    }

    /// Whatever arrives within `timeout` seconds (empty when nothing does).
    public func read(timeout: Double) -> Data {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(max(0, timeout * 1000))) > 0 else { return Data() }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = Glibc.read(descriptor, &buffer, buffer.count)
        return count > 0 ? Data(buffer.prefix(count)) : Data()
    }

    /// Writes every byte (u-boot reads slowly at 115200: the kernel's buffer takes care of pacing).
    public func write(_ data: Data) throws(SerialConsoleError) {
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBufferPointer { Glibc.write(descriptor, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR {
                    usleep(1000)
                    continue
                }
                throw .failed("writing to \(device): \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        tcdrain(descriptor)
    }
}
