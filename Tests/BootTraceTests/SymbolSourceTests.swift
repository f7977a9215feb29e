import BootTrace
import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// Naming addresses: System.map lookups, subsystems from nm's object paths, module functions from a real
/// ARM ELF object's symbol table at the load address the guest printed.
@Suite("Symbols for a boot trace", .tags(.pure))
struct SymbolSourceTests {
    @Test func namesTheFunctionAnAddressFallsIn() throws {
        let symbols = try TinyTrace.symbols()
        let table = FunctionTable(
            blocks: [
                .init(address: 0xc010_0204, instructions: 1), .init(address: 0xc010_0700, instructions: 1),
                .init(address: 0x1000, instructions: 1),
                .init(address: 0xffff_0008, instructions: 1), .init(address: 0xc010_0200, instructions: 1),
            ], symbols: symbols)
        #expect(
            table.blockFunction.map { table.functions[Int($0)].name } == [
                "start_kernel", "[kernel: no symbol]", "[userspace]", "[vectors]", "start_kernel",
            ])
        #expect(table.blockIsEntry == [false, false, false, true, true])
    }

    @Test func takesTheSubsystemFromTheDefiningObjectsDirectory() {
        var map = SubsystemMap()
        map.add(
            nmOutput: """
                /w/build/vmlinux.a:/w/build/init/main.o:0000070c T start_kernel
                /w/build/vmlinux.a:/w/build/drivers/tty/serial/amba-pl011.o:00000010 t pl011_probe
                /w/build/vmlinux.a:/w/build/arch/arm/kernel/setup.o:00000000 T setup_arch
                /w/build/vmlinux.a:/w/build/fs/read_write.o:00002988 T sys_write
                /w/build/vmlinux.a:/w/build/fs/ext4/super.o:00000000 t init
                /w/build/vmlinux.a:/w/build/kernel/sched/core.o:00000000 t init
                /w/build/vmlinux.a:/w/build/init/main.o:00000000 D some_data
                """, buildDirectory: "/w/build")
        #expect(map["start_kernel"] == "init")
        #expect(map["pl011_probe"] == "drivers/tty")
        #expect(map["setup_arch"] == "arch/arm/kernel")
        #expect(map["sys_write"] == "fs")
        #expect(map["init"] == "fs/ext4", "a static name defined twice keeps its first object")
        #expect(map["some_data"] == nil, "data is not a function")
    }

    @Test func readsModuleLoadAddressesAsTheGuestPrintsThem() {
        let lines = [
            "/sys/module/virtio_blk/sections/.text:0xbf000000", "noise", "/sys/module/loop/sections/.text:0xbf00a000\r",
            "/sys/module/bad/sections/.data:0xbf100000",
        ]
        #expect(ModuleSymbols.loadAddresses(consoleLines: lines) == ["virtio_blk": 0xbf00_0000, "loop": 0xbf00_a000])
    }

    @Test func turnsSystemCallFunctionsIntoTheirNames() {
        #expect(TraceAnalyser.syscallName(of: "sys_write") == "write")
        #expect(TraceAnalyser.syscallName(of: "sys_rt_sigreturn_wrapper") == "rt_sigreturn")
        #expect(TraceAnalyser.syscallName(of: "ksys_write") == nil)
        #expect(TraceAnalyser.syscallName(of: "sys_") == nil)
    }
}

/// A module's functions from a real ARM relocatable object (what a .ko is), compiled here by the cross
/// compiler, placed at a load address and found by the trace's function table.
@Suite("Module symbols from a real ARM object", .tags(.realProcess))
struct ModuleObjectTests {
    @Test func namesModuleFunctionsAtTheirLoadAddress() throws {
        let directory = NSTemporaryDirectory() + "odroid-trace-module-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/demo.c"
        try Data("int demo_first(int x) { return x * 3 + 1; }\nint demo_second(int x) { return demo_first(x) - 2; }\n".utf8)
            .write(to: URL(fileURLWithPath: source))
        let object = directory + "/demo.ko"
        let compiled = try SpawnRunner().run(
            Command(["arm-linux-gnueabihf-gcc", "-O1", "-marm", "-fno-inline", "-c", source, "-o", object]))
        #expect(compiled.termination == .exited(0), "\(compiled.stderrText)")
        let ko = try ElfImage(Array(try Data(contentsOf: URL(fileURLWithPath: object))))
        let functions = Dictionary(uniqueKeysWithValues: ko.functions(in: ".text").map { ($0.name, $0.offset) })
        let second = try #require(functions["demo_second"])
        #expect(functions["demo_first"] == 0 && second > 0)
        let symbols = try TinyTrace.symbols().adding(ModuleSymbols.symbols(module: "demo", ko: ko, textAddress: 0xbf00_0000))
        let table = FunctionTable(
            blocks: [.init(address: 0xbf00_0000 + second, instructions: 2), .init(address: 0xbf00_0004, instructions: 1)], symbols: symbols)
        #expect(table.blockFunction.map { table.functions[Int($0)].name } == ["demo_second [demo]", "demo_first [demo]"])
        #expect(table.functions.allSatisfy { $0.module == "demo" })
        #expect(table.blockIsEntry == [true, false])
    }
}

/// The stack reconstruction's rules on a hand-made sequence (functions are numbers).
@Suite("Call stacks from calls and returns", .tags(.pure))
struct StackTrieTests {
    func stackNames(_ trie: StackTrie) -> [String: UInt64] {
        Dictionary(
            uniqueKeysWithValues: (1..<trie.selfInstructions.count).filter { trie.selfInstructions[$0] > 0 }.map {
                (trie.frames($0).map(String.init).joined(separator: ";"), trie.selfInstructions[$0])
            })
    }

    @Test func resumesATasksStackWhenItIsSwitchedBackIn() {
        var trie = StackTrie()
        trie.call(1)  // task A: 1 calls 2
        trie.call(2)
        trie.count(5)
        trie.resume(7)  // switched to task B, which resumes in 7 (not on A's stack)
        trie.count(3)
        trie.call(8)
        trie.count(1)
        trie.resume(2)  // back in A's 2: A's stack again, not a new root
        trie.count(4)
        trie.resume(1)
        trie.count(2)
        #expect(stackNames(trie) == ["1;2": 9, "7": 3, "7;8": 1, "1": 2])
    }

    @Test func aLoopToItsOwnEntryDoesNotDeepenTheStack() {
        var trie = StackTrie()
        trie.call(1)
        for _ in 0..<1000 {
            trie.call(2)
            trie.count(1)
        }
        #expect(stackNames(trie) == ["1;2": 1000])
    }
}
