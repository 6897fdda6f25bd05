import Foundation

/// The one place that reads the system clock. Everything that depends on the time (days left,
/// `due:` and `overdue` terms, a decision's `decided_at`, relative ages) takes `now` as a
/// parameter: a command reads the clock once when it starts, the review screen on each tick
/// (`AppState.now`), so a filter gives the same rows whichever path evaluates it.
package enum WallClock {
    /// Milliseconds since the epoch.
    package static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
