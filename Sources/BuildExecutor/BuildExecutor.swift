/// Namespace for plan execution. Filled in by the executor work.
public enum BuildExecutorNamespace {}
