import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// The path a real board's owner takes, on real things: a Debian bookworm armhf root filesystem made by
/// mmdebstrap, a card image made from it, the kernel cross-built from linux-source-6.1 with its modules put
/// into the card's ext4 and its initramfs made by the card's own initramfs-tools under qemu-user, booted
/// through Debian's u-boot under QEMU until Debian's own login prompt. These tests share the serialized
/// kernel suite (one kernel build at a time on the machine, and the qemu-virt work directory).
extension KernelBuildTests {
    static let exynosWork = "\(base)/odroid-build-exynos-test"

    static func run(_ arguments: [String], inherit: Bool = false) throws -> ProcessResult {
        let command = Command([CommandLineRunTests.binary] + arguments + ["--data-dir", Repository.root])
        let started = Date()
        let result = try SpawnRunner().run(command, output: inherit ? .inherit : .capture)
        print(
            "card test: \(String(format: "%.1f", Date().timeIntervalSince(started))) s for odroid-build \(arguments.prefix(3).joined(separator: " ")): \(result.termination)"
        )
        return result
    }

    /// The Debian root filesystem tarball (cached by rootfs create across runs on this machine).
    static func debianTarball() throws -> String {
        let tarball = "\(work)/debian-bookworm-armhf.tar"
        let made = try run(["rootfs", "create", "-p", "qemu-virt-debian", "-o", tarball])
        #expect(made.termination == .exited(0), "\(made.stderrText)")
        print("card test: \(made.stdoutText)")
        return tarball
    }

