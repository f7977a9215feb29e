import Dispatch
import Foundation

/// Turns process signals into `RunControl` requests while a run goes: SIGINT and SIGTERM interrupt (children
/// are stopped, exit 130), SIGUSR1 asks to finish the running step and stop (exit 0). Uses dispatch signal
/// sources, so the handlers are ordinary Swift code rather than async-signal-safe C. Restores the previous
/// dispositions when cancelled.
public final class SignalRelay: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private var previous: [(Int32, sighandler_t?)] = []
    private let queue = DispatchQueue(label: "odroid-build.signals")

    /// Starts relaying to `control`. Keep the relay alive for the whole run; call `cancel()` after it.
    public init(control: RunControl) {
        let actions: [(Int32, @Sendable () -> Void)] = [
            (SIGINT, { control.interrupt() }),
            (SIGTERM, { control.interrupt() }),
            (SIGUSR1, { control.stopAfterCurrentStep() }),
        ]
        for (number, action) in actions {
            // The default action would kill the process before the source sees the signal.
            previous.append((number, signal(number, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler(handler: action)
            source.resume()
            sources.append(source)
        }
    }

    public func cancel() {
        for source in sources { source.cancel() }
        sources = []
        for (number, handler) in previous { signal(number, handler) }
        previous = []
    }

    deinit { cancel() }
}
