import CommandValues
import Foundation
import OdroidProcess

/// A real 32-bit ARM program, compiled once per test process with the cross compiler the kernel builds use
/// (`arm-linux-gnueabihf-gcc`, no libc): fixtures put it in initramfs archives as the /bin/sh their /init
/// script runs, so an initramfs check that reads ELF headers sees what a board's initramfs holds.
public enum ArmProgram {
    public static let path: String = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-arm-program-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let source = directory + "/tiny.c", output = directory + "/tiny-arm"
        try? "void _start(void) { for (;;) { } }\n".write(toFile: source, atomically: true, encoding: .utf8)
        let result = try? SpawnRunner().run(Command(["arm-linux-gnueabihf-gcc", "-nostdlib", "-static", "-O2", "-o", output, source]))
        precondition(
            result?.succeeded == true, "arm-linux-gnueabihf-gcc could not build a test program: \(result?.stderrText ?? "not run")")
        return output
    }()

    /// This machine's own /bin/true: a program of the host's architecture (x86-64 here).
    public static let hostProgram = "/bin/true"
}
