import Foundation
import OdroidCore
import OdroidProcess
import Testing
import TestSupport

/// Where a plan puts the board's modules and initramfs: never the build host's own root unless it is the
/// board (or the user says so), inside the card's root filesystem when there is one.
@Suite("Plans for the board's root filesystem", .tags(.pure))
struct RootFilesystemPlanTests {
    static let card = PlanOptions.RootTarget.image(path: "/cards/xu.img", offset: 269_484_032, partition: 2)

    static func plan(
        _ name: String, root: PlanOptions.RootTarget? = nil, hostArch: String = "x86_64", hostRoot: Bool = false,
        overrides: [String] = []
    ) throws -> Plan {
        let profile = try Shipped.resolve(name, overrides: overrides)
        return PlanBuilder(
            profile: profile, options: Shipped.options(version: "3.12.3", root: root, hostArch: hostArch, hostRootIsTarget: hostRoot)
        ).build()
    }

    @Test(
        "the seed's command on a PC without a card is refused, naming the ways out",
        arguments: ["odroidxu", "odroidxu3", "odroidxu4", "qemu-virt-debian"])
    func crossWithoutRootIsRefused(_ name: String) throws {
        let plan = try Self.plan(name)
        let refusal = try #require(plan.refusal)
        for way in ["--boot-image", "--rootfs", "busybox", "--host-root-as-target"] { #expect(refusal.contains(way), "\(refusal)") }
        #expect(plan.rootTarget == nil)
        #expect(!plan.steps.contains { $0.id == "rootfs-install" })
        // Nothing in the plan writes the host's /lib/modules.
        guard case .run(let install)? = plan.step("modules-install")?.action else { Issue.record("no modules-install"); return }
        #expect(install.argv.contains("INSTALL_MOD_PATH=/work/odroid/modules"))
        #expect(plan.step("modules-install")?.privileged == false)
    }

    @Test("into a card image: staged modules, then rootfs-install, then the card's own generator in the sandbox")
    func crossIntoACard() throws {
        let plan = try Self.plan("odroidxu", root: Self.card)
        #expect(plan.refusal == nil)
        #expect(
            plan.steps.map(\.id) == [
                "defconfig", "build", "kernelrelease", "modules-install", "rootfs-install", "initramfs", "uinitrd", "boot-scripts",
                "install",
            ])
        guard case .installIntoRoot(let install)? = plan.step("rootfs-install")?.action else { Issue.record("no rootfs-install"); return }
        #expect(install.stagedModules == "/work/odroid/modules/lib/modules/${KERNELRELEASE}")
        #expect(install.kernelConfig == "/work/odroid/build/.config")
        guard case .targetInitramfs(let initramfs)? = plan.step("initramfs")?.action else {
            Issue.record("initramfs runs on the host"); return
        }
        #expect(initramfs.command.argv == ["mkinitrd", "/tmp/odroid-build-out/initrd-3.12.3", "${KERNELRELEASE}"])
        #expect(initramfs.output == "/work/odroid/out/initrd-3.12.3")
        let printed = PlanPrinter(plan: plan).dryRun()
        #expect(printed.contains("exec 4</cards/xu.img"))
        #expect(printed.contains("debugfs -R 'rdump / .' '/dev/fd/4?offset=269484032'"), "debugfs never sees the image's own name")
        #expect(printed.contains("bwrap --unshare-all --die-with-parent --new-session --bind /work/odroid/rootfs-copy /"))
        #expect(!printed.contains("NOT RUNNABLE"))
    }

