/// Namespace for the boot-partition seam. Filled in by the boot-partition work.
public enum BootPartitionNamespace {}
