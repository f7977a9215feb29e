import CommandValues
import Foundation
import OdroidProcess
import Testing
import TestSupport

/// The Debian package and scripts/install.sh, built from this checkout and used as a user would: installed with
/// apt, run from `/`, its man page and completions found, then purged with nothing left behind. Needs root (apt) and
/// builds the release binary (minutes the first time; ODROID_RELEASE_SCRATCH keeps its build directory).
@Suite(
    "The Debian package and install.sh, installed and used from /", .tags(.realProcess), .serialized,
    .enabled(if: SlowTests.enabled && getuid() == 0))
struct PackageInstallTests {
    /// One release build for both tests, in the release build directory (kept between runs like .build).
    static let release: Result<String, any Error> = Result {
        let environment = ProcessInfo.processInfo.environment
        let dir = "\(environment["ODROID_RELEASE_SCRATCH"] ?? "\(Repository.root)/.build/release-static")/dist"
        let run = try Shell.run(["sh", "\(Repository.root)/scripts/build-release.sh", dir])
        guard run.ok else { throw PackageTestError.failed("build-release.sh", run.log) }
        return dir
    }

    @Test("the package installs with apt, runs from /, has its man page and completion, and purges clean")
    func debianPackage() throws {
        let release = try Self.release.get()
        let out = try ScratchDirectory("deb")
        let built = try Shell.run(
            ["sh", "\(Repository.root)/scripts/package-deb.sh", out.path], environment: ["ODROID_RELEASE_DIR": release])
        #expect(built.ok, "\(built.log)")
        let debs = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".deb") }
        let deb = try #require(debs.count == 1 ? out.file(debs[0]) : nil, "one .deb expected, found \(debs)")
        let arch = try Shell.output(["dpkg", "--print-architecture"])
        let version = try Shell.output(["dpkg-deb", "-f", deb, "Version"])
        #expect(debs[0] == "odroid-build_\(version)_\(arch).deb")
        // The version is this checkout's: the source version, and the commit it was built from.
        let head = try Shell.output(["git", "-C", Repository.root, "rev-parse", "HEAD"])
        let modified = try !Shell.output(["git", "-C", Repository.root, "status", "--porcelain", "--untracked-files=no"]).isEmpty
        let commit = head + (modified ? ", with uncommitted changes" : "")
        #expect(
            version.hasPrefix(
                try Shell.output([
                    "sed", "-n", #"s/.*static let version = "\(.*\)"/\1/p"#, "\(Repository.root)/Sources/OdroidCore/OdroidCore.swift",
                ])))
        #expect(version.contains(String(head.prefix(12))) || !version.contains("~git"))

        let depends = try Shell.output(["dpkg-deb", "-f", deb, "Depends"])
        for needed in ["libc6", "libfdt1", "u-boot-tools", "mtools", "dosfstools"] {
            #expect(depends.contains(needed), "Depends: \(depends)")
        }
        #expect(!depends.contains("swift"), "Depends: \(depends)")
        let contents = try Shell.output(["dpkg-deb", "--contents", deb])
        let paths = Set(
            contents.split(separator: "\n").compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) })
        for path in [
            "./usr/bin/odroid-build", "./usr/share/odroid-build/profiles/odroidxu.toml",
            "./usr/share/odroid-build/templates/boot.cmd.mustache",
            "./usr/share/odroid-build/data/host-tools.json", "./usr/share/man/man1/odroid-build.1.gz",
            "./usr/share/bash-completion/completions/odroid-build",
            "./usr/share/zsh/vendor-completions/_odroid-build", "./usr/share/fish/vendor_completions.d/odroid-build.fish",
            "./usr/share/doc/odroid-build/copyright", "./usr/share/doc/odroid-build/changelog.gz", "./usr/lib/odroid-build/odroid-trace.so",
        ] {
            #expect(paths.contains(path), "\(path) missing from the package")
        }
        let owners = Set(contents.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] })
        #expect(owners == ["root/root"], "every file owned by root: \(owners)")

        let installedBefore = try Shell.run(["dpkg-query", "-W", "-f", "${Status}", "odroid-build"])
        try #require(
            !(installedBefore.ok && installedBefore.stdout.contains("installed")),
            "odroid-build is installed on this machine already; this test would replace it: apt-get purge odroid-build")
        let before = try Self.systemFiles()
        let install = try Shell.run(
            ["apt-get", "install", "-y", "--no-install-recommends", deb], environment: ["DEBIAN_FRONTEND": "noninteractive"])
        defer { _ = try? Shell.run(["apt-get", "purge", "-y", "odroid-build"], environment: ["DEBIAN_FRONTEND": "noninteractive"]) }
        try #require(install.ok, "\(install.log)")

        // The installed program, run from / with nothing pointing it at the checkout.
        let clean = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "XDG_CONFIG_HOME": "/nonexistent-odroid-test-config"]
        let plan = try Shell.run(
            ["/usr/bin/odroid-build", "--profile", "odroidxu", "--kernel", "3.12.3", "--dry-run"], environment: clean, directory: "/")
        #expect(plan.ok, "\(plan.log)")
        #expect(plan.stdout.contains("odroidxu_defconfig"))
        #expect(plan.stdout.contains("LOADADDR=0x40008000"))
        // The same plan as the checkout's own binary prints for the same request.
        let checkout = try Binary.run(["--profile", "odroidxu", "--kernel", "3.12.3", "--dry-run"], directory: "/")
        #expect(plan.stdout == checkout.stdout)
        let shown = try Shell.output(["/usr/bin/odroid-build", "--version"], environment: clean)
        #expect(shown == "\(version) (commit \(commit))")
        let ldd = try Shell.output(["ldd", "/usr/bin/odroid-build"])
        #expect(!ldd.contains("swift"), "the installed binary needs the Swift runtime: \(ldd)")

        #expect(try Shell.output(["man", "-w", "odroid-build"]) == "/usr/share/man/man1/odroid-build.1.gz")
        let page = try Shell.output(["man", "-P", "cat", "odroid-build"], environment: ["MANWIDTH": "100"])
        #expect(page.contains("odroid-build") && page.contains("boot-test"), "\(page.prefix(400))")

        // Bash: the completion file registers itself, completes subcommands, and asks the installed program for
        // the profile names after --profile.
        let bash = """
            source /usr/share/bash-completion/completions/odroid-build
            complete -p odroid-build
            comp() { read -ra COMP_WORDS <<< "$1"; COMP_WORDS+=("$2"); COMP_LINE="$1 $2"; COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _odroid-build odroid-build "$2" "${COMP_WORDS[-2]}"; echo "${COMPREPLY[*]}"; }
            comp "odroid-build" "boot-t"
            comp "odroid-build build" "--prof"
            comp "odroid-build build --profile" "odroidx"
            """
        let completion = try Shell.run(["bash", "-c", bash], environment: clean, directory: "/")
        #expect(completion.ok, "\(completion.log)")
        #expect(
            completion.stdout.split(separator: "\n").map(String.init) == [
                "complete -o filenames -F _odroid-build odroid-build", "boot-test", "--profile", "odroidxu odroidxu3 odroidxu4",
            ])

        let purge = try Shell.run(["apt-get", "purge", "-y", "odroid-build"], environment: ["DEBIAN_FRONTEND": "noninteractive"])
        #expect(purge.ok, "\(purge.log)")
        let after = try Self.systemFiles()
        #expect(after.subtracting(before).sorted() == [], "left behind")
        #expect(before.subtracting(after).sorted() == [], "removed by the package")
        #expect(!FileManager.default.fileExists(atPath: "/usr/bin/odroid-build"))
    }

    @Test("install.sh PREFIX: the binary finds its own data, man page and completions, from /")
    func installScript() throws {
        let release = try Self.release.get()
        let scratch = try ScratchDirectory("prefix")
        let prefix = scratch.file("usr local")  // a space: the script quotes its paths
        let run = try Shell.run(["sh", "\(Repository.root)/scripts/install.sh", prefix], environment: ["ODROID_RELEASE_DIR": release])
        #expect(run.ok, "\(run.log)")
        let listed = Set(run.stdout.split(separator: "\n").map(String.init))
        for path in [
            "bin/odroid-build", "share/odroid-build/profiles/odroidxu.toml", "share/odroid-build/data/host-tools.json",
            "share/man/man1/odroid-build.1.gz", "share/bash-completion/completions/odroid-build", "share/zsh/site-functions/_odroid-build",
            "share/fish/vendor_completions.d/odroid-build.fish", "lib/odroid-build/odroid-trace.so",
        ] {
            #expect(listed.contains("\(prefix)/\(path)"), "\(path) not installed")
            #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(path)"))
        }
        let clean = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "XDG_CONFIG_HOME": "/nonexistent-odroid-test-config"]
        let plan = try Shell.run(
            ["\(prefix)/bin/odroid-build", "--profile", "odroidxu4", "--kernel", "6.1", "--dry-run"], environment: clean, directory: "/")
        #expect(plan.ok, "\(plan.log)")
        #expect(plan.stdout.contains("odroidxu4"))
        let profiles = try Shell.output(["\(prefix)/bin/odroid-build", "profiles", "list"], environment: clean, directory: "/")
        #expect(profiles.contains("qemu-virt"))
        #expect(
            try Shell.output(["man", "-w", "odroid-build"], environment: ["MANPATH": "\(prefix)/share/man"])
                == "\(prefix)/share/man/man1/odroid-build.1.gz")
        let relative = try Shell.run(
            ["sh", "\(Repository.root)/scripts/install.sh", "relative/prefix"], environment: ["ODROID_RELEASE_DIR": release])
        #expect(relative.exitCode == 2 && relative.stderr.contains("absolute"), "\(relative.log)")
    }

    /// Every path under the directories a package can touch (contents of caches and logs aside).
    static func systemFiles() throws -> Set<String> {
        let listing = try Shell.output(["find", "/usr", "/etc", "/opt", "/var/lib/dpkg/info", "-xdev"])
        return Set(listing.split(separator: "\n").map(String.init))
    }
}

