import Dispatch
import Synchronization

/// Runs `work(0..<count)` on up to `parallelism` threads, each taking the next index when it is
/// done with one, and waits for all of them.
package func runConcurrently(_ count: Int, parallelism: Int, _ work: (Int) -> Void) {
    runConcurrently(count, parallelism: parallelism, context: { () }) { _, index in work(index) }
}

/// The same, with a context each thread makes once and reuses for all the indices it takes
/// (scratch buffers, caches).
package func runConcurrently<Context>(_ count: Int, parallelism: Int, context makeContext: () -> Context,
                              _ work: (inout Context, Int) -> Void) {
    if count <= 1 || parallelism <= 1 {
        var context = makeContext()
        for index in 0..<count { work(&context, index) }
        return
    }
    let next = WorkCounter()
    withoutActuallyEscaping(work) { work in
        withoutActuallyEscaping(makeContext) { makeContext in
            let box = UnsafeSendableBox((work, makeContext))
            DispatchQueue.concurrentPerform(iterations: min(count, parallelism)) { _ in
                var context = box.value.1()
                while true {
                    let index = next.take()
                    guard index < count else { return }
                    box.value.0(&context, index)
                }
            }
        }
    }
}

/// Hands out 0, 1, 2... to concurrent workers.
package final class WorkCounter: Sendable {
    private let value = Atomic<Int>(0)
    package init() {}
    package func take() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Hands a non-Sendable value to concurrent workers that only read it (or write disjoint parts).
package struct UnsafeSendableBox<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}
