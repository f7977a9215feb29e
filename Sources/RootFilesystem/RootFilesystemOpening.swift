import Foundation
import OdroidCore
import OdroidProcess

/// Opens the root filesystem a plan or a command names, and finds which one a command means: `--rootfs
/// DIR`, the ext partition of a whole-disk `--boot-image` (its only one, or `--root-partition N`), this
/// machine's `/` when it is the board, or none.
public enum RootFilesystemOpening {
    public static func open(_ target: PlanOptions.RootTarget, runner: any ProcessRunning) throws(RootFilesystemError) -> any RootFilesystem
    {
        switch target {
        case .mounted(let path):
            return try MountedRootFilesystem(root: path)
        case .image(let path, let offset, let partition):
            return try Ext4ImageRootFilesystem(imagePath: path, offset: offset, partition: partition, runner: runner)
        }
    }

    /// The root filesystem a command means, and its UUID when `needUUID` (the profile leaves root= to it).
    public struct Choice: Sendable, Equatable {
        public var target: PlanOptions.RootTarget?
        public var uuid: String?

        public init(target: PlanOptions.RootTarget?, uuid: String?) {
            self.target = target
            self.uuid = uuid
        }
    }

    /// - Parameters:
    ///   - directory: `--rootfs DIR`.
    ///   - bootImage: `--boot-image IMG` when that file exists (a new image has no root filesystem yet).
    ///   - partition: `--root-partition N`.
    ///   - hostRoot: this machine's `/` is the board's (building on the board, or `--host-root-as-target`).
    public static func choose(
        directory: String?, bootImage: String?, partition: Int?, hostRoot: Bool, needUUID: Bool,
        runner: any ProcessRunning
    ) throws(RootFilesystemError) -> Choice {
        if let directory {
            let filesystem = try MountedRootFilesystem(root: directory)
            return Choice(target: .mounted(path: directory), uuid: needUUID ? try filesystem.uuid() : nil)
        }
        if let bootImage, let found = try RootPartitionLocator.find(imagePath: bootImage, number: partition) {
            return Choice(target: .image(path: bootImage, offset: found.byteOffset, partition: found.number), uuid: found.uuid)
        }
        if partition != nil { throw .badInput("--root-partition needs an existing whole-disk --boot-image") }
        if hostRoot {
            return Choice(target: .mounted(path: "/"), uuid: needUUID ? try MountedRootFilesystem(root: "/").uuid() : nil)
        }
        return Choice(target: nil, uuid: nil)
    }
}
