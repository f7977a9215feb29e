import Foundation
import OdroidProcess

/// `odroid-build doctor`, and the same check before a build's first step: which required tools are missing,
/// each with the Debian package that provides it.
public struct ToolCheck: Sendable {
    /// A requirement not met, and how to meet it.
    public struct Missing: Sendable, Equatable, CustomStringConvertible {
        public var requirement: ToolRequirement
        public var package: String?
        public var note: String?

        public init(requirement: ToolRequirement, package: String?, note: String?) {
            self.requirement = requirement
            self.package = package
            self.note = note
        }

        public var description: String {
            let what: String
            switch requirement.kind {
            case .header: what = "header <\(requirement.name)>"
            case .binfmt: what = "binfmt_misc handler \(requirement.name) (\(BinfmtHandler.read(requirement.name).problem ?? "ok"))"
            case .program: what = requirement.name
            }
            let fix = package.map { "install package \($0)" } ?? note ?? "no Debian package known"
            return "\(what) (\(requirement.why)): \(fix)"
        }
    }

    public var table: PackageTable
    /// PATH to search programs in.
    public var path: String?
    /// Directories searched for headers.
    public var includeDirectories: [String]

    public init(table: PackageTable, path: String?, includeDirectories: [String] = ["/usr/include", "/usr/local/include"]) {
        self.table = table
        self.path = path
        self.includeDirectories = includeDirectories
    }

    public func isPresent(_ requirement: ToolRequirement) -> Bool {
        switch requirement.kind {
        case .program:
            return ExecutableLookup.find(requirement.name, path: path) != nil
        case .header:
            return includeDirectories.contains { FileManager.default.fileExists(atPath: "\($0)/\(requirement.name)") }
        case .binfmt:
            return BinfmtHandler.read(requirement.name).problem == nil
        }
    }

    public func missing(_ requirements: [ToolRequirement]) -> [Missing] {
        requirements.filter { !isPresent($0) }.map { requirement in
            let entry = table.entry(for: requirement.name)
            return Missing(requirement: requirement, package: entry?.package, note: entry?.note)
        }
    }

    /// "  sudo apt-get install …" for the packages of `missing`, or nothing when none is known.
    public static func installHint(_ missing: [Missing]) -> String {
        var packages: [String] = []
        for item in missing { if let p = item.package, !packages.contains(p) { packages.append(p) } }
        guard !packages.isEmpty else { return "" }
        return "\n  to install: apt-get install " + packages.joined(separator: " ")
    }
}