enum PackageTestError: Error, CustomStringConvertible {
    case failed(String, String)
    var description: String {
        switch self {
        case .failed(let what, let log): return "\(what) failed:\n\(log)"
        }
    }
}

/// Runs a command for these tests and keeps its output.
enum Shell {
    struct Run {
        var status: Termination
        var stdout: String
        var stderr: String
        var ok: Bool { exitCode == 0 }
        var exitCode: Int32? { if case .exited(let code) = status { return code } else { return nil } }
        var log: String { "exit \(status)\nstdout:\n\(stdout.suffix(4000))\nstderr:\n\(stderr.suffix(4000))" }
    }

    /// This process's environment without ODROID_BUILD_DATA: the programs under test find their data themselves.
    static let base = ProcessInfo.processInfo.environment.filter { $0.key != "ODROID_BUILD_DATA" }

    static func run(_ argv: [String], environment: [String: String] = [:], directory: String? = nil) throws -> Run {
        let result = try SpawnRunner(baseEnvironment: base).run(Command(argv, environment: environment, workingDirectory: directory))
        return Run(status: result.termination, stdout: result.stdoutText, stderr: result.stderrText)
    }

    /// stdout without its final newline; throws when the command fails.
    static func output(_ argv: [String], environment: [String: String] = [:], directory: String? = nil) throws -> String {
        let run = try run(argv, environment: environment, directory: directory)
        guard run.ok else { throw PackageTestError.failed(argv.joined(separator: " "), run.log) }
        return run.stdout.hasSuffix("\n") ? String(run.stdout.dropLast()) : run.stdout
    }
}
