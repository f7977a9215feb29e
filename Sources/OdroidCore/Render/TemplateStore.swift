import Foundation

/// Reads boot-script templates from the templates/ directory (data, not code).
public struct TemplateStore: Sendable {
    public var directory: String
    public var readFile: @Sendable (String) -> String?

    public init(directory: String, readFile: @escaping @Sendable (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) })
    {
        self.directory = directory
        self.readFile = readFile
    }

    /// The template file name for a format under a u-boot flavour.
    public static func templateName(_ format: ResolvedProfile.ScriptFormat, flavour: ResolvedProfile.Flavour) -> String {
        switch format {
        case .ini:
            switch flavour {
            case .hardkernel2012: return "boot.ini-hardkernel-2012.mustache"
            case .hardkernel2017Lines: return "boot.ini-hardkernel-2017-lines.mustache"
            case .hardkernel2017, .mainline: return "boot.ini-hardkernel-2017.mustache"
            }
        case .cmd, .scr: return "boot.cmd.mustache"
        case .extlinux: return "extlinux.conf.mustache"
        case .prompt: return "u-boot-prompt.mustache"
        }
    }

    func template(named name: String) throws(Diagnostics) -> String {
        let path = "\(directory)/\(name)"
        guard let text = readFile(path) else {
            throw Diagnostics([
                Diagnostic(file: path, message: "template not found (is the templates directory right? set ODROID_BUILD_DATA)")
            ])
        }
        return text
    }
}