    @Test(
        "a Debian card: modules and initramfs made for it, booted to Debian's login; without its driver, initramfs-tools' ALERT!",
        .tags(.kernel))
    func debianCardBootsToItsLogin() throws {
        try FileManager.default.createDirectory(atPath: Self.work, withIntermediateDirectories: true)
        let tarball = try Self.debianTarball()
        let card = "\(Self.work)/debian-card.img"
        try? FileManager.default.removeItem(atPath: card)
        let created = try Self.run(["image", "create", "--disk", "-p", "qemu-virt-debian", "--rootfs", tarball, "-o", card, "--size", "1G"])
        #expect(created.termination == .exited(0), "\(created.stderrText)")
        let uuid = try #require(created.stdoutText.components(separatedBy: "UUID ").dropFirst(2).first?.prefix(36).description)

        // The same work directory as the qemu-virt test: its kernel (the same config) is not built again.
        let build = ["-p", "qemu-virt-debian", "-k", "6.1", "--work-dir", Self.work, "--boot-image", card, "--boot-test"]
        let booted = try Self.run(build, inherit: true)
        #expect(booted.termination == .exited(0), "build, install or Debian's boot failed: see the output above")
        let console = try String(contentsOfFile: "\(Self.work)/logs/boot-test.console.log", encoding: .utf8)
        #expect(console.contains("qemu-virt-debian login:"))
        #expect(console.contains("root=UUID=\(uuid)"), "u-boot passed the card's root UUID")
        #expect(console.contains("virtio_blk") || console.contains("vda"), "the root device came up from the initramfs' module")

        let verify = try Self.run(["verify", "-p", "qemu-virt-debian", "--boot-image", card])
        #expect(verify.termination == .exited(0), "\(verify.stderrText)")
        let summary = verify.stderrText.split(separator: "\n").first { $0.hasPrefix("initramfs: ") }.map(String.init) ?? ""
        print("card test: \(summary)")
        #expect(summary.contains("32-bit ARM") && !summary.contains("x86"), "\(summary)")
        #expect(summary.contains(" modules for 6.1."), "\(summary)")

        // Unchanged: nothing runs again, and the card boots again.
        let rerun = try Self.run(build)
        #expect(rerun.termination == .exited(0), "\(rerun.stderrText)")
        #expect(rerun.stderrText.contains("0 steps ran"), "\(rerun.stderrText)")

        // The card's own initramfs-tools told to pack only listed modules (none): the root device never shows.
        let table = try SpawnRunner().run(Command(["sfdisk", "--dump", card])).stdoutText
        let start = try #require(
            table.split(separator: "\n").last { $0.contains("type=83") }?.split(separator: "start=").last?.split(separator: ",").first)
        let offset = Int(start.trimmingCharacters(in: .whitespaces))! * 512
        let conf = "\(Self.work)/modules-list.conf"
        try "MODULES=list\n".write(toFile: conf, atomically: true, encoding: .utf8)
        let edit = try SpawnRunner().run(
            Command(["debugfs", "-w", "-R", "write \(conf) /etc/initramfs-tools/conf.d/zz-odroid-test.conf", "\(card)?offset=\(offset)"]))
        #expect(edit.succeeded, "\(edit.stderrText)")
        let broken = try Self.run(build + ["--rebuild", "initramfs"])
        #expect(broken.termination == .exited(1), "\(broken.stderrText)")
        #expect(broken.stderrText.contains("ALERT!") || broken.stderrText.contains("Gave up waiting for root"), "\(broken.stderrText)")
        #expect(broken.stderrText.contains("dropped to its shell"), "\(broken.stderrText)")
    }

    @Test("XU, XU3 and XU4 cross-built from one exynos_defconfig build into Debian cards, every check run on each", .tags(.kernel))
    func odroidCardsAreChecked() throws {
        try FileManager.default.createDirectory(atPath: Self.exynosWork, withIntermediateDirectories: true)
        let tarball = try Self.debianTarball()
        let tree = "/usr/src/linux-source-{version}.tar.xz"
        // The qemu-virt kernel's configuration: exynos_defconfig with the lean fragment (no debug info, radio,
        // sound, media or display drivers) and the virt fragment, which adds QEMU's machine and removes no Exynos
        // support or device tree. What these checks read is the same as with exynos_defconfig alone, and the
        // compile is the qemu-virt build's, taken from ccache (CCACHE_BASEDIR): a separate exynos_defconfig
        // compile would take CI past its hour (measured: ~15 min even with half its units from the cache).
        let fragments = ["lean", "qemu-virt"].map { "\"\(Repository.root)/profiles/fragments/\($0).config\"" }.joined(separator: ", ")
        let lean = ["--set", "kernel.fragments=[\(fragments)]"]
        let boards: [(profile: String, extra: [String], dtb: String)] = [
            ("odroidxu4", lean, "exynos5422-odroidxu4.dtb"),
            ("odroidxu3", lean, "exynos5422-odroidxu3.dtb"),
            // The XU profile is the seed's vendor tree and Fedora's mkinitrd; on mainline 6.1 and a Debian card:
            (
                "odroidxu",
                lean + [
                    "--set", "kernel.defconfig=exynos_defconfig", "--set", "kernel.source.kind=tarball", "--set",
                    "kernel.source.tarball=\(tree)",
                    "--set", "initramfs.generator=mkinitramfs",
                ], "exynos5410-odroidxu.dtb"
            ),
        ]
        for board in boards {
            let card = "\(Self.exynosWork)/\(board.profile)-card.img"
            try? FileManager.default.removeItem(atPath: card)
            let created = try Self.run(
                ["image", "create", "--disk", "-p", board.profile, "--rootfs", tarball, "-o", card, "--size", "1G"] + board.extra)
            #expect(created.termination == .exited(0), "\(board.profile): \(created.stderrText)")
            // --ccache: the ODROID profiles do not ask for it, but a CI machine keeps its cache between runs.
            let built = try Self.run(
                ["-p", board.profile, "-k", "6.1", "--work-dir", Self.exynosWork, "--boot-image", card, "--ccache"] + board.extra,
                inherit: true)
            #expect(built.termination == .exited(0), "\(board.profile): build or install failed, see above")

            let verify = try Self.run(["verify", "-p", board.profile, "--boot-image", card] + board.extra)
            #expect(verify.termination == .exited(0), "\(board.profile): \(verify.stderrText)")
            let summary = verify.stderrText.split(separator: "\n").first { $0.hasPrefix("initramfs: ") }.map(String.init) ?? ""
            print("card test: \(board.profile) \(summary)")
            #expect(summary.contains("32-bit ARM") && !summary.contains("x86"), "\(board.profile): \(summary)")
            let dtb = "\(Self.exynosWork)/build/arch/arm/boot/dts/\(board.dtb)"
            let check = try Self.run(["dtb", "check", dtb, "-p", board.profile] + board.extra)
            #expect(check.termination == .exited(0), "\(board.profile): \(check.stdoutText)\(check.stderrText)")
            // The boot.ini as it is on the card (read back with mtools), with root=UUID of the card's root.
            let onCard = "\(Self.exynosWork)/\(board.profile)-boot.ini"
            let copied = try SpawnRunner().run(
                Command(["mcopy", "-o", "-n", "-i", "\(card)@@\(2 << 20)", "::/boot.ini", onCard], environment: ["MTOOLS_SKIP_CHECK": "1"]))
            #expect(copied.succeeded, "\(copied.stderrText)")
            let uuid = created.stdoutText.components(separatedBy: "UUID ").dropFirst(2).first?.prefix(36).description ?? "?"
            #expect((try? String(contentsOfFile: onCard, encoding: .utf8))?.contains("root=UUID=\(uuid) ro") == true, "\(board.profile)")
            let lint = try Self.run(["lint", onCard, "-p", board.profile] + board.extra)
            #expect(lint.termination == .exited(0), "\(board.profile): \(lint.stdoutText)\(lint.stderrText)")
        }
    }
}
