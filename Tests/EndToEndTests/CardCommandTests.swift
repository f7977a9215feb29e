import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// The card path from the command line: the seed's command on a PC without a card, a card made from a root
/// filesystem tarball, an install into it (modules into its ext4, root=UUID), verify and remove.
@Suite("A board's card: root filesystem, modules, root=UUID", .tags(.realProcess))
struct CardCommandTests {
    static func modulesListing() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/lib/modules")) ?? []
        return names.sorted().map { name in
            let date =
                (try? FileManager.default.attributesOfItem(atPath: "/lib/modules/\(name)")[.modificationDate] as? Date) ?? .distantPast
            return "\(name) \(date.timeIntervalSince1970)"
        }
    }

    @Test("the seed's command on a PC without a card exits 2 before any step and leaves this PC's /lib/modules alone")
    func seedWithoutACardIsRefused() throws {
        let scratch = try ScratchDirectory("seed-refused")
        let before = Self.modulesListing()
        let out = try Binary.run(
            ["--profile", "odroidxu", "--kernel", "3.12.3", "--work-dir", scratch.file("work")], directory: scratch.path)
        #expect(out.exitCode == 2, "\(out.stderr)")
        #expect(out.stderr.contains("refusing to start (nothing was built or written)"))
        for way in ["--boot-image CARD.img", "--rootfs DIR", "--host-root-as-target"] { #expect(out.stderr.contains(way), "\(out.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("work")), "not even the work directory is made")
        #expect(Self.modulesListing() == before)

        let dry = try Binary.run(["--profile", "odroidxu", "--kernel", "3.12.3", "--dry-run", "--work-dir", scratch.file("work")])
        #expect(dry.exitCode == 0)
        #expect(dry.stdout.contains("# NOT RUNNABLE HERE AS PLANNED: a cross build"))
        #expect(dry.stdout.contains("[8/8] install"), "the whole plan still prints")
    }

    @Test("--rootfs / on a PC is this PC's root: refused unless --host-root-as-target")
    func hostRootNeedsItsOption() throws {
        let out = try Binary.run([
            "--profile", "odroidxu4", "--kernel", "6.1", "--rootfs", "/", "--set", "boot.root=/dev/mmcblk0p2", "--dry-run",
        ])
        #expect(out.stdout.contains("this machine's own root filesystem"), "\(out.stdout)\(out.stderr)")
        let both = try Binary.run(["--profile", "odroidxu4", "--kernel", "6.1", "--rootfs", "/tmp", "--host-root-as-target", "--dry-run"])
        #expect(both.exitCode == 2)
        #expect(both.stderr.contains("--rootfs and --host-root-as-target exclude each other"))
    }

    @Test func rootfsCreateDryRunIsMmdebstrapInItsOwnNamespace() throws {
        let out = try Binary.run(["rootfs", "create", "-p", "odroidxu4", "-o", "/tmp/never-written.tar", "--dry-run"])
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(
            out.stdout
                == "LC_ALL=C mmdebstrap --mode=unshare --format=tar --architectures=armhf --variant=minbase --include=initramfs-tools,systemd-sysv,udev,kmod,e2fsprogs,zstd bookworm /tmp/never-written.tar http://deb.debian.org/debian\n"
        )
        let bad = try Binary.run([
            "rootfs", "create", "-p", "odroidxu4", "-o", "/tmp/never-written.tar", "--set", "rootfs.packages=[\"ok\",\"-evil\"]",
        ])
        #expect(bad.exitCode == 2)
        #expect(bad.stderr.contains("'-evil' is not a Debian name"), "\(bad.stderr)")
    }

    /// A card from a tiny tarball, the fake build installed into it, then verify, then remove.
    @Test("a card from a tarball, an install into it, verify and remove: modules follow the kernel")
    func cardLifecycle() throws {
        let scratch = try ScratchDirectory("card")
        for directory in ["tree/etc", "tree/usr/lib/modules", "tree/boot", "tree/proc", "tree/dev", "tree/tmp", "tree/run", "tree/var/tmp"]
        {
            try FileManager.default.createDirectory(atPath: scratch.file(directory), withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(atPath: scratch.file("tree/lib"), withDestinationPath: "usr/lib")
        try scratch.write("tree/etc/shadow", Data("root:*:19000:0:99999:7:::\n".utf8))
        try scratch.tool(["tar", "--owner=0", "--group=0", "-cf", "rootfs.tar", "-C", "tree", "."])

        let created = try Binary.run(
            [
                "image", "create", "--disk", "-p", "odroidxu", "--rootfs", "rootfs.tar", "-o", "card.img", "--size", "128M", "--boot-size",
                "32M",
            ],
            directory: scratch.path)
        #expect(created.exitCode == 0, "\(created.stderr)")
        #expect(created.stdout.contains("ext4 root partition 2"))
        let uuid = try #require(
            created.stdout.split(separator: " ").drop { $0 != "UUID" }.dropFirst().first { $0.count == 37 || $0.count == 36 }.map {
                String($0.prefix(36))
            })

        let dry = try Binary.run(
            ["--profile", "odroidxu", "--kernel", "3.12.3", "--boot-image", "card.img", "--dry-run", "--work-dir", scratch.file("w")],
            directory: scratch.path)
        #expect(dry.exitCode == 0, "\(dry.stderr)")
        #expect(
            dry.stdout.contains(
                "rootfs-install: install the modules and the kernel config into the root filesystem (ext partition 2 of \(scratch.file("card.img")))"
            ))
        #expect(!dry.stdout.contains("NOT RUNNABLE"))

        let build = try FakeKernelBuild(version: "3.12.3", in: scratch)
        let install = try Binary.run(
            ["install", "-p", "odroidxu", "-k", "3.12.3", "--work-dir", build.workDirectory, "--boot-image", "card.img"],
            directory: scratch.path)
        #expect(install.exitCode == 0, "\(install.stderr)")
        let link = scratch.file("card-link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: scratch.file("card.img"))
        let table = try scratch.tool(["sfdisk", "--dump", "card.img"])
        let start = try #require(
            table.split(separator: "\n").last { $0.contains("type=83") }?.split(separator: "start=").last?.split(separator: ",").first)
        let rootArg = "\(link)?offset=\(Int(start.trimmingCharacters(in: .whitespaces))! * 512)"
        let modules = try scratch.tool(["debugfs", "-R", "ls -p /usr/lib/modules/3.12.3-e2e", rootArg])
        #expect(modules.contains("/modules.dep/"), "\(modules)")
        #expect(!modules.contains("/build/"), "the host's build link is left out")
        let config = try scratch.tool(["debugfs", "-R", "cat /boot/config-3.12.3-e2e", rootArg])
        #expect(config.contains("CONFIG_BLK_DEV_INITRD=y"))
        let script = try scratch.tool(["mtype", "-i", "card.img@@\(2 << 20)", "::/boot.ini"], environment: ["MTOOLS_SKIP_CHECK": "1"])
        #expect(script.contains("root=UUID=\(uuid) ro"), "\(script)")

        let verify = try Binary.run(["verify", "-p", "odroidxu", "--boot-image", "card.img"], directory: scratch.path)
        #expect(verify.exitCode == 0, "\(verify.stderr)")
        #expect(verify.stderr.contains("initramfs: "), "\(verify.stderr)")
        // A card whose modules are gone is not bootable as it stands.
        try scratch.tool(["sh", "-c", "printf 'cd /usr/lib/modules/3.12.3-e2e\\nrm modules.dep\\n' | debugfs -w -f - \"$0\"", rootArg])
        let broken = try Binary.run(["verify", "-p", "odroidxu", "--boot-image", "card.img"], directory: scratch.path)
        #expect(broken.exitCode == 1)
        #expect(broken.stderr.contains("/usr/lib/modules/3.12.3-e2e/modules.dep is not there"), "\(broken.stderr)")

        // A second kernel becomes the default; removing the first takes its modules with it.
        let second = try FakeKernelBuild(version: "3.12.4", in: scratch)
        #expect(
            try Binary.run(
                ["install", "-p", "odroidxu", "-k", "3.12.4", "--work-dir", second.workDirectory, "--boot-image", "card.img"],
                directory: scratch.path
            ).exitCode == 0)
        let removed = try Binary.run(["remove", "3.12.3", "--boot-image", "card.img", "-p", "odroidxu"], directory: scratch.path)
        #expect(removed.exitCode == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("removed the modules of 3.12.3-e2e (/usr/lib/modules/3.12.3-e2e)"), "\(removed.stdout)")
        let left = try scratch.tool(["debugfs", "-R", "ls -p /usr/lib/modules", rootArg])
        #expect(!left.contains("3.12.3-e2e") && left.contains("3.12.4-e2e"), "\(left)")
        let fsck = try SpawnRunner().run(Command(["e2fsck", "-fn", rootArg]))
        #expect(fsck.succeeded, "\(fsck.stdoutText)")
    }
}

