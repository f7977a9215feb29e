import ArgumentParser
import Foundation
import OdroidCore

/// Options shared by every command that works from a board profile.
struct ProfileOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Board profile: a name from `odroid-build profiles list`, or a path to a .toml file.", valueName: "name"),
        completion: .custom { words, _, _ in ProfileRequest.completionNames(words: words) })
    var profile: String

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override one profile value, e.g. --set boot.root=UUID=1234-ABCD (repeatable; wins over every file).",
            valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(
        name: .customLong("local"),
        help: ArgumentHelp(
            "Local override file (default: ./odroid-build.local.toml, then ~/.config/odroid-build/local.toml, when they exist).",
            valueName: "file"))
    var localFile: String?

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "Directory holding the shipped profiles/ and templates/ (default: found next to the program, or $ODROID_BUILD_DATA).",
            valueName: "dir"))
    var dataDirectory: String?

    /// What these options ask for, as a plain value.
    var request: ProfileRequest {
        ProfileRequest(profile: profile, overrides: overrides, localFile: localFile, dataDirectory: dataDirectory)
    }

    func dataDir() throws -> String { try request.dataDir() }
    func catalog() throws -> ProfileCatalog { try request.catalog() }
    func templates() throws -> TemplateStore { try request.templates() }
    var effectiveLocalFile: String? { request.effectiveLocalFile }
    func resolve() throws -> ResolvedProfile { try request.resolve() }
}

/// A profile to load: its name or path, `--set` overrides, a local file, the data directory. What
/// `ProfileOptions` parses, and what a command that takes the profile as an argument builds directly.
struct ProfileRequest {
    var profile: String
    var overrides: [String] = []
    var localFile: String?
    var dataDirectory: String?

    /// The shipped data directory, or a usage error.
    func dataDir() throws -> String {
        try DataDirectory.find(explicit: dataDirectory)
    }

    func catalog() throws -> ProfileCatalog {
        ProfileCatalog(directories: ["\(DataDirectory.userConfig)/profiles", "\(try dataDir())/profiles"])
    }

    /// What the shell offers after `--profile`: the names `profiles list` shows, from the data directory the
    /// command line names with `--data-dir`, if it does, as the command itself would find it.
    static func completionNames(words: [String]) -> [String] {
        let explicit = words.firstIndex(of: "--data-dir").flatMap { words.index(after: $0) < words.endIndex ? words[$0 + 1] : nil }
        let request = ProfileRequest(profile: "", overrides: [], localFile: nil, dataDirectory: explicit)
        return ((try? request.catalog().all()) ?? []).map(\.name)
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
            throw CLIError.diagnostics(phase: .loadingProfile(profile), error)
        }
    }
}
