import Foundation
import OdroidProcess

/// Facts about the build host that the plan depends on.
enum HostInfo {
    static var machine: String {
        var info = utsname()
        uname(&info)
        return withUnsafeBytes(of: &info.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    static var cpuCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    static var ccacheInstalled: Bool { ExecutableLookup.find("ccache") != nil }
}
