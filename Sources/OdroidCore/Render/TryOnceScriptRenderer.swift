import Mustache

/// Renders the try-once boot.ini (template `boot.ini-try-once.mustache`): the first boot saves a token in
/// u-boot's environment and boots the trial kernel, every later boot sees the token and boots the fallback.
/// Only boot.ini (Hardkernel u-boot, which has `saveenv` and one-line hush `if` but no bootcount) supports
/// it. The result is linted like every other script.
public struct TryOnceScriptRenderer: Sendable {
    public static let templateName = "boot.ini-try-once.mustache"

    public var profile: ResolvedProfile
    public var templates: TemplateStore

    public init(profile: ResolvedProfile, templates: TemplateStore) {
        self.profile = profile
        self.templates = templates
    }

    /// Why this profile cannot try a kernel once, or nil.
    public static func unsupported(_ profile: ResolvedProfile) -> String? {
        guard profile.boot.formats.first == .ini, profile.boot.flavour != .mainline else {
            return
                "try-once needs a Hardkernel boot.ini (u-boot with saveenv); profile \(profile.name) boots with \(profile.boot.formats.first?.rawValue ?? "nothing")"
        }
        return nil
    }

    /// A u-boot token: letters, digits, '.', '-', '_' and '+' only (versions are already limited to these).
    public static func token(version: String, seconds: Int) -> String { "\(version)-\(seconds)" }

    public func render(trial: String, fallback: String, token: String) throws(Diagnostics) -> (text: String, warnings: [Diagnostic]) {
        if let why = Self.unsupported(profile) { throw Diagnostics([Diagnostic(file: "profile \(profile.name)", message: why)]) }
        let unsafe =
            RenderedNames.problems(profile: profile, version: trial, role: "trial version")
            + RenderedNames.problems(profile: profile, version: fallback, role: "fallback version") + RenderedNames.tokenProblems(token)
        if !unsafe.isEmpty { throw Diagnostics(unsafe) }
        let renderer = BootScriptRenderer(profile: profile, templates: templates)
        var context = renderer.context(version: trial)
        context["trial"] = renderer.context(version: trial)
        context["fallback"] = renderer.context(version: fallback)
        context["trial_version"] = trial
        context["fallback_version"] = fallback
        context["token"] = token
        let source = try templates.template(named: Self.templateName)
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: source)
        } catch {
            throw Diagnostics([
                Diagnostic(file: "\(templates.directory)/\(Self.templateName)", message: "template does not parse: \(error)")
            ])
        }
        var text = template.render(context)
        while text.hasPrefix("\n") { text.removeFirst() }
        let lint = BootScriptLint(format: .ini, flavour: profile.boot.flavour).lint(text, file: "<rendered try-once boot.ini>")
        if !lint.filter({ $0.severity == .error }).isEmpty { throw Diagnostics(lint) }
        return (text, lint)
    }
}
