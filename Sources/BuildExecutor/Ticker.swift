import Dispatch

/// A repeating timer for progress displays while a step runs; `stop()` before the step's final line.
final class Ticker: @unchecked Sendable {
    private let timer: DispatchSourceTimer

    init(every seconds: Double, queue: DispatchQueue, _ tick: @escaping @Sendable () -> Void) {
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + seconds, repeating: seconds)
        timer.setEventHandler(handler: tick)
        timer.resume()
    }

    func stop() { timer.cancel() }
}
