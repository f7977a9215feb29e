import ArgumentParser
import BuildExecutor
import CardInspect
import Foundation
import OdroidCore
import OdroidProcess

/// `odroid-build doctor --profile P`: checks that every tool the profile's build plan needs is installed and
/// names the Debian package for each missing one. The build runs the same check before its first step.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that the tools a profile's build needs are installed; name the Debian package for each missing one.",
        discussion: "Exit status 0 when everything is there, 1 when something is missing.")

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var target: BootTargetOptions
    @OptionGroup var root: RootTargetOptions

    @Option(
        name: .shortAndLong, help: ArgumentHelp("Kernel version to check for (its source tarball is looked for too).", valueName: "version")
    )
    var kernel: String?

    @Option(help: ArgumentHelp("CROSS_COMPILE prefix to use instead of the profile's (forces cross-compiling).", valueName: "prefix"))
    var crossCompile: String?

    @Flag(help: "Check for ccache even if the profile does not ask for it.")
    var ccache = false

    @Option(help: ArgumentHelp("Check these distcc hosts (distcc's syntax) instead of the profile's kernel.distcc.", valueName: "hosts"))
    var distcc: String?

    @Option(help: ArgumentHelp("Command that runs privileged steps as root when odroid-build is not root.", valueName: "command"))
    var elevate = "sudo"

    func validate() throws {
        if let kernel, let problem = PlanOptions.checkVersion(kernel) { throw ValidationError(problem) }
        _ = try distccHosts()
    }

    func run() throws {
        try reportingErrors {
            let profile = try profileOptions.resolve()
            let version = kernel ?? "0"
            var host = HostFacts.current
            let choice = try root.choose(boot: target, profile: profile, native: host.buildsNatively(crossCompileOverride: crossCompile))
            host.ccacheInstalled = true  // plan the ccache steps as if ccache were there, so a missing ccache is reported
            var plan = HostPlanRequest(
                kernelVersion: version, crossCompileOverride: crossCompile, forceCCache: ccache, bootTarget: target.planTarget,
                rootTarget: choice.target, hostRootIsTarget: root.hostRootAsTarget, distcc: try distccHosts(), host: host
            ).plan(profile)
            if plan.refusal != nil {
                // The board's generator does not belong on this machine: never advise installing it here.
                plan.steps.removeAll { $0.id == "initramfs" }
            }
            let table = "\(try profileOptions.dataDir())/data/host-tools.json"
            let packages: PackageTable
            do {
                packages = try PackageTable.load(path: table)
            } catch {
                throw CLIError.failed(phase: .readingPackageTable, "\(error)")
            }
            let path = ProcessInfo.processInfo.environment["PATH"]
            let check = ToolCheck(table: packages, path: path)
            var requirements = ToolRequirements.of(
                plan, elevation: geteuid() == 0 ? nil : elevate.split(separator: " ").first.map(String.init))
            // What `boot-test` and a build's --boot-test need besides the build.
            if profile.qemu != nil { requirements.append(ToolRequirement("qemu-system-arm", why: "boot proofs (boot-test, --boot-test)")) }
            var missing: [ToolCheck.Missing] = []
            Terminal.out(
                "odroid-build doctor: profile \(profile.name), host \(host.machine)"
                    + (plan.crossCompile.map { ", cross-compiling with \($0)" } ?? ", building natively") + "\n")
            for requirement in requirements {
                if check.isPresent(requirement) {
                    let found: String
                    switch requirement.kind {
                    case .program: found = ExecutableLookup.find(requirement.name, path: path) ?? ""
                    case .header: found = "<\(requirement.name)>"
                    case .binfmt: found = "\(BinfmtHandler.directory)/\(requirement.name) (enabled, F flag)"
                    }
                    Terminal.out("  ok       \(requirement.name)  \(found)\n")
                } else {
                    let item = check.missing([requirement])[0]
                    missing.append(item)
                    Terminal.out("  MISSING  \(item)\n")
                }
            }
            if kernel != nil, case .tarball(let pattern) = profile.kernel.source {
                let tarball = pattern.replacingOccurrences(of: "{version}", with: version)
                let present = FileManager.default.fileExists(atPath: tarball)
                Terminal.out(
                    "  \(present ? "ok     " : "MISSING")  kernel source \(tarball)"
                        + (present || !tarball.hasPrefix("/usr/src/linux-source-") ? "" : ": install package linux-source-\(version)")
                        + "\n")
                if !present {
                    missing.append(ToolCheck.Missing(requirement: ToolRequirement(tarball, why: "kernel source"), package: nil, note: nil))
                }
            }
            if let qemu = profile.qemu {
                let present = FileManager.default.fileExists(atPath: qemu.firmware)
                Terminal.out(
                    "  \(present ? "ok     " : "MISSING")  u-boot firmware \(qemu.firmware)"
                        + (present ? "" : ": install package u-boot-qemu") + "\n")
                if !present {
                    missing.append(
                        ToolCheck.Missing(
                            requirement: ToolRequirement(qemu.firmware, why: "u-boot for QEMU"), package: "u-boot-qemu", note: nil))
                }
            }
            // The card's own u-boot, when the card is at hand: does the profile fit it?
            if let image = target.bootImage.map(absolute), FileManager.default.fileExists(atPath: image),
                let area = try? CardBootArea.read(path: image)
            {
                let report = CardReport(area: area, profile: profile)
                Terminal.out(
                    "  card     " + (area.uBoot?.version.map { "u-boot \($0.version) (\($0.date))" } ?? "no u-boot at sector 63 yet") + "\n"
                )
                for finding in report.findings {
                    Terminal.out("  \(finding.severity == "warning" ? "WARNING" : finding.severity)  \(finding.message)\n")
                }
            }
            if let hosts = try distccHosts() ?? profile.kernel.distcc, check.isPresent(ToolRequirement("distcc", why: "")) {
                missing += checkDistcc(hosts, compiler: "\(plan.crossCompile ?? "")gcc")
            }
            if let refusal = plan.refusal {
                Terminal.out("  NEEDS    the board's root filesystem: \(refusal)\n")
                missing.append(
                    ToolCheck.Missing(
                        requirement: ToolRequirement("root filesystem", why: "modules and initramfs"), package: nil, note: refusal))
            }
            if missing.isEmpty {
                Terminal.out("everything the build of \(profile.name) needs is installed\n")
            } else {
                throw CLIError.failed(phase: .checkingHost, "\(missing.count) missing" + ToolCheck.installHint(missing))
            }
        }
    }

    func distccHosts() throws(ValidationError) -> DistccHosts? { try DistccOption.hosts(distcc) }

    /// Each distcc host compiles a probe with local fallback off; a dead host is missing, another compiler
    /// than this machine's a warning (its objects would differ).
    private func checkDistcc(_ hosts: DistccHosts, compiler: String) -> [ToolCheck.Missing] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-build-distcc-probe-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let probe = DistccProbe(runner: SpawnRunner(), compiler: compiler, scratch: scratch)
        let local = probe.localCompiler()
        Terminal.out(
            "  distcc   \(hosts.hosts.count) host\(hosts.hosts.count == 1 ? "" : "s"), \(hosts.slots) slots; here: \(local ?? "\(compiler) cannot compile")\n"
        )
        var missing: [ToolCheck.Missing] = []
        for answer in probe.ask(hosts) {
            if let problem = answer.problem {
                Terminal.out("  DEAD     distcc host \(answer.host): \(problem)\n")
                missing.append(
                    ToolCheck.Missing(
                        requirement: ToolRequirement("distcc host \(answer.host)", why: "distributed compiles"), package: nil, note: problem
                    ))
            } else if let compiler = answer.compiler, let local, compiler != local {
                Terminal.out(
                    "  WARNING  distcc host \(answer.host) compiles with \(compiler), this machine with \(local): objects would differ\n")
            } else {
                Terminal.out("  ok       distcc host \(answer.host)  \(answer.compiler ?? "")\n")
            }
        }
        return missing
    }
}
