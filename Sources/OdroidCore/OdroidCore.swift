/// The pure core: profiles, plans, rendering and checks. No processes, no clock, no writes.
public enum OdroidCore {
    public static let version = "0.1.0"
}
