import CommandValues

/// The complete, ordered plan of one kernel build-and-install: a value built by pure code. Printing
/// (`--dry-run`), the standalone script (`--emit-script`), JSON and the executor are all views of it.
public struct Plan: Sendable, Codable {
    public var profile: String
    public var kernelVersion: String
    public var hostArch: String
    /// Empty when building natively.
    public var crossCompile: String?
    public var directories: Directories
    public var bootTarget: PlanOptions.BootTarget
    /// The board's root filesystem the modules and the initramfs are made for; nil when the plan needs none.
    public var rootTarget: PlanOptions.RootTarget?
    /// Why a real run of this plan must not start (a cross build with nowhere right for the board's modules
    /// and initramfs); `--dry-run` still prints every step and shows this. nil: the plan may run.
    public var refusal: String?
    public var bootFiles: BootFiles
    /// Notes for the reader: choices made (cross or native, ccache dropped, ...).
    public var notes: [String]
    public var steps: [PlanStep]

    public struct Directories: Sendable, Codable, Equatable {
        public var work: String
        public var source: String
        public var build: String
        /// INSTALL_MOD_PATH of modules_install: a staging directory; the `rootfs-install` step copies the
        /// release's tree from there into the root filesystem.
        public var modules: String
        /// Initramfs, uInitrd and rendered boot scripts.
        public var output: String
        public var logs: String
    }

    /// Variables a step sets at run time (the kernel release) that later steps use as `${NAME}`.
    public static let kernelReleaseVariable = "KERNELRELEASE"

    public func step(_ id: String) -> PlanStep? { steps.first { $0.id == id } }
}

/// One step: what it does, whether it needs root, and what it reads and writes (for skip-if-unchanged).
public struct PlanStep: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var action: PlanAction
    /// Writes outside the work directory that need root (system /lib/modules, a mounted boot partition).
    public var privileged: Bool
    /// Files or trees this step reads.
    public var inputs: [String]
    /// Files this step produces.
    public var outputs: [String]

    public init(id: String, title: String, action: PlanAction, privileged: Bool, inputs: [String], outputs: [String]) {
        self.id = id
        self.title = title
        self.action = action
        self.privileged = privileged
        self.inputs = inputs
        self.outputs = outputs
    }
}

/// What a step does.
public enum PlanAction: Sendable, Codable, Equatable {
    /// Run a command. Arguments may contain `${KERNELRELEASE}`, replaced at run time.
    case run(Command)
    /// Run a command and keep its trimmed stdout as a plan variable.
    case capture(Command, variable: String)
    /// Pack a directory as a gzip-compressed newc cpio archive (owner root), like
    /// `(cd DIR && find . | sort | cpio -o -H newc -R 0:0) | gzip -9n > OUTPUT`.
    case cpioArchive(directory: String, output: String)
    /// Make the smallest initramfs that proves a boot: a static busybox and `MarkerInit`'s /init, packed as a
    /// gzip-compressed newc cpio archive.
    case busyboxInitramfs(BusyboxInitramfs)
    /// Render the profile's boot scripts from templates into the output directory.
    case renderBootScripts(formats: [String], directory: String)
    /// Copy built files to the boot partition (temporary names, flush, rename), then the boot script last.
    case install(InstallSpec)
    /// Copy the staged modules of the kernel release and the kernel config into the board's root filesystem
    /// (`lib/modules/<release>`, `boot/config-<release>`) under temporary names, then rename them into place.
    case installIntoRoot(RootInstall)
    /// Run the board's own initramfs generator inside the board's root filesystem (through qemu-user when the
    /// architectures differ), in a private mount namespace.
    case targetInitramfs(TargetInitramfs)
}

/// The modules and kernel config a plan puts into the root filesystem.
public struct RootInstall: Sendable, Codable, Equatable {
    /// `make kernelrelease`, as the plan variable until it is known.
    public var release: String
    /// The staged `lib/modules/<release>` tree.
    public var stagedModules: String
    /// The build's `.config`, installed as `boot/config-<release>` (initramfs-tools reads it).
    public var kernelConfig: String

    public init(release: String, stagedModules: String, kernelConfig: String) {
        self.release = release
        self.stagedModules = stagedModules
        self.kernelConfig = kernelConfig
    }
}

/// The board's initramfs generator, run where its programs belong.
public struct TargetInitramfs: Sendable, Codable, Equatable {
    /// mkinitramfs, dracut or mkinitrd, as the profile names it.
    public var generator: String
    /// The generator's command line as it runs inside the root filesystem; its output is `insideOutput`.
    public var command: Command
    /// Where the generator writes, as seen inside the sandbox (a directory bound to `output`'s directory).
    public var insideOutput: String
    /// The initramfs file on this machine.
    public var output: String
    public var release: String
    /// Where a copy of an image's root filesystem is unpacked for the generator (deleted afterwards).
    public var scratch: String

    public static let outputDirectory = "/tmp/odroid-build-out"

    public init(generator: String, command: Command, insideOutput: String, output: String, release: String, scratch: String) {
        self.generator = generator
        self.command = command
        self.insideOutput = insideOutput
        self.output = output
        self.release = release
        self.scratch = scratch
    }
}

/// The busybox initramfs of a plan: which busybox, where Debian's busybox-static is fetched to when the
/// profile names none, the marker /init prints, and the archive written.
public struct BusyboxInitramfs: Sendable, Codable, Equatable {
    /// A static busybox for the board, or nil to fetch `busyboxPackage` for `debianArch` into `packageCache`.
    public var busybox: String?
    public var busyboxPackage: String
    public var debianArch: String
    public var packageCache: String
    public var marker: String
    public var output: String

    public init(
        busybox: String?, busyboxPackage: String = "busybox-static", debianArch: String = "armhf", packageCache: String, marker: String,
        output: String
    ) {
        self.busybox = busybox
        self.busyboxPackage = busyboxPackage
        self.debianArch = debianArch
        self.packageCache = packageCache
        self.marker = marker
        self.output = output
    }
}

/// Files a plan installs on the boot partition, and the boot script that makes them live.
public struct InstallSpec: Sendable, Codable, Equatable {
    public struct FileCopy: Sendable, Codable, Equatable {
        public var source: String
        /// Path on the boot partition.
        public var destination: String

        public init(source: String, destination: String) {
            self.source = source
            self.destination = destination
        }
    }
    public var files: [FileCopy]
    /// The script u-boot runs (boot.ini, boot.scr or extlinux/extlinux.conf): written last.
    public var bootScript: FileCopy

    /// What a file is written as before it is renamed over its name: a killed run's leftovers are known by it.
    public static let temporarySuffix = ".odroid-build-new"
    /// The previous boot script is kept as `<script>.bak`.
    public static let backupSuffix = ".bak"
    /// The manifest on the partition (`BootManifest`): what is installed, for list, rollback and verify.
    public static let manifestFile = "odroid-build.json"

    public init(files: [FileCopy], bootScript: FileCopy) {
        self.files = files
        self.bootScript = bootScript
    }
}
