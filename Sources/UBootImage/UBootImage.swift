/// Namespace for u-boot legacy image headers. Filled in by the image work.
public enum UBootImage {}
