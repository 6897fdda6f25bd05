import DeskCore
import DeskStore
import Synchronization

/// How far a first clustering has come, shared between its worker threads (which count finished
/// runs of rows, never single rows) and whoever shows progress (a command's stderr line).
package final class ClusterProgress: Sendable {
    /// The phases of `Clusters(table:)`, in order.
    package enum Phase: Int, Sendable, CaseIterable {
        /// Not started, or reading saved clusters.
        case waiting
        /// Tokenizing, exact grouping and MinHash sketching of every row.
        case sketch
        /// Comparing texts with the tops of their LSH buckets, and choosing representatives.
        case compare
        /// Turning groups into numbered clusters.
        case assemble
        /// The `adds` flag of every member.
        case adds
        case finished
    }

    private let phaseValue = Atomic<Int>(Phase.waiting.rawValue)
    private let done = Atomic<Int>(0)
    private let total = Atomic<Int>(0)

    package init() {}

    package var phase: Phase { Phase(rawValue: phaseValue.load(ordering: .relaxed)) ?? .waiting }

    /// 0...1 within the current phase.
    package var phaseFraction: Double {
        let whole = total.load(ordering: .relaxed)
        guard whole > 0 else { return 0 }
        return min(1, Double(done.load(ordering: .relaxed)) / Double(whole))
    }

    /// 0...1 over the whole build, each phase weighted by its share of a first build's time
    /// (`objection-desk-bench clusters --verbose`, 200,000 rows in families, release, two cores:
    /// sketch 1.44 s, compare 0.67 s, assemble 0.03 s, adds 0.70 s).
    package var fraction: Double {
        let current = phase
        guard current != .waiting else { return 0 }
        guard current != .finished else { return 1 }
        let before = Phase.allCases.filter { $0.rawValue < current.rawValue }.reduce(0) { $0 + Self.weight($1) }
        return min(1, before + Self.weight(current) * phaseFraction)
    }

    static func weight(_ phase: Phase) -> Double {
        switch phase {
        case .sketch: 0.5
        case .compare: 0.25
        case .assemble: 0.01
        case .adds: 0.24
        case .waiting, .finished: 0
        }
    }

    /// Starts a phase of `units` units of work (rows, text comparisons, clusters).
    func begin(_ phase: Phase, units: Int = 0) {
        done.store(0, ordering: .relaxed)
        total.store(units, ordering: .relaxed)
        phaseValue.store(phase.rawValue, ordering: .relaxed)
    }

    /// Counts finished work; called once per run of rows or piece of work.
    func advance(by units: Int) { done.add(units, ordering: .relaxed) }
}
