import DeviceTree

/// Reads and fully checks a blob, turning every failure into a usage error (exit 2) that names the file.
enum DtbFileReader {
    static func read(_ path: String) throws -> DeviceTreeBlob {
        do {
            return try DeviceTreeBlob(contentsOfFile: path)
        } catch {
            throw CLIError.usage(error.description)
        }
    }

    /// Runs a read of one blob property, reporting a malformed property as a usage error naming the file.
    static func reading<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DeviceTreeError {
            throw CLIError.usage(error.description)
        }
    }
}
