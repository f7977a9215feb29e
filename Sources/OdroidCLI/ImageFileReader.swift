import Foundation
import UBootImage

/// Reads a file as a legacy image, turning every reason it cannot be one into a usage error naming the file.
enum ImageFileReader {
    static func read(_ path: String) throws -> LegacyImage {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError.usage("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw CLIError.usage("\(path): is a directory, not an image") }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.usage("\(path): cannot be read") }
        do {
            return try LegacyImage(data)
        } catch {
            throw CLIError.usage("\(path): \(error)")
        }
    }
}
