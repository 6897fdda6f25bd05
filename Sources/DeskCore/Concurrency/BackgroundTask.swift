import Dispatch
import Foundation
import Synchronization

/// Work on a thread of its own, whose result is waited for or polled: the one way the program
/// starts background work (DECISIONS.md, "Threads: one kind of background task").
///
/// The work is `sending`: what it captures is handed over whole, and the caller does not touch it
/// again (the compiler checks that), so values that are not `Sendable` (a decision store, a
/// loaded desk) can be made on one thread and used on another. The result is taken once.
/// Threads, not Dispatch queues, because clustering needs a 4 MiB stack and a load must not wait
/// behind other work for a pool thread.
///
/// `@unchecked Sendable`: `work` is touched only by the worker thread; `value` is written by it
/// before `finished` is set (releasing) and read only once `finished` was seen set (acquiring),
/// by the one caller that wins `taken`.
package final class BackgroundTask<Value>: @unchecked Sendable {
    private var work: (() -> Value)?
    private var value: Value?
    private let finished = Atomic<Bool>(false)
    private let taken = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` at once on a new thread of `stackSize` bytes.
    package init(stackSize: Int = 1 << 20, _ work: sending @escaping () -> Value) {
        self.work = work
        let thread = Thread { [self] in
            value = self.work!()
            self.work = nil
            finished.store(true, ordering: .releasing)
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
    }

    /// Whether the work has finished (its result may have been taken already).
    package var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// The result if the work has finished and nobody took it yet; never waits.
    package func takeIfFinished() -> Value? {
        guard isFinished else { return nil }
        return takeOnce()
    }

    /// Waits for the work to finish and takes its result (nil once taken).
    package func take() -> Value? {
        if !isFinished {
            done.wait()
            done.signal()  // for any other waiter
        }
        return takeOnce()
    }

    private func takeOnce() -> Value? {
        guard finished.load(ordering: .acquiring), !taken.exchange(true, ordering: .acquiringAndReleasing) else { return nil }
        defer { value = nil }
        return value
    }
}

extension BackgroundTask where Value == Void {
    /// Starts `work` and forgets it (a write that reports its own failure, a watcher).
    package static func detached(stackSize: Int = 1 << 20, _ work: sending @escaping () -> Void) {
        _ = BackgroundTask(stackSize: stackSize, work)
    }
}
