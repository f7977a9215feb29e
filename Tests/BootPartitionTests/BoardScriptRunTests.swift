import BootPartition
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

/// The board script (`--host-arch armv7l --emit-script`) run here as the board would run it, by dash and by
/// busybox ash: `uname` says armv7l, make, mkinitrd and mkimage are fakes that log their argv (make
/// produces a real uImage through the real mkimage, as the kernel's own rule does; the logged mkimage is the
/// real one behind a logging wrapper), a directory stands in for the board's / and a mounts file for
/// /proc/mounts. The logged commands must be the seed's sequence with the profile's values; the files in the
/// stand-in /boot/uboot must be what the tool's own install into a mounted directory writes for the same
/// built files; and a wrong machine, an unmounted or non-FAT boot partition, a bad uImage must each stop it.
@Suite("The board script runs the seed's sequence on the board", .tags(.realProcess))
struct BoardScriptRunTests {
    static let release = "3.12.3-fake"
    static let shells: [[String]] = [["/usr/bin/dash"], ["/usr/bin/busybox", "ash"]]
    /// The programs the script and the fakes call besides the fakes, as busybox applets.
    static let applets = [
        "cp", "mv", "rm", "mkdir", "sync", "cmp", "od", "tr", "wc", "sha256sum", "date", "cat", "grep", "head", "gzip", "yes", "basename",
        "df",
    ]

    final class Board {
        let root: String
        var sysroot: String { "\(root)/sysroot" }
        var boot: String { "\(sysroot)/boot/uboot" }
        var log: String { "\(root)/fake.log" }
        var mounts: String { "\(root)/mounts" }
        let profile: ResolvedProfile
        let plan: Plan
        let rendered: [String: String]

        init(work: String = "work") throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-board-\(UUID().uuidString.prefix(8))").path
            profile = try PartitionFixtures.profile("odroidxu")
            let options = PlanOptions(
                kernelVersion: "3.12.3", workDirectory: "\(root)/\(work)", cacheDirectory: "\(root)/cache",
                sourceOverride: "\(root)/linux-3.12.3",
                hostArch: "armv7l", cpuCount: 2, ccacheInstalled: true, hostIsThisMachine: false)
            plan = PlanBuilder(profile: profile, options: options).build()
            let renderer = BootScriptRenderer(profile: profile, templates: PartitionFixtures.templates)
            rendered = [
                "boot.ini": try renderer.render(.ini, version: "3.12.3").text,
                "u-boot-prompt.txt": try renderer.render(.prompt, version: "3.12.3").text,
            ]
            for directory in ["fakes", "linux-3.12.3", "boot/uboot"] {
                try FileManager.default.createDirectory(atPath: "\(root)/\(directory)", withIntermediateDirectories: true)
            }
            try FileManager.default.createDirectory(atPath: boot, withIntermediateDirectories: true)
            try Data("VERSION = 3\n".utf8).write(to: URL(fileURLWithPath: "\(root)/linux-3.12.3/Makefile"))
            try writeMounts(type: "vfat")
            try makeFakes(machine: "armv7l", loadAddress: nil)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func writeMounts(type: String?) throws {
            var text = "/dev/mmcblk0p2 / ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n"
            if let type { text += "/dev/mmcblk0p1 \(boot) \(type) rw,relatime,fmask=0022 0 0\n" }
            try Data(text.utf8).write(to: URL(fileURLWithPath: mounts))
        }