@Suite("An initramfs of the PC's own programs is refused before install", .tags(.realProcess))
struct HostInitramfsRefusalTests {
    @Test func installRefusesAnX86Initramfs() throws {
        let scratch = try ScratchDirectory("host-initramfs")
        let build = try FakeKernelBuild(version: "3.12.3", in: scratch)
        // What mkinitramfs run on this x86-64 PC would pack: its own programs.
        try FileManager.default.createDirectory(atPath: scratch.file("pc/bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ArmProgram.hostProgram, toPath: scratch.file("pc/bin/sh"))
        try scratch.write("pc/init", Data("#!/bin/sh\n".utf8))
        try scratch.tool(["sh", "-c", "cd pc && find . | cpio --quiet -o -H newc | gzip -9n > ../pc.gz"])
        try scratch.tool([
            "mkimage", "-A", "arm", "-O", "linux", "-T", "ramdisk", "-C", "none", "-a", "0", "-e", "0", "-n", "uInitrd", "-d", "pc.gz",
            "\(build.workDirectory)/out/uInitrd-3.12.3",
        ])
        _ = try scratch.tool(["sh", "-c", "truncate -s 16M boot.img && mkfs.vfat boot.img >/dev/null"])
        let out = try Binary.run(
            [
                "install", "-p", "odroidxu", "-k", "3.12.3", "--work-dir", build.workDirectory, "--boot-image", "boot.img",
                "--set", "boot.root=/dev/mmcblk1p2",
            ], directory: scratch.path)
        #expect(out.exitCode == 1)
        #expect(
            out.stderr.contains("the initramfs holds 1 program for another architecture than the kernel's 32-bit ARM: bin/sh (x86-64)"),
            "\(out.stderr)")
        #expect(out.stderr.contains("nothing was installed"))
        let listing = try scratch.tool(["mdir", "-b", "-i", "boot.img", "::/"], environment: ["MTOOLS_SKIP_CHECK": "1"])
        #expect(listing.isEmpty, "nothing was written: \(listing)")
    }
}
