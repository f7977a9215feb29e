import Foundation

/// A path for an image file that no tool can misread: e2fsprogs takes `NAME?offset=N` and would split a
/// user's file name at its own `?`. The link lives in a fresh private directory (mode 0700) under a name
/// made here, and points at the image's absolute path; it is removed when released.
final class PrivateImageLink {
    let path: String
    private let directory: String

    init(to image: String, scratch: String = NSTemporaryDirectory()) throws(RootFilesystemError) {
        let absolute = image.hasPrefix("/") ? image : FileManager.default.currentDirectoryPath + "/" + image
        var template = Array((scratch.hasSuffix("/") ? scratch : scratch + "/").utf8CString.dropLast()) + Array("odroid-build-link-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw .failed(operation: "creating a private directory in", path: scratch, detail: String(cString: strerror(errno)))
        }
        directory = String(cString: made)
        path = directory + "/image"
        guard symlink(absolute, path) == 0 else {
            let detail = String(cString: strerror(errno))
            rmdir(directory)
            throw .failed(operation: "linking", path: image, detail: detail)
        }
    }

    deinit {
        unlink(path)
        rmdir(directory)
    }
}
