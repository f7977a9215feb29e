// swift-tools-version: 6.0
// odroid-build: build, install and boot-prove a custom Linux kernel on ODROID and other u-boot ARM boards.
import PackageDescription

let package = Package(
    name: "odroid-build",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "odroid-build", targets: ["odroid-build"])
    ],
    dependencies: [
        // Command-line parsing, help text and shell completion for every subcommand.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Logic-less templates: boot scripts stay data in templates/, not Swift string building.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The executable: one small entry file; everything else lives in OdroidCLI.
        .executableTarget(name: "odroid-build", dependencies: ["OdroidCLI"]),
        // Thin command layer: argument parsing, phase reporting, exit codes.
        .target(
            name: "OdroidCLI",
            dependencies: [
                "CommandValues", "OdroidCore", "OdroidProcess", "UBootImage", "DeviceTree", "BootPartition", "BootProof",
                "BuildExecutor", "CardWriter", "RootFilesystem", "SerialConsole", "CardInspect", "CBuildStamp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Pure core: TOML, profiles, validation, the plan, script rendering, lint, memory layout. No I/O but reading
        // files it is handed; it depends on no target that runs a process or touches a file, so the compiler keeps it pure.
        .target(
            name: "OdroidCore",
            dependencies: ["CommandValues", .product(name: "Mustache", package: "swift-mustache")]),
        // Values only, shared by the core and the process seam: a command as data, shell quoting, comments and
        // terminal escaping, the plain-word rule. Nothing here can spawn or open.
        .target(name: "CommandValues"),
        // The one seam for external processes: logs argv, runs without a shell, returns status as data.
        .target(name: "OdroidProcess", dependencies: ["CommandValues", "CProcessSpawn"]),
        // The package version and git commit a release build was stamped with at link time (none otherwise).
        .target(name: "CBuildStamp"),
        // Glibc's posix_spawn_file_actions_addchdir_np, which Swift cannot import without _GNU_SOURCE.
        .target(name: "CProcessSpawn"),
        // u-boot legacy image headers (64 bytes, CRC32): parsing and verification in pure Swift.
        .target(name: "UBootImage"),
        // libfdt as a system library (Debian ships no pkg-config file for it).
        .systemLibrary(name: "CFdt", path: "Sources/CFdt"),
        // The only module that imports libfdt: a small safe API over device-tree blobs.
        .target(name: "DeviceTree", dependencies: ["CFdt"]),
        // The one seam for the boot partition: a mounted FAT directory or a FAT image through mtools; what is checked
        // before anything lands on it (the built kernel, initramfs and dtb, through DeviceTree for the blob; an image
        // or device in use by a mount, through CardWriter's mount and loop tables).
        .target(
            name: "BootPartition",
            dependencies: [
                "CommandValues", "OdroidCore", "OdroidProcess", "UBootImage", "DeviceTree", "CardWriter", "SHA256Hashing",
            ]),
        // Runs a plan's steps for real: logs, progress, skip-if-unchanged, locking, signals.
        .target(
            name: "BuildExecutor",
            dependencies: ["CommandValues", "OdroidCore", "OdroidProcess", "SHA256Hashing"]),
        // Writes a boot-partition image to an SD card: safety checks, discard, aligned writes, read-back.
        .target(name: "CardWriter", dependencies: ["CBlockDevice", "SHA256Hashing"]),
        // SHA-256 for the boot-partition manifest, flash read-back and step fingerprints: the system's libcrypto
        // (OpenSSL 3, already a kernel-build dependency), not a vendored copy compiled with every build.
        .systemLibrary(name: "CLibcrypto", path: "Sources/CLibcrypto"),
        .target(name: "SHA256Hashing", dependencies: ["CLibcrypto"]),
        // Block-device ioctls (BLKDISCARD, BLKZEROOUT, ...) that Swift cannot call directly.
        .target(name: "CBlockDevice"),
        // The one seam for the board's root filesystem: a mounted directory, or an ext4 partition of a card image
        // through debugfs (no mount, no root); module installs, the board's initramfs generator in a sandbox.
        .target(name: "RootFilesystem", dependencies: ["CommandValues", "OdroidCore", "OdroidProcess", "BootPartition", "SHA256Hashing"]),
        // What sits before a card's first partition: the bootloader layout, u-boot's version, parser and environment.
        .target(name: "CardInspect", dependencies: ["BootPartition", "OdroidCore"]),
        // The serial console: a tty in raw mode, u-boot's autoboot stopped, lines typed and answers classified.
        .target(name: "SerialConsole", dependencies: ["BootProof", "OdroidCore", "OdroidProcess"]),
        // Boot proofs: real u-boot under qemu-system-arm, console watching, boot timeline.
        .target(name: "BootProof", dependencies: ["CommandValues", "OdroidCore", "OdroidProcess", "UBootImage", "BootTrace"]),
        // The boot trace's analysis (docs/boot-trace.md): the QEMU plugin's records, symbols, stacks, trace.json and
        // its pictures, as pure functions of bytes and text; it depends on nothing that runs a process.
        // Optimised in debug builds too: the analysis reads half a billion records per boot, and at -Onone it takes minutes
        // instead of seconds (the slow suite's real-kernel trace runs a debug build).
        .target(name: "BootTrace", swiftSettings: [.unsafeFlags(["-O"])]),
        // Fakes and fixtures shared by the test targets; fakes fail loudly on unexpected calls.
        .target(name: "TestSupport", dependencies: ["CommandValues", "OdroidProcess"], path: "Tests/TestSupport"),
        .testTarget(name: "OdroidCoreTests", dependencies: ["CommandValues", "OdroidCore", "OdroidProcess", "TestSupport"], exclude: ["Fixtures", "Golden"]),
        .testTarget(name: "OdroidProcessTests", dependencies: ["CommandValues", "OdroidProcess", "TestSupport"]),
        .testTarget(name: "UBootImageTests", dependencies: ["CommandValues", "UBootImage", "TestSupport", "OdroidProcess"]),
        .testTarget(name: "DeviceTreeTests", dependencies: ["CommandValues", "DeviceTree", "TestSupport", "OdroidProcess"]),
        .testTarget(name: "BootPartitionTests", dependencies: ["CommandValues", "BootPartition", "TestSupport"]),
        .testTarget(name: "BuildExecutorTests", dependencies: ["CommandValues", "BuildExecutor", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BootProofTests", dependencies: ["CommandValues", "BootProof", "BootPartition", "SerialConsole", "OdroidCore", "TestSupport", "UBootImage"], exclude: ["Fixtures"]),
        .testTarget(name: "CardWriterTests", dependencies: ["CommandValues", "CardWriter", "TestSupport", "OdroidProcess"]),
        .testTarget(name: "CardInspectTests", dependencies: ["CommandValues", "CardInspect", "BootPartition", "OdroidCore", "TestSupport", "OdroidProcess"]),
        .testTarget(name: "RootFilesystemTests", dependencies: ["CommandValues", "RootFilesystem", "BootPartition", "TestSupport", "OdroidProcess"]),
        .testTarget(name: "BootTraceTests", dependencies: ["BootTrace", "BootProof", "CommandValues", "OdroidProcess", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "OdroidCLITests", dependencies: ["OdroidCLI", "BootProof", "TestSupport"]),
        .testTarget(name: "SHA256HashingTests", dependencies: ["SHA256Hashing", "TestSupport", "CommandValues", "OdroidProcess"]),
        .testTarget(name: "EndToEndTests", dependencies: ["CommandValues", "TestSupport", "OdroidProcess"]),
    ],
    swiftLanguageModes: [.v6]
)
