import Foundation

/// libFuzzer entry for the TOML parser, profile resolution and rendering (and, on the same bytes, the boot-script
/// lint). Any bytes, taken as the profile file `/fuzz/fuzz.toml` (which may extend the shipped profiles and the
/// test fixtures), must give either a resolved profile or diagnostics, never a crash; lines `#--set key=value`
/// in the input are also passed as `--set` overrides. Beyond not crashing:
/// - every diagnostic names a real file (never `<default>`), and one about the fuzzed file has a line;
/// - a resolved profile's addresses are 32-bit and its memory windows end inside the 32-bit space;
/// - a resolved profile plans, prints its plan, and renders every script format or reports why not.
/// Built together with Sources/OdroidCore (so internal API is reachable) by fuzz/run.sh; the shipped
/// profiles, fixtures and templates are read once, from ODROID_FUZZ_ROOT (the repository).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfile(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    _ = try? TOMLParser.parse(bytes)
    // The same bytes as a boot script someone asks `lint` about.
    let text = String(decoding: bytes, as: UTF8.self)
    for format in [ResolvedProfile.ScriptFormat.ini, .cmd, .extlinux] {
        _ = BootScriptLint(format: format, flavour: format == .ini ? .hardkernel2012 : .mainline).lint(text, file: "fuzz")
    }
    let overrides = text.split(separator: "\n")
        .filter { $0.hasPrefix("#--set ") }.map { String($0.dropFirst("#--set ".count)) }
    let catalog = ProfileCatalog(
        directories: [FuzzData.fuzzDirectory] + FuzzData.directories,
        readFile: { $0 == FuzzData.fuzzFile ? bytes : FuzzData.files[$0] },
        listDirectory: { directory in
            FuzzData.files.keys.filter { $0.hasPrefix(directory + "/") }.map { String($0.dropFirst(directory.count + 1)) }
        })
    let profile: ResolvedProfile
    do {
        profile = try ProfileResolver(catalog: catalog).resolve("fuzz", overrides: overrides)
    } catch {
        for diagnostic in error.items {
            precondition(diagnostic.file != Origin.defaultValue.file, "a diagnostic names <default>: \(diagnostic)")
            precondition(diagnostic.file != FuzzData.fuzzFile || diagnostic.line != nil, "a diagnostic of the file has no line: \(diagnostic)")
            _ = diagnostic.description
        }
        return 0
    }
    check(profile)
    return 0
}

private func check(_ profile: ResolvedProfile) {
    for address in [profile.kernel.loadAddress, profile.boot.kernelAddress, profile.boot.initrdAddress ?? 0] {
        precondition(AddressSpace.contains(address), "a resolved address is not 32-bit")
    }
    precondition(AddressSpace.end(start: profile.board.dramBase, size: profile.board.dramSize) != nil, "DRAM leaves the 32-bit space")
    precondition(!profile.boot.formats.isEmpty && !profile.board.compatible.isEmpty, "a required list is empty")
    let map = MemoryMap(profile: profile)
    precondition(map.problems().isEmpty, "a profile with memory problems resolved")
    for window in map.windows { precondition(AddressSpace.problem(with: window.region) == nil, "a window leaves the 32-bit space") }
    _ = MemoryMap(profile: profile, sizes: .init(kernel: UInt64(UInt32.max), initrd: 0, dtb: 1)).problems()
    let templates = TemplateStore(directory: FuzzData.templatesDirectory, readFile: { FuzzData.templates[$0] })
    var rendered: [String: String] = [:]
    for format in ResolvedProfile.ScriptFormat.allCases {
        if let script = try? BootScriptRenderer(profile: profile, templates: templates).render(format, version: "6.1.0-fuzz") {
            rendered[BootScriptNames.renderedFile(format)] = script.text
        }
    }
    if TryOnceScriptRenderer.unsupported(profile) == nil {
        _ = try? TryOnceScriptRenderer(profile: profile, templates: templates).render(trial: "6.1.1", fallback: "6.1.0", token: "6.1.1-1")
    }
    for arch in ["x86_64", "armv7l"] {
        let options = PlanOptions(kernelVersion: "6.1.0-fuzz", workDirectory: "/w", cacheDirectory: "/c", hostArch: arch, cpuCount: 2,
                                  bootTarget: .image(path: "/b.img", offset: 1 << 20))
        let plan = PlanBuilder(profile: profile, options: options).build()
        precondition(!plan.steps.isEmpty, "an empty plan")
        let printer = PlanPrinter(plan: plan, renderedScripts: rendered)
        _ = printer.dryRun()
        _ = printer.standaloneScript()
    }
}

/// The repository's profiles, fixtures and templates, read once.
private enum FuzzData {
    static let fuzzDirectory = "/fuzz"
    static let fuzzFile = "/fuzz/fuzz.toml"
    static let root = ProcessInfo.processInfo.environment["ODROID_FUZZ_ROOT"] ?? FileManager.default.currentDirectoryPath
    static let directories = ["\(root)/profiles", "\(root)/Tests/OdroidCoreTests/Fixtures/profiles"]
    static let templatesDirectory = "\(root)/templates"
    static let files: [String: [UInt8]] = read(directories, suffix: ".toml")
    static let templates: [String: String] = read([templatesDirectory], suffix: ".mustache").mapValues { String(decoding: $0, as: UTF8.self) }

    private static func read(_ directories: [String], suffix: String) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for directory in directories {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(suffix) {
                if let data = FileManager.default.contents(atPath: "\(directory)/\(name)") { result["\(directory)/\(name)"] = [UInt8](data) }
            }
        }
        precondition(!result.isEmpty, "no \(suffix) files under \(directories); set ODROID_FUZZ_ROOT to the repository")
        return result
    }
}
