@testable import OdroidCore
import Testing
import TestSupport

/// The key enum, the schema and the builder held together: code names keys only as `ProfileKey` cases (a
/// typo does not compile), so what is left to check is that the schema describes each case exactly once and
/// that the builder does not leave a required key unread.
@Suite("Profile keys, schema and builder", .tags(.pure))
struct ProfileKeyTests {
    @Test func everyKeyHasExactlyOneSpecAndEverySpecIsAKey() {
        let specKeys = ProfileSchema.specs.map(\.key)
        for key in ProfileKey.allCases {
            #expect(specKeys.filter { $0 == key }.count == 1, "ProfileKey.\(key.rawValue) has \(specKeys.filter { $0 == key }.count) specs")
        }
        #expect(Set(specKeys).count == specKeys.count, "a key is described twice")
        #expect(ProfileSchema.byKey.count == ProfileKey.allCases.count)
        // The reference and `profiles show` list the specs in order; the enum keeps the same order.
        #expect(specKeys == ProfileKey.allCases)
        for spec in ProfileSchema.specs {
            #expect(ProfileKey(rawValue: spec.key.rawValue) == spec.key)
            #expect(ProfileSchema.spec(spec.key).key == spec.key)
        }
    }

    /// Messages interpolate keys (`'\(key)'`): they must print as the profile spells them.
    @Test func aKeyPrintsAsItsTOMLName() {
        for key in ProfileKey.allCases {
            #expect("\(key)" == key.rawValue)
            #expect(!key.rawValue.isEmpty && key.rawValue.allSatisfy { $0.isLowercase || $0 == "." || $0 == "_" })
            #expect(key.tables.allSatisfy(ProfileSchema.tables.contains))
        }
        #expect(ProfileKey.kernelSourceKind.tables == ["kernel", "kernel.source"])
        #expect(ProfileKey.profileExtends.isIdentity && !ProfileKey.bootRoot.isIdentity)
    }

    /// A required key the builder never read would resolve, and then be ignored. For each one, a changed
    /// value must change what the builder makes of a shipped profile's settings (validation not run: only
    /// whether the builder reads the key).
    @Test(arguments: Shipped.boards)
    func theBuilderReadsEveryRequiredKey(board: String) throws {
        let settings = try Shipped.resolve(board).settings
        let unchanged = Self.built(settings)
        #expect(unchanged != "nil")
        for spec in ProfileSchema.specs where spec.required {
            let setting = try #require(settings[spec.key], "\(board) does not set \(spec.key)")
            let changed = try #require(Self.changed(setting.value, spec.type), "no other value of \(spec.type) for \(spec.key)")
            var altered = settings
            altered[spec.key] = Setting(changed, origin: setting.origin)
            let ignored = Self.built(altered) == unchanged  // compared outside #expect: it would print both profiles
            #expect(!ignored, "\(board): the builder ignores \(spec.key)")
        }
    }

    /// What the builder makes of `settings`, as text, without the settings themselves (which differ anyway).
    static func built(_ settings: [ProfileKey: Setting]) -> String {
        var builder = ProfileBuilder(locator: KeyLocator(settings: settings, files: []))
        guard var profile = builder.build(layers: []) else { return "nil" }
        profile.settings = [:]
        return String(describing: profile)
    }

    /// Another value of the same type, or nil when the test does not know one.
    static func changed(_ value: SettingValue, _ type: SettingType) -> SettingValue? {
        switch (type, value) {
        case (.choice(let options), .string(let s)): return options.first { $0 != s }.map { .string($0) }
        case (.choiceList(let options), .strings(let list)): return options.first { $0 != list.first }.map { .strings([$0]) }
        case (_, .string(let s)): return .string(s + "x")
        case (_, .strings(let list)): return .strings(list + ["x"])
        case (_, .number(let n)): return .number(n + 4096)
        case (_, .bool(let b)): return .bool(!b)
        case (_, .regions(let r)): return .regions(r + [MemoryRegion(name: "x", start: 0, size: 4096)])
        }
    }
}
