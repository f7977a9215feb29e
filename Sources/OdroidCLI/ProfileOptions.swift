import ArgumentParser
import Foundation
import OdroidCore

/// Options shared by every command that works from a board profile.
struct ProfileOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Board profile: a name from `odroid-build profiles list`, or a path to a .toml file.", valueName: "name"))
    var profile: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one profile value, e.g. --set boot.root=UUID=1234-ABCD (repeatable; wins over every file).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(name: .customLong("local"), help: ArgumentHelp("Local override file (default: ./odroid-build.local.toml, then ~/.config/odroid-build/local.toml, when they exist).", valueName: "file"))
    var localFile: String?

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Directory holding the shipped profiles/ and templates/ (default: found next to the program, or $ODROID_BUILD_DATA).", valueName: "dir"))
    var dataDirectory: String?

    /// Options built from values (for commands that take the profile as an argument).
    static func make(profile: String, overrides: [String] = [], localFile: String? = nil, dataDirectory: String? = nil) throws -> ProfileOptions {
        var argv = ["--profile", profile]
        for o in overrides { argv += ["--set", o] }
        if let localFile { argv += ["--local", localFile] }
        if let dataDirectory { argv += ["--data-dir", dataDirectory] }
        return try ProfileOptions.parse(argv)
    }

    /// The shipped data directory, or a usage error.
    func dataDir() throws -> String {
        guard let dir = DataDirectory.locate(explicit: dataDirectory) else {
            throw CLIError.usage("cannot find the profiles/ and templates/ directories; pass --data-dir or set ODROID_BUILD_DATA")
        }
        return dir
    }

    func catalog() throws -> ProfileCatalog {
        ProfileCatalog(directories: ["\(DataDirectory.userConfig)/profiles", "\(try dataDir())/profiles"])
    }

    func templates() throws -> TemplateStore {
        TemplateStore(directory: "\(try dataDir())/templates")
    }

    /// The local override file in effect, if any.
    var effectiveLocalFile: String? {
        if let localFile { return localFile }
        let candidates = ["odroid-build.local.toml", "\(DataDirectory.userConfig)/local.toml"]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Loads, merges and validates the profile; every problem is reported at once (phase "loading profile").
    func resolve() throws -> ResolvedProfile {
        let resolver = ProfileResolver(catalog: try catalog())
        do {
            return try resolver.resolve(profile, localFile: effectiveLocalFile, overrides: overrides)
        } catch {
            throw CLIError.diagnostics(phase: "loading profile '\(profile)'", error)
        }
    }
}
