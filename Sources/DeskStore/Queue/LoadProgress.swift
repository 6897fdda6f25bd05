import DeskCore
import Synchronization

/// How much of the queue file has been read, shared between the loading threads and the screen
/// that shows a progress bar while a large queue loads.
package final class LoadProgress: Sendable {
    private let bytesRead = Atomic<Int>(0)
    private let total = Atomic<Int>(0)

    package init() {}

    func setTotal(_ bytes: Int) { total.store(bytes, ordering: .relaxed) }

    func add(_ bytes: Int) { bytesRead.add(bytes, ordering: .relaxed) }

    /// 0...1; 0 until the total is known.
    package var fraction: Double {
        let whole = total.load(ordering: .relaxed)
        guard whole > 0 else { return 0 }
        return min(1, Double(bytesRead.load(ordering: .relaxed)) / Double(whole))
    }
}
