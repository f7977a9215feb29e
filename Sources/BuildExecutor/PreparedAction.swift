import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// A step's action made ready to run: boot scripts already rendered (so their text is part of the step's
/// fingerprint), a description that says exactly what the action will do, and `perform`, which does it and
/// returns the failure as data with the command and the end of the log.
struct PreparedAction: CustomStringConvertible {
    let step: PlanStep
    let executor: BuildExecutor
    let release: String?
    /// File name → text, for a render step.
    private var rendered: [(name: String, text: String)] = []
    /// For an initramfs made inside the root filesystem: what it reads there, as a digest.
    private var generatorInputs = ""

    init(step: PlanStep, executor: BuildExecutor, release: String?) throws {
        self.step = step
        self.executor = executor
        self.release = release
        if case .renderBootScripts(let formats, _) = step.action {
            for raw in formats {
                guard let format = ResolvedProfile.ScriptFormat(rawValue: raw) else {
                    throw ExecutionError.io(path: raw, message: "unknown script format")
                }
                let source = format == .scr ? ResolvedProfile.ScriptFormat.cmd : format
                let name = BootScriptNames.renderedFile(source)
                if rendered.contains(where: { $0.name == name }) { continue }
                rendered.append((name, try executor.renderer.render(source, version: executor.plan.kernelVersion).text))
            }
        }
        if case .targetInitramfs(let initramfs) = step.action, let maker = executor.targetInitramfsMaker {
            generatorInputs = maker.inputsDigest(initramfs)
        }
        if ReleaseSubstitution.needsRelease(step) {
            throw ExecutionError.io(path: step.id, message: "needs the kernel release, but no step before it captured one")
        }
    }

    var description: String { description(of: step) }

    /// What this action does when it is `step`'s (the step itself, or as `StepKeys` fingerprints it).
    func description(of step: PlanStep) -> String {
        switch step.action {
        case .run(let command): return "run \(command.shellLine)"
        case .capture(let command, let variable): return "capture \(variable) from \(command.shellLine)"
        case .cpioArchive(let directory, let output): return "cpio newc 0:0 of \(directory), gzip -9 -n, to \(output)"
        case .busyboxInitramfs(let initramfs):
            let busybox = initramfs.busybox ?? "\(initramfs.busyboxPackage):\(initramfs.debianArch) from apt into \(initramfs.packageCache)"
            return "busybox initramfs (\(busybox)) printing \(initramfs.marker), to \(initramfs.output)"
        case .renderBootScripts(_, let directory):
            return "render into \(directory): " + rendered.map { "\($0.name) \(PathFingerprint.digest($0.text))" }.joined(separator: ", ")
        case .install(let spec):
            let files = (spec.files + [spec.bootScript]).map { "\($0.source) -> \($0.destination)" }.joined(separator: ", ")
            return "install to \(executor.plan.bootTarget) (release \(release ?? "?")): \(files)"
        case .installIntoRoot(let install):
            return
                "install \(install.stagedModules) and \(install.kernelConfig) as config-\(install.release) into \(executor.plan.rootTarget.map { "\($0)" } ?? "?")"
        case .targetInitramfs(let initramfs):
            return
                "\(initramfs.command.shellLine) inside \(executor.plan.rootTarget.map { "\($0)" } ?? "?") (reading \(generatorInputs)), to \(initramfs.output)"
        }
    }

    func perform(log: String, activity: StepActivity) -> Result<String?, StepFailure> {
        do {
            switch step.action {
            case .run(let command):
                var commands = [command]
                if step.id == "source" {
                    commands = try SourceAcquisition.commands(for: command, workDirectory: executor.plan.directories.work)
                }
                for command in commands { try run(command, log: log, activity: activity) }
                return .success(nil)
            case .capture(let command, _):
                return .success(try capture(command, log: log))
            case .cpioArchive(let directory, let output):
                try archive(directory, to: output, log: log, activity: activity)
                return .success(nil)
            case .busyboxInitramfs(let initramfs):
                try makeBusyboxInitramfs(initramfs, log: log)
                return .success(nil)
            case .renderBootScripts(_, let directory):
                for (name, text) in rendered {
                    let path = "\(directory)/\(name)"
                    if (try? String(contentsOfFile: path, encoding: .utf8)) == text {
                        LogFile.append(log, "\(path): unchanged")
                    } else {
                        try AtomicFile.write(Data(text.utf8), to: path)
                        LogFile.append(log, "\(path): written (\(text.utf8.count) bytes)")
                    }
                }
                return .success(nil)
            case .install(let spec):
                try install(spec, log: log)
                return .success(nil)
            case .installIntoRoot(let install):
                try installIntoRoot(install, log: log)
                return .success(nil)
            case .targetInitramfs(let initramfs):
                try makeTargetInitramfs(initramfs, log: log)
                return .success(nil)
            }
        } catch let failure as StepFailure {
            return .failure(failure)
        } catch {
            return .failure(self.failure("\(error)", command: nil, log: log))
        }
    }

