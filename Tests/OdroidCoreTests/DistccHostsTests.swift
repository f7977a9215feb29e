import OdroidCore
import Testing

/// distcc's own host syntax, read for its slots and refused where distcc would misread it or run something.
@Suite("distcc host lists", .tags(.pure))
struct DistccHostsTests {
    private func parse(_ text: String) throws -> DistccHosts { try DistccHosts.parse(text).get() }

    @Test func eachFormDistccKnowsIsReadWithItsSlots() throws {
        let hosts = try parse("localhost 192.168.1.20/8 buildbox:3633 box2:3633/6,lzo user@far/3 [::1]:3632/2 old/5:3640,lzo,cpp")
        #expect(hosts.hosts.map(\.address) == ["localhost", "192.168.1.20", "buildbox", "box2", "far", "[::1]", "old"])
        #expect(hosts.hosts.map(\.slots) == [2, 8, 4, 6, 3, 2, 5])
        #expect(hosts.slots == 30)
        #expect(hosts.hosts.map(\.port) == [nil, nil, 3633, 3633, nil, 3632, 3640])
        #expect(hosts.hosts[4].overSSH)
        #expect(hosts.remoteHosts.count == 6)
        #expect(
            hosts.environmentValue == "localhost 192.168.1.20/8 buildbox:3633 box2:3633/6,lzo user@far/3 [::1]:3632/2 old:3640/5,lzo,cpp")
    }

    @Test func commasSeparateHostsButAnOptionStaysWithItsHost() throws {
        let hosts = try parse("a/2,lzo,b,c:4000/3,auth=me")
        #expect(hosts.environmentValue == "a/2,lzo b c:4000/3,auth=me")
        #expect(try parse("a/4, b/4,lzo").environmentValue == "a/4 b/4,lzo", "a comma before a space separates")
        #expect(try parse("--randomize --localslots=3 a").environmentValue == "--randomize --localslots=3 a")
    }

    @Test(arguments: [
        "", "   ", ",lzo", "a,,b", "host;rm", "$(reboot)", "a b\nc", "@far:/bin/sh", "far@", "a/0", "a/99999", "a:0", "a:70000",
        "a:1:2", "a/2/3", "+zeroconf", "--localslots=0", "--bogus", "localhost:3632", "[::1", "[zz]", "-a", ".hidden", "a,auth=x;y",
    ])
    func whatDistccWouldMisreadOrRunIsRefused(text: String) {
        #expect(throws: DistccHosts.Problem.self, "\(text)") { try parse(text) }
    }

    @Test func theProblemNamesTheToken() {
        guard case .failure(let problem) = DistccHosts.parse("good box:99999") else { Issue.record("accepted"); return }
        #expect(problem.description.contains("box:99999"))
        #expect(problem.description.contains("port"))
    }
}
