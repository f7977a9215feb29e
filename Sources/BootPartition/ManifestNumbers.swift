import OdroidCore

/// The numbers a manifest read back from a partition may hold. The partition is input too: a record may have
/// been edited or crafted, and a file size near 2^64 made `list` trap when it added the sizes up.
extension BootManifest {
    /// The largest file FAT can hold: a directory entry keeps the size in 32 bits.
    public static let largestFileSize = UInt64(UInt32.max)

    /// The first recorded number no FAT partition can have, said with its kernel and file; nil when all can be.
    func impossibleNumber() -> String? {
        for kernel in kernels {
            for file in kernel.files where file.size > Self.largestFileSize {
                return
                    "kernel \(Diagnostic.quoted(kernel.version)) records \(Diagnostic.quoted(file.path)) as \(file.size) bytes; a FAT file holds at most \(Self.largestFileSize)"
            }
        }
        return nil
    }
}

extension InstalledKernel {
    /// The bytes of all the kernel's files, added with overflow checking: `UInt64.max` stands for "more than
    /// 64 bits can count" (a decoded manifest cannot reach it, see `impossibleNumber`).
    public var totalBytes: UInt64 {
        files.reduce(UInt64(0)) { total, file in
            let (sum, overflow) = total.addingReportingOverflow(file.size)
            return overflow ? .max : sum
        }
    }
}
