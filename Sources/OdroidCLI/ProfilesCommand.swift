import ArgumentParser
import OdroidCore

/// `odroid-build profiles list|show`: what profiles exist and what the tool understood from one.
struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles", abstract: "List board profiles or show one as resolved.",
        subcommands: [List.self, Show.self, Keys.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the board profiles found, with their descriptions.")

        @Option(
            name: .customLong("data-dir"), help: ArgumentHelp("Directory holding the shipped profiles/ and templates/.", valueName: "dir"))
        var dataDirectory: String?

        func run() throws {
            try reportingErrors {
                let dir = try DataDirectory.find(explicit: dataDirectory)
                let catalog = ProfileCatalog(directories: ["\(DataDirectory.userConfig)/profiles", "\(dir)/profiles"])
                for (name, path) in catalog.all() {
                    let file = SettingsFile(path: path, bytes: catalog.readFile(path) ?? [])
                    var description = ""
                    if case .string(let d)? = file.settings[.profileDescription]?.value { description = d }
                    let abstract = file.settings[.profileAbstract]?.value == .bool(true) ? " (abstract base)" : ""
                    Terminal.out(name.padding(toLength: 12) + "  " + description + abstract + "\n")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every resolved value of a profile and the file and line it came from.")

        @Argument(help: "Profile name or path to a .toml file.")
        var name: String

        @Option(name: .customLong("set"), help: ArgumentHelp("Override one value, as for build.", valueName: "key.path=value"))
        var overrides: [String] = []

        @Option(name: .customLong("local"), help: ArgumentHelp("Local override file.", valueName: "file"))
        var localFile: String?

        @Option(
            name: .customLong("data-dir"), help: ArgumentHelp("Directory holding the shipped profiles/ and templates/.", valueName: "dir"))
        var dataDirectory: String?

        func run() throws {
            try reportingErrors {
                let options = ProfileRequest(profile: name, overrides: overrides, localFile: localFile, dataDirectory: dataDirectory)
                let profile = try options.resolve()
                Terminal.out(ProfileSummary(profile: profile).full())
            }
        }
    }

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every key a profile may set, with its type, default and meaning (Markdown).")

        func run() throws {
            Terminal.out(ProfileReference.markdown())
        }
    }
}