    @Test("on the board itself (armv7l): / is the root filesystem and the generator runs natively, as the seed did")
    func nativeOnTheBoard() throws {
        let plan = try Self.plan("odroidxu", hostArch: "armv7l")
        #expect(plan.crossCompile == nil)
        #expect(plan.rootTarget == .mounted(path: "/"))
        #expect(plan.step("rootfs-install")?.privileged == true)
        guard case .run(let generator)? = plan.step("initramfs")?.action else { Issue.record("not a direct command"); return }
        #expect(generator.argv == ["mkinitrd", "/work/odroid/out/initrd-3.12.3", "${KERNELRELEASE}"])
        #expect(
            PlanPrinter(plan: plan).dryRun().contains(
                "cp -a \"/work/odroid/modules/lib/modules/${KERNELRELEASE}\" \"/lib/modules/${KERNELRELEASE}.odroid-build-new\""))
    }

    @Test("--rootfs / while cross-compiling is this PC's root: refused unless --host-root-as-target says so")
    func hostRootNeedsTheExplicitOption() throws {
        let refused = try Self.plan("odroidxu4", root: .mounted(path: "/"))
        #expect(refused.refusal?.contains("this machine's own root filesystem") == true)
        let asked = try Self.plan("odroidxu4", root: .mounted(path: "/"), hostRoot: true)
        #expect(asked.refusal == nil)
        guard case .run(let generator)? = asked.step("initramfs")?.action else { Issue.record("not direct"); return }
        #expect(generator.program == "mkinitramfs")
        let flagOnly = try Self.plan("odroidxu4", hostRoot: true)
        #expect(flagOnly.rootTarget == .mounted(path: "/"))
    }

    @Test("a mounted card's root: the generator sees it read-only")
    func mountedCardReadOnly() throws {
        let plan = try Self.plan("odroidxu4", root: .mounted(path: "/mnt/card"))
        let printed = PlanPrinter(plan: plan).dryRun()
        #expect(printed.contains("--ro-bind /mnt/card /"))
        #expect(printed.contains("mkdir -p /mnt/card/lib/modules"))
    }

    @Test("busybox initramfs (qemu-virt) needs no root filesystem: modules stay staged, nothing is refused")
    func busyboxNeedsNoRoot() throws {
        let plan = try Self.plan("qemu-virt")
        #expect(plan.refusal == nil)
        #expect(!plan.steps.contains { $0.id == "rootfs-install" })
        #expect(plan.notes.contains { $0.contains("modules stay in the staging directory") })
    }

    @Test("root= takes the card's UUID unless a profile, the local file or --set named one")
    func rootUUID() throws {
        let auto = try Shipped.resolve("odroidxu").withRootFilesystem(uuid: "27b0cf95-f999-4724-89a7-7ef3d0164310")
        #expect(auto.boot.root == "UUID=27b0cf95-f999-4724-89a7-7ef3d0164310")
        let placeholder = try Shipped.resolve("qemu-virt-debian").withRootFilesystem(uuid: "aa")
        #expect(placeholder.boot.root == "UUID=aa")
        let explicit = try Shipped.resolve("odroidxu", overrides: ["boot.root=/dev/sda2"]).withRootFilesystem(uuid: "aa")
        #expect(explicit.boot.root == "/dev/sda2")
        #expect(
            try Shipped.resolve("qemu-virt").withRootFilesystem(uuid: "aa").boot.root == "/dev/ram0", "the busybox board keeps its ram disk"
        )
        #expect(try Shipped.resolve("odroidxu").rootNeedsUUID)
        #expect(try !Shipped.resolve("qemu-virt").rootNeedsUUID)
    }
}

@Suite("boot.ini as complete as Hardkernel's for the XU", .tags(.pure))
struct XUBootArgsTests {
    @Test("HDMI and serial consoles, and a MAC for the USB Ethernet derived from the card's root UUID")
    func consolesAndMAC() throws {
        let card = try Shipped.resolve("odroidxu").withRootFilesystem(uuid: "27b0cf95-f999-4724-89a7-7ef3d0164310")
        #expect(
            card.bootargs
                == "console=tty1 console=ttySAC2,115200n8 root=UUID=27b0cf95-f999-4724-89a7-7ef3d0164310 ro smsc95xx.macaddr=02:27:b0:cf:95:f9 loglevel=9 earlyprintk"
        )
        let again = try Shipped.resolve("odroidxu").withRootFilesystem(uuid: "27b0cf95-f999-4724-89a7-7ef3d0164310")
        #expect(again.bootargs == card.bootargs, "the same card keeps its MAC")
        #expect(!(try Shipped.resolve("odroidxu").bootargs.contains("macaddr")), "no card known: no MAC rather than a made-up one")
        let fixed = try Shipped.resolve("odroidxu", overrides: ["boot.ethernet_mac=00:1e:06:61:7a:39"])
        #expect(fixed.bootargs.contains("smsc95xx.macaddr=00:1e:06:61:7a:39"))
        #expect(ResolvedProfile.mac(fromUUID: "27b0cf95-f999-4724-89a7-7ef3d0164310") == "02:27:b0:cf:95:f9")
    }

    @Test(
        "a MAC that is not one, and a driver that is not a module name, are profile errors",
        arguments: [
            "boot.ethernet_mac=00:1e:06:61:7a", "boot.ethernet_mac=zz:1e:06:61:7a:39", "boot.ethernet_mac=${macaddr}",
            "boot.ethernet_driver=smsc95xx;reset",
        ])
    func badValues(_ override: String) {
        #expect(throws: Diagnostics.self) { try Shipped.resolve("odroidxu", overrides: [override]) }
    }
}