        /// uname prints `machine`; make builds a real uImage at LOADADDR (or at `loadAddress`, to break it).
        func makeFakes(machine: String, loadAddress: String?) throws {
            let logLine = "printf '%s\\0' \"$#\" \"$(basename \"$0\")\" \"$@\" >> \"$ODROID_FAKE_LOG\"\n"
            try ExecutableFile.write("#!/bin/sh\n\(logLine)echo \(machine)\n", to: "\(root)/fakes/uname")
            try ExecutableFile.write(
                """
                #!/bin/sh
                \(logLine)[ -z "${ARCH+x}${CROSS_COMPILE+x}" ] || echo "ARCH=${ARCH-} CROSS_COMPILE=${CROSS_COMPILE-}" >> "$ODROID_FAKE_LOG.env"
                out= load= mods=
                for a in "$@"; do
                    case $a in O=*) out=${a#O=} ;; LOADADDR=*) load=${a#LOADADDR=} ;; INSTALL_MOD_PATH=*) mods=${a#INSTALL_MOD_PATH=} ;; esac
                done
                \(loadAddress.map { "load=\($0)\n" } ?? "")for a in "$@"; do
                    case $a in
                    odroidxu_defconfig) mkdir -p "$out" && echo CONFIG_ARM=y > "$out/.config" ;;
                    uImage)
                        mkdir -p "$out/arch/arm/boot/dts"
                        yes zImage | head -c 70000 > "$out/arch/arm/boot/zImage"
                        SOURCE_DATE_EPOCH=0 /usr/bin/mkimage -A arm -O linux -T kernel -C none -a "$load" -e "$load" -n Linux-\(BoardScriptRunTests.release) -d "$out/arch/arm/boot/zImage" "$out/arch/arm/boot/uImage" > /dev/null ;;
                    dtbs) printf '\\320\\015\\376\\355fake-dtb' > "$out/arch/arm/boot/dts/exynos5410-odroidxu.dtb" ;;
                    kernelrelease) echo \(BoardScriptRunTests.release) ;;
                    modules_install) mkdir -p "$mods/lib/modules/\(BoardScriptRunTests.release)/kernel" && echo module > "$mods/lib/modules/\(BoardScriptRunTests.release)/kernel/fake.ko" ;;
                    esac
                done

                """, to: "\(root)/fakes/make")
            try ExecutableFile.write("#!/bin/sh\n\(logLine)echo \"initramfs of $2\" | gzip -9n > \"$1\"\n", to: "\(root)/fakes/mkinitrd")
            try ExecutableFile.write("#!/bin/sh\n\(logLine)exec /usr/bin/mkimage \"$@\"\n", to: "\(root)/fakes/mkimage")
        }

