import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// Script text wrapped as a u-boot script image (`mkimage -T script`) by the real mkimage, with
/// `MkimageCommand`'s line: the one way odroid-build makes a script image outside a plan (boot scripts for a
/// partition, the boot proofs' scripts). The text is written into a scratch `PrivateDirectory` and the image
/// comes back as bytes; mkimage runs through `runShielded`, the one guard against its splitting of `-d` at `:`.
public enum ScriptImage {
    public static func wrap(
        _ text: String, name: String, arch: String, runner: any ProcessRunning,
        scratchBase: String? = nil
    ) throws(BootPartitionError) -> Data {
        let scratch: PrivateDirectory
        do {
            scratch = try PrivateDirectory(base: scratchBase, purpose: "script")
        } catch {
            throw .failed(operation: "making the script image", path: name, detail: "\(error)")
        }
        defer { scratch.remove() }
        let source = scratch.file("boot.cmd"), image = scratch.file("boot.scr")
        guard FileManager.default.createFile(atPath: source, contents: Data(text.utf8)) else {
            throw .failed(operation: "writing", path: source, detail: "cannot write the script source")
        }
        let result: ProcessResult
        do {
            result = try runner.runShielded(MkimageCommand.command(.script, arch: arch, name: name, input: source, output: image))
        } catch {
            throw .failed(operation: "making the script image", path: name, detail: "\(error) (install u-boot-tools)")
        }
        guard result.succeeded, let data = FileManager.default.contents(atPath: image) else {
            throw .failed(operation: "making the script image", path: name, detail: "mkimage \(result.termination): \(result.stderrText)")
        }
        return data
    }
}
