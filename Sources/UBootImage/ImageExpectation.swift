/// What a use of an image needs its header to say: the build expects a Linux ARM kernel at LOADADDR,
/// `bootm` needs a ramdisk to be Linux/ARM/ramdisk, `source` needs a script. Nil fields are not checked.
public struct ImageExpectation: Sendable, Hashable {
    public var type: ImageType?
    public var os: ImageOS?
    public var architecture: ImageArchitecture?
    public var compression: ImageCompression?
    public var loadAddress: UInt32?
    public var entryPoint: UInt32?

    public init(
        type: ImageType? = nil, os: ImageOS? = nil, architecture: ImageArchitecture? = nil,
        compression: ImageCompression? = nil, loadAddress: UInt32? = nil, entryPoint: UInt32? = nil
    ) {
        self.type = type
        self.os = os
        self.architecture = architecture
        self.compression = compression
        self.loadAddress = loadAddress
        self.entryPoint = entryPoint
    }

    /// A kernel uImage as `make uImage LOADADDR=…` builds it: load address and entry point both LOADADDR.
    public static func kernel(loadAddress: UInt32, architecture: ImageArchitecture = .arm) -> ImageExpectation {
        ImageExpectation(type: .kernel, os: .linux, architecture: architecture, loadAddress: loadAddress, entryPoint: loadAddress)
    }

    /// A uInitrd `bootm` accepts: u-boot refuses a ramdisk that is not Linux, ARM and of type ramdisk.
    public static func ramdisk(architecture: ImageArchitecture = .arm) -> ImageExpectation {
        ImageExpectation(type: .ramdisk, os: .linux, architecture: architecture)
    }

    /// A boot script `source` runs (`mkimage -T script`).
    public static let script = ImageExpectation(type: .script)

    /// Every field of `header` that differs from this expectation.
    public func mismatches(in header: UBootImageHeader) -> [ImageProblem] {
        var found: [ImageProblem] = []
        if let type, type.rawValue != header.typeCode {
            found.append(.mismatch(.type, expected: ImageType.displayName(type.rawValue), found: ImageType.displayName(header.typeCode)))
        }
        if let os, os.rawValue != header.osCode {
            found.append(.mismatch(.os, expected: ImageOS.displayName(os.rawValue), found: ImageOS.displayName(header.osCode)))
        }
        if let architecture, architecture.rawValue != header.architectureCode {
            found.append(
                .mismatch(
                    .architecture, expected: ImageArchitecture.displayName(architecture.rawValue),
                    found: ImageArchitecture.displayName(header.architectureCode)))
        }
        if let compression, compression.rawValue != header.compressionCode {
            found.append(
                .mismatch(
                    .compression, expected: ImageCompression.displayName(compression.rawValue),
                    found: ImageCompression.displayName(header.compressionCode)))
        }
        if let loadAddress, loadAddress != header.loadAddress {
            found.append(.mismatch(.loadAddress, expected: hex(loadAddress), found: hex(header.loadAddress)))
        }
        if let entryPoint, entryPoint != header.entryPoint {
            found.append(.mismatch(.entryPoint, expected: hex(entryPoint), found: hex(header.entryPoint)))
        }
        return found
    }
}