        func script() throws -> String {
            let path = "\(root)/board.sh"
            try BoardScript(plan: plan, profile: profile, renderedScripts: rendered).render().write(
                toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        /// Under busybox ash every other program is a busybox applet too (a busybox-only board): PATH holds
        /// the fakes and links to busybox, nothing of this machine's coreutils.
        func path(for shell: [String]) throws -> String {
            guard shell.first == "/usr/bin/busybox" else { return "\(root)/fakes:/usr/bin:/bin" }
            let applets = "\(root)/busybox-applets"
            try FileManager.default.createDirectory(atPath: applets, withIntermediateDirectories: true)
            for name in BoardScriptRunTests.applets where !FileManager.default.fileExists(atPath: "\(applets)/\(name)") {
                try FileManager.default.createSymbolicLink(atPath: "\(applets)/\(name)", withDestinationPath: "/usr/bin/busybox")
            }
            return "\(root)/fakes:\(applets)"
        }

        func run(_ shell: [String]) throws -> ProcessResult {
            try SpawnRunner(baseEnvironment: [
                "PATH": try path(for: shell), "ODROID_FAKE_LOG": log, "HOME": root,
                BoardScript.mountsVariable: mounts, BoardScript.sysrootVariable: sysroot,
            ]).run(Command(shell + [try script()], workingDirectory: root), output: .capture)
        }

        func logged() -> [[String]] {
            let data = (try? Data(contentsOf: URL(fileURLWithPath: log))) ?? Data()
            var fields = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if fields.last == "" { fields.removeLast() }
            var result: [[String]] = []
            var index = 0
            while index < fields.count, let count = Int(fields[index]), index + 1 + count <= fields.count {
                result.append(Array(fields[(index + 1)...(index + 1 + count)]))
                index += count + 2
            }
            return result
        }

        func files(under directory: String) -> [String: Data] {
            var result: [String: Data] = [:]
            for path in (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? [] {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: "\(directory)/\(path)", isDirectory: &isDirectory), !isDirectory.boolValue {
                    result[path] = FileManager.default.contents(atPath: "\(directory)/\(path)")
                }
            }
            return result
        }
    }

    static let oldScript = Data("ODROIDXU-UBOOT-CONFIG\n# the previous kernel's script\n".utf8)

    @Test(arguments: shells)
    func theSeedsSequenceRunsAndTheFilesLandAsTheToolInstallsThem(shell: [String]) throws {
        let board = try Board()
        try Self.oldScript.write(to: URL(fileURLWithPath: "\(board.boot)/boot.ini"))
        let started = Date()
        let result = try board.run(shell)
        #expect(result.succeeded, "\(shell): \(result.stderrText)")
        print("board script under \(shell.joined(separator: " ")): \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        let work = "\(board.root)/work", source = "\(board.root)/linux-3.12.3"
        let seed: [[String]] = [
            ["uname", "-m"],
            ["make", "-C", source, "O=\(work)/build", "odroidxu_defconfig"],
            ["make", "-C", source, "O=\(work)/build", "-j2", "LOADADDR=0x40008000", "uImage", "dtbs", "modules"],
            ["make", "-C", source, "O=\(work)/build", "-s", "kernelrelease"],
            ["make", "-C", source, "O=\(work)/build", "INSTALL_MOD_PATH=\(work)/modules", "INSTALL_MOD_STRIP=1", "modules_install"],
            ["mkinitrd", "\(work)/out/initrd-3.12.3", Self.release],
            [
                "mkimage", "-A", "arm", "-O", "linux", "-T", "ramdisk", "-C", "none", "-a", "0", "-e", "0", "-n", "uInitrd", "-d",
                "\(work)/out/initrd-3.12.3", "\(work)/out/uInitrd-3.12.3",
            ],
        ]
        #expect(board.logged() == seed, "logged:\n\(board.logged().map(\.debugDescription).joined(separator: "\n"))")
        #expect(!FileManager.default.fileExists(atPath: board.log + ".env"), "make saw ARCH or CROSS_COMPILE")
        #expect(FileManager.default.fileExists(atPath: "\(board.sysroot)/lib/modules/\(Self.release)/kernel/fake.ko"))
        #expect(FileManager.default.fileExists(atPath: "\(board.sysroot)/boot/config-\(Self.release)"))
        #expect(result.stdoutText.contains("installed kernel 3.12.3 (release \(Self.release)) on \(board.boot): boot.ini boots it"))

        // The tool's own install of the same built files into a mounted directory, over the same old script.
        let toolBoot = "\(board.root)/tool-boot"
        try FileManager.default.createDirectory(atPath: toolBoot, withIntermediateDirectories: true)
        try Self.oldScript.write(to: URL(fileURLWithPath: "\(toolBoot)/boot.ini"))
        guard case .install(let spec)? = board.plan.step("install")?.action else { Issue.record("no install step"); return }
        let runner = SpawnRunner()
        let installer = KernelInstaller(
            partition: try MountedBootPartition(root: toolBoot, allowNonFAT: true),
            scripts: BootScriptMaker(profile: board.profile, templates: PartitionFixtures.templates, runner: runner))
        try installer.install(
            spec: spec, version: "3.12.3", kernelRelease: Self.release,
            renderedScript: FileManager.default.contents(atPath: "\(work)/out/boot.ini"))
        var script = board.files(under: board.boot), tool = board.files(under: toolBoot)
        #expect(script.keys.sorted() == tool.keys.sorted())
        let scriptManifest = try BootManifest.decode(script.removeValue(forKey: BootManifest.fileName) ?? Data(), file: "script")
        let toolManifest = try BootManifest.decode(tool.removeValue(forKey: BootManifest.fileName) ?? Data(), file: "tool")
        #expect(script == tool, "the files differ from the tool's install")
        #expect(script["boot.ini.bak"] == Self.oldScript)
        #expect(scriptManifest.defaultHistory == toolManifest.defaultHistory)
        #expect(scriptManifest.kernels.map(\.files) == toolManifest.kernels.map(\.files))
        #expect(scriptManifest.kernels.map(\.release) == [Self.release])
        #expect(scriptManifest.kernels.map(\.profile) == toolManifest.kernels.map(\.profile))

        // The tool reads the partition the script wrote as it reads its own: list and verify agree.
        let maker = BootScriptMaker(profile: board.profile, templates: PartitionFixtures.templates, runner: runner)
        let listing = try KernelManager(partition: try MountedBootPartition(root: board.boot, allowNonFAT: true), scripts: maker).list()
        #expect(listing.defaultVersion == "3.12.3")
        #expect(listing.kernels.map(\.record.version) == ["3.12.3"] && listing.kernels.allSatisfy(\.missingFiles.isEmpty))
        func findings(_ directory: String) throws -> [String] {
            let partition = try MountedBootPartition(root: directory, allowNonFAT: true)
            return try BootVerifier(partition: partition, profile: board.profile, runner: runner).verify().findings.map {
                $0.description.replacingOccurrences(of: directory, with: "BOOT")
            }
        }
        #expect(try findings(board.boot) == findings(toolBoot))

        // A second run changes nothing and keeps the backup of the old script.
        let again = try board.run(shell)
        #expect(again.succeeded, "second run: \(again.stderrText)")
        #expect(again.stdoutText.contains("uImage-3.12.3 is unchanged"))
        #expect(board.files(under: board.boot)["boot.ini.bak"] == Self.oldScript)
        #expect(!again.stderrText.contains("warning"), "\(again.stderrText)")
    }

    /// Every value reaches sh quoted: a work directory holding a line break, `$(...)`, backquotes and quotes
    /// is just a name to the board script, in every step from mkdir to the checks.
    @Test(arguments: shells)
    func hostileWorkDirectoryIsJustAName(shell: [String]) throws {
        let work = "w\n$(touch PWNED) `touch PWNED` '; touch PWNED; '\u{1B}[2J"
        let board = try Board(work: work)
        let result = try board.run(shell)
        #expect(result.succeeded, "\(shell): \(result.stderrText)")
        #expect(
            board.logged().dropFirst().first == [
                "make", "-C", "\(board.root)/linux-3.12.3", "O=\(board.root)/\(work)/build", "odroidxu_defconfig",
            ])
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: board.root)) ?? []
        #expect(!names.contains { $0.hasSuffix("PWNED") }, "an injected command ran")
        #expect(FileManager.default.fileExists(atPath: "\(board.boot)/uImage-3.12.3"))
    }

