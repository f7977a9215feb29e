import Mustache

/// Renders a profile's boot scripts from templates and lints each result, so no script that u-boot would
/// reject (or misread) leaves the tool. Every value placed in a script was checked by the profile validator.
public struct BootScriptRenderer: Sendable {
    public var profile: ResolvedProfile
    public var templates: TemplateStore

    public init(profile: ResolvedProfile, templates: TemplateStore) {
        self.profile = profile
        self.templates = templates
    }

    /// The values a template sees.
    public func context(version: String) -> [String: Any] {
        let files = profile.bootFiles(version: version)
        let boot = profile.boot
        var context: [String: Any] = [
            "profile": profile.name,
            "version": version,
            "flavour": boot.flavour.rawValue,
            "bootargs": profile.bootargs,
            "interface": boot.interface,
            "device": boot.device,
            "kernel_addr": Hex.address(boot.kernelAddress),
            "kernel_file": files.kernel,
            "boot_line": bootLine(files: files),
        ]
        if let address = boot.initrdAddress, let initrd = files.initrd {
            context["initrd"] = ["initrd_addr": Hex.address(address), "initrd_file": initrd]
        }
        if let raw = files.rawInitrd {
            context["raw_initrd"] = ["raw_initrd_file": raw]
        }
        if case .partition(let address) = boot.dtb, let dtb = files.dtb {
            context["dtb"] = ["dtb_addr": Hex.address(address), "dtb_file": dtb]
        }
        return context
    }

    /// `bootm KERNEL INITRD|- DTB` or the bootz equivalent.
    public func bootLine(files: BootFiles) -> String {
        let boot = profile.boot
        let initrd = boot.initrdAddress.map(Hex.address) ?? "-"
        let dtb: String
        switch boot.dtb {
        case .partition(let address): dtb = Hex.address(address)
        case .firmware(let variable): dtb = "${\(variable)}"
        }
        return "\(boot.command.rawValue) \(Hex.address(boot.kernelAddress)) \(files.initrd == nil ? "-" : initrd) \(dtb)"
    }

    /// Renders `format` and lints it; lint errors are thrown, warnings returned with the text.
    /// The formats this profile renders: the listed ones, and boot.cmd when boot.scr is listed (its source).
    public var renderableFormats: [ResolvedProfile.ScriptFormat] {
        var formats = profile.boot.formats
        if formats.contains(.scr) && !formats.contains(.cmd) { formats.append(.cmd) }
        return formats
    }

    public func render(_ format: ResolvedProfile.ScriptFormat, version: String) throws(Diagnostics) -> (
        text: String, warnings: [Diagnostic]
    ) {
        // A format the profile does not list names files no install copies, or lacks what its u-boot needs.
        guard renderableFormats.contains(format) || (format == .cmd && renderableFormats.contains(.scr)) else {
            let origin = profile.settings[.bootFormats]?.origin
            throw Diagnostics([
                Diagnostic(
                    file: origin?.file ?? "profile \(profile.name)", line: origin?.line, key: .bootFormats,
                    message:
                        "profile \(profile.name) renders \(profile.boot.formats.map(\.rawValue).joined(separator: ", ")), not \(format.rawValue): its installs copy no files for another format"
                )
            ])
        }
        let unsafe = RenderedNames.problems(profile: profile, version: version)
        if !unsafe.isEmpty { throw Diagnostics(unsafe) }
        let name = TemplateStore.templateName(format, flavour: profile.boot.flavour)
        let source = try templates.template(named: name)
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: source)
        } catch {
            throw Diagnostics([Diagnostic(file: "\(templates.directory)/\(name)", message: "template does not parse: \(error)")])
        }
        var text = template.render(context(version: version))
        while text.hasPrefix("\n") { text.removeFirst() }
        let lint = BootScriptLint(format: format, flavour: profile.boot.flavour).lint(
            text, file: "<rendered \(BootScriptNames.renderedFile(format))>")
        if !lint.filter({ $0.severity == .error }).isEmpty { throw Diagnostics(lint) }
        return (text, lint)
    }
}
