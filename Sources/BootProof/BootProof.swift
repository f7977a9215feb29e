/// Namespace for QEMU boot proofs. Filled in by the boot-proof work.
public enum BootProofNamespace {}