    @Test(arguments: shells)
    func aWrongMachineStopsBeforeTheFirstStep(shell: [String]) throws {
        let board = try Board()
        try board.makeFakes(machine: "x86_64", loadAddress: nil)
        let result = try board.run(shell)
        #expect(result.termination == .exited(2))
        #expect(result.stderrText.contains("this script was made for armv7l (odroid-build --host-arch armv7l), but this machine is x86_64"))
        #expect(board.logged() == [["uname", "-m"]])
        #expect(board.files(under: board.sysroot).isEmpty)
    }

    @Test(arguments: [nil, "ext4"] as [String?])
    func aBootPartitionNotMountedOrNotFATStopsIt(type: String?) throws {
        let board = try Board()
        try board.writeMounts(type: type)
        let result = try board.run(["/usr/bin/dash"])
        #expect(result.termination == .exited(2))
        let why = type == nil ? "\(board.boot) is not mounted (no line for it in \(board.mounts))" : "\(board.boot) is ext4, not FAT (vfat)"
        #expect(result.stderrText.contains(why), "\(result.stderrText)")
        #expect(board.logged() == [["uname", "-m"]])
    }

    @Test func aFullBootPartitionIsRefusedBeforeTheFirstWrite() throws {
        let board = try Board()
        try Self.oldScript.write(to: URL(fileURLWithPath: "\(board.boot)/boot.ini"))
        try ExecutableFile.write(
            "#!/bin/sh\necho 'Filesystem 1024-blocks Used Available Capacity Mounted on'\necho \"/dev/mmcblk0p1 32768 32668 100 99% $2\"\n",
            to: "\(board.root)/fakes/df")
        let result = try board.run(["/usr/bin/dash"])
        #expect(result.termination == .exited(1))
        #expect(result.stderrText.contains("\(board.boot) has 100 KiB free and the new files need about"), "\(result.stderrText)")
        #expect(board.files(under: board.boot) == ["boot.ini": Self.oldScript])
    }

