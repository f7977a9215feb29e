/// What a command was doing when it failed: the one list of phases every error report names
/// ("odroid-build: <phase> failed: ..."). A new phase is a new case here, not a new string at a call site.
enum FailurePhase: Equatable, CustomStringConvertible {
    case loadingProfile(String)
    case planning
    case checkingHost
    case readingPackageTable
    case lockingWorkDirectory
    case building
    case checkingBuiltFiles
    /// Rendering one script format (or the prompt lines).
    case rendering(String)
    /// Making a file: the FAT image, the card image, a new boot image at a path.
    case creating(String)
    case makingRootFilesystem
    case makingScriptImage
    /// Opening a boot partition or root filesystem: which one.
    case opening(String)
    case reading(String)
    /// Writing an output file (the path when it is known).
    case writing(String?)
    /// Installing (what, and where, when known).
    case installing(String?)
    case removing(String)
    case listing(String)
    case verifying(String)
    case switchingDefault(to: String)
    case rollingBack
    case confirming
    case flashing(String)
    case bootTest
    case console
    case imageCheck
    case dtbCheck

    var description: String {
        switch self {
        case .loadingProfile(let name): return "loading profile '\(name)'"
        case .planning: return "planning"
        case .checkingHost: return "checking the host"
        case .readingPackageTable: return "reading the package table"
        case .lockingWorkDirectory: return "locking the work directory"
        case .building: return "building"
        case .checkingBuiltFiles: return "checking the built files"
        case .rendering(let what): return "rendering \(what)"
        case .creating(let what): return "creating \(what)"
        case .makingRootFilesystem: return "making the root filesystem"
        case .makingScriptImage: return "making the script image"
        case .opening(let what): return "opening \(what)"
        case .reading(let what): return "reading \(what)"
        case .writing(let path): return path.map { "writing \($0)" } ?? "writing"
        case .installing(let what): return what.map { "installing \($0)" } ?? "installing"
        case .removing(let what): return "removing \(what)"
        case .listing(let what): return "listing \(what)"
        case .verifying(let what): return "verifying \(what)"
        case .switchingDefault(let version): return "switching to \(version)"
        case .rollingBack: return "rolling back"
        case .confirming: return "confirming"
        case .flashing(let device): return "flashing \(device)"
        case .bootTest: return "boot test"
        case .console: return "console"
        case .imageCheck: return "image check"
        case .dtbCheck: return "dtb check"
        }
    }
}
