/// What a blob's `/chosen` node tells the kernel: the command line and where u-boot put the initrd.
/// u-boot normally writes these at boot; a blob that already carries them keeps them when u-boot cannot.
public struct ChosenNode: Hashable, Sendable {
    /// Whether the blob has a /chosen node at all.
    public var exists: Bool
    public var bootargs: String?
    public var stdoutPath: String?
    public var initrdStart: UInt64?
    public var initrdEnd: UInt64?
    /// Names of the other properties, for display.
    public var otherProperties: [String]

    public init(
        exists: Bool = false, bootargs: String? = nil, stdoutPath: String? = nil, initrdStart: UInt64? = nil,
        initrdEnd: UInt64? = nil, otherProperties: [String] = []
    ) {
        self.exists = exists
        self.bootargs = bootargs
        self.stdoutPath = stdoutPath
        self.initrdStart = initrdStart
        self.initrdEnd = initrdEnd
        self.otherProperties = otherProperties
    }
}