    @Test func anotherSpellingOfAFileNameIsRefused() throws {
        let board = try Board()
        try Data("another kernel".utf8).write(to: URL(fileURLWithPath: "\(board.boot)/UIMAGE-3.12.3"))
        let result = try board.run(["/usr/bin/dash"])
        #expect(result.termination == .exited(1))
        #expect(result.stderrText.contains("has UIMAGE-3.12.3, which FAT takes for the same name as uImage-3.12.3"), "\(result.stderrText)")
        #expect(board.files(under: board.boot) == ["UIMAGE-3.12.3": Data("another kernel".utf8)])
    }

    /// The tool refuses such a build before it writes (`BuiltArtifactCheck`): so does the script, or the old
    /// boot script would already point u-boot at the new, unbootable uImage when the check complains.
    @Test func aUImageAtTheWrongLoadAddressIsRefusedBeforeTheFirstWrite() throws {
        let board = try Board()
        try Self.oldScript.write(to: URL(fileURLWithPath: "\(board.boot)/boot.ini"))
        try board.makeFakes(machine: "armv7l", loadAddress: "0x40008040")
        let result = try board.run(["/usr/bin/dash"])
        #expect(result.termination == .exited(1))
        #expect(
            result.stderrText.contains("/arch/arm/boot/uImage: the load address (LOADADDR) is 40008040, expected 40008000"),
            "\(result.stderrText)")
        #expect(result.stderrText.contains("nothing was written to \(board.boot)"), "\(result.stderrText)")
        #expect(board.files(under: board.boot) == ["boot.ini": Self.oldScript])
    }

    /// `a && b` does not stop `set -e` when `a` fails: a copy of the modules that fails half way (a full root
    /// filesystem) must stop the script, leaving the modules already there and the boot partition as they were.
    @Test(arguments: shells)
    func aFailedModulesCopyStopsTheScript(shell: [String]) throws {
        let board = try Board()
        try Self.oldScript.write(to: URL(fileURLWithPath: "\(board.boot)/boot.ini"))
        let modules = "\(board.sysroot)/lib/modules/\(Self.release)/kernel"
        try FileManager.default.createDirectory(atPath: modules, withIntermediateDirectories: true)
        try Data("old module".utf8).write(to: URL(fileURLWithPath: "\(modules)/old.ko"))
        try ExecutableFile.write(
            """
            #!/bin/sh
            case $* in *lib/modules/*.odroid-build-new*) mkdir -p "$3"; echo "cp: error writing '$3/kernel/fake.ko': No space left on device" >&2; exit 1 ;; esac
            exec \(shell.first == "/usr/bin/busybox" ? "/usr/bin/busybox cp" : "/bin/cp") "$@"

            """, to: "\(board.root)/fakes/cp")
        let result = try board.run(shell)
        #expect(result.termination == .exited(1), "\(shell): \(result.stdoutText)\(result.stderrText)")
        #expect(result.stderrText.contains("step rootfs-install failed"), "\(result.stderrText)")
        #expect(FileManager.default.contents(atPath: "\(modules)/old.ko") == Data("old module".utf8))
        #expect(board.files(under: board.boot) == ["boot.ini": Self.oldScript])
        #expect(!board.logged().contains { $0.first == "mkinitrd" }, "the script went on after the failed copy")
    }

    /// A df that fails, or prints no number where the free space goes, leaves nothing to compare: refuse with
    /// a reason before the first write (the garbled line used to make `[ -lt ]` false and skip the check).
    @Test(arguments: [
        "echo 'df: unrecognized option: P' >&2\nexit 1\n",
        "echo 'Filesystem 1024-blocks Used Available Capacity Mounted on'\necho \"/dev/mmcblk0p1 - - - - $2\"\n",
    ])
    func aFreeSpaceThatCannotBeReadIsRefusedBeforeTheFirstWrite(df: String) throws {
        let board = try Board()
        try Self.oldScript.write(to: URL(fileURLWithPath: "\(board.boot)/boot.ini"))
        try ExecutableFile.write("#!/bin/sh\n" + df, to: "\(board.root)/fakes/df")
        let result = try board.run(["/usr/bin/dash"])
        #expect(result.termination == .exited(1), "\(result.stderrText)")
        #expect(result.stderrText.contains("cannot read the free space of \(board.boot)"), "\(result.stderrText)")
        #expect(board.files(under: board.boot) == ["boot.ini": Self.oldScript])
    }
}