    func failure(_ reason: String, command: String?, log: String) -> StepFailure {
        StepFailure(
            step: step.id, title: step.title, command: command, reason: reason, logPath: log,
            logTail: StepFailure.tail(of: log, lines: executor.options.logTailLines))
    }

    private func run(_ planned: Command, log: String, activity: StepActivity) throws {
        let options = executor.options
        var command = planned
        if step.privileged && !options.isRoot {
            guard let tool = options.elevation.first, ExecutableLookup.find(tool, path: options.environment["PATH"]) != nil else {
                throw failure(
                    "step needs root and the elevation command '\(options.elevation.joined(separator: " "))' is not installed; run it as root: \(planned.shellLine)",
                    command: planned.shellLine, log: log)
            }
            command = Elevation.wrap(planned, with: options.elevation)
        }
        let verbose = options.verbose
        let progress = executor.progress
        let step = self.step
        let result: ProcessResult
        do {
            result = try executor.runner.runShielded(
                command,
                output: .log(
                    path: log,
                    onLine: { line in
                        activity.observe(line)
                        if verbose { progress.stepOutput(step, line: line) }
                    }), input: nil)
        } catch {
            throw failure("\(error)", command: command.shellLine, log: log)
        }
        if !result.succeeded { throw failure(result.termination.description, command: command.shellLine, log: log) }
    }

    private func capture(_ command: Command, log: String) throws -> String {
        let result: ProcessResult
        do {
            result = try executor.runner.run(command, output: .capture, input: nil)
        } catch {
            throw failure("\(error)", command: command.shellLine, log: log)
        }
        LogFile.append(log, "$ \(command.shellLine)\n" + result.stdoutText + result.stderrText)
        if !result.succeeded { throw failure(result.termination.description, command: command.shellLine, log: log) }
        let value = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty, !value.contains("\n") else {
            throw failure("expected one line of output, got \(value.isEmpty ? "none" : "several")", command: command.shellLine, log: log)
        }
        return value
    }

    private func archive(_ directory: String, to output: String, log: String, activity: StepActivity) throws {
        let temporary = AtomicFile.temporaryName(for: output)
        defer {
            unlink(temporary)
            unlink(temporary + ".gz")
        }
        try CpioArchive.write(directory: directory, to: temporary)
        LogFile.append(log, "packed \(directory) as a newc cpio archive (owner 0:0)")
        try run(Command(["gzip", "-9", "-n", "-f", temporary]), log: log, activity: activity)
        try AtomicFile.commit(temporary + ".gz", to: output)
    }

    private func makeBusyboxInitramfs(_ initramfs: BusyboxInitramfs, log: String) throws {
        guard let maker = executor.initramfsMaker else {
            throw failure("this run has no busybox initramfs maker (odroid-build's CLI supplies one)", command: nil, log: log)
        }
        try produce(initramfs.output, log: log) { temporary in try maker.make(initramfs, output: temporary) { LogFile.append(log, $0) } }
    }

    /// Has `make` write `output` under a temporary name, renamed into place only when it succeeded.
    private func produce(_ output: String, log: String, _ make: (String) throws -> Void) throws {
        let temporary = AtomicFile.temporaryName(for: output)
        defer { unlink(temporary) }
        try make(temporary)
        try AtomicFile.commit(temporary, to: output)
        LogFile.append(log, "wrote \(output)")
    }

    private func installIntoRoot(_ install: RootInstall, log: String) throws {
        guard let installer = executor.rootInstaller else {
            throw failure("this run has no root-filesystem installer (odroid-build's CLI supplies one)", command: nil, log: log)
        }
        if step.privileged, !executor.options.isRoot {
            throw failure(
                "writing this machine's /lib/modules and /boot needs root; run the same command as root: the finished steps will be skipped as unchanged",
                command: nil, log: log)
        }
        try installer.install(install) { LogFile.append(log, $0) }
    }

    private func makeTargetInitramfs(_ initramfs: TargetInitramfs, log: String) throws {
        guard let maker = executor.targetInitramfsMaker else {
            throw failure("this run has no initramfs sandbox (odroid-build's CLI supplies one)", command: nil, log: log)
        }
        try produce(initramfs.output, log: log) { temporary in try maker.make(initramfs, output: temporary) { LogFile.append(log, $0) } }
    }

    private func install(_ spec: InstallSpec, log: String) throws {
        guard let installer = executor.installer else { return }
        if step.privileged, !executor.options.isRoot, case .mounted(let path) = executor.plan.bootTarget, access(path, W_OK) != 0 {
            throw failure(
                "writing to the boot partition at \(path) needs root; run the same command as root (e.g. sudo \(executor.options.commandLine)): the finished steps will be skipped as unchanged",
                command: nil, log: log)
        }
        try installer.install(spec, kernelRelease: release) { LogFile.append(log, $0) }
    }
}

extension StepFailure: Error {}

/// Appends lines the tool itself writes (in-process actions) to a step's log.
enum LogFile {
    static func append(_ path: String, _ text: String) {
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
