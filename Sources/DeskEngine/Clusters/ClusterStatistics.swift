#if canImport(Glibc)
import DeskCore
import DeskStore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counters from one clustering run, for the benchmark and for tuning.
package struct ClusterStatistics: Sendable, Equatable {
    /// Distinct texts that were sketched (after exact grouping).
    package var texts = 0
    /// Texts compared with a bucket's top text.
    package var verifications = 0
    /// Texts compared again with the representative of a top they passed (the top was a member).
    package var secondChecks = 0
    /// Texts that joined a representative.
    package var attached = 0
    /// The rows were sketched while the queue loaded (`LoadSketch`), not read back.
    package var sketchedWhileLoading = false
    /// Wall-clock seconds of each phase: tokenize and sketch, exact groups, candidates and
    /// merging, cluster assembly, `adds` flags.
    package var sketchSeconds = 0.0
    package var exactSeconds = 0.0
    package var linkSeconds = 0.0
    package var assembleSeconds = 0.0
    package var addsSeconds = 0.0
    /// CPU seconds of all threads over the same phases.
    package var cpuSeconds: [Double] = []

    package init() {}
}

/// Measures phases for `ClusterStatistics`: wall-clock time, and the process's CPU time.
struct PhaseClock {
    private let clock = ContinuousClock()
    private var start: ContinuousClock.Instant
    private var cpuStart: Double
    private(set) var cpuLaps: [Double] = []

    init() {
        start = clock.now
        cpuStart = Self.processCPU()
    }

    /// Seconds since the last lap (or the start).
    mutating func lap() -> Double {
        let now = clock.now
        let elapsed = now - start
        start = now
        let cpu = Self.processCPU()
        cpuLaps.append(cpu - cpuStart)
        cpuStart = cpu
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static func processCPU() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
