import CFdt

/// Namespace for device-tree blob access (libfdt). Filled in by the device-tree work.
public enum DeviceTree {}
