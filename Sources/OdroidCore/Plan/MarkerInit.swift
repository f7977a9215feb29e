import CommandValues

/// The /init of the smallest initramfs that proves a kernel reached userspace (a static busybox and this
/// script): it prints a marker line, which the boot proof waits for on the serial console, then powers off.
/// Shared by the build's `busybox` initramfs generator and the boot proofs' own test initramfs.
public enum MarkerInit {
    /// The marker printed unless a profile names another (`initramfs.marker`, `qemu.marker`).
    public static let defaultMarker = "ODROID-BUILD-BOOT-OK"

    /// Directories the archive holds besides /bin (mount points; the archive has no device nodes).
    public static let directories = ["dev", "proc", "sys"]

    /// The /init script: mount devtmpfs and re-open /dev/console, print the kernel command line and the
    /// marker, then power off (PSCI SYSTEM_OFF ends QEMU; a board halts).
    public static func script(marker: String) -> String {
        """
        #!/bin/sh
        /bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
        exec </dev/console >/dev/console 2>&1
        /bin/busybox mount -t proc proc /proc
        echo "cmdline: $(/bin/busybox cat /proc/cmdline)"
        echo \(ShellQuote.quote(marker))
        /bin/busybox sync
        /bin/busybox poweroff -f

        """
    }

    /// Why `marker` cannot be the marker, or nil: it must be one printable line the console shows as is.
    public static func problem(with marker: String) -> String? {
        if marker.isEmpty { return "must not be empty" }
        if marker.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            return "must be one line of printable characters"
        }
        return nil
    }
}
