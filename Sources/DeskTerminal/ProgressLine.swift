#if canImport(Glibc)
import DeskCore
import Glibc
#endif
import Foundation
import Synchronization

/// One self-overwriting line on stderr that says what a long command is doing and how far it is
/// (`objection-desk: reading the queue… 42%`), like the review screen's loading bar.
///
/// Silent unless stderr is a terminal, and until the command has run for `delay`: quick commands
/// and redirected stderr stay exactly as they were. A phase is a scope (`during`); the line is
/// erased when the scope ends, so output and messages that follow never share a row with it.
/// A ticker thread polls the status and draws at most once per `interval`.
package final class ProgressLine: Sendable {
    /// What is going on now: a phase, and how far it is when that is known.
    package struct Status: Sendable, Equatable {
        package var phase: String
        /// 0...1, or nil when the phase cannot tell.
        package var fraction: Double?

        package init(_ phase: String, fraction: Double? = nil) {
            self.phase = phase
            self.fraction = fraction
        }
    }

    private struct State {
        var status: (@Sendable () -> Status)?
        /// The text on the terminal now, nil when the row is clear.
        var shown: String?
        var lastDrawn: Duration?
    }

    package static let delay = Duration.seconds(1)
    /// Also the ticker's period.
    package static let interval = Duration.milliseconds(100)
    private static let eraseToEndOfLine = "\u{1B}[K"

    private let state = Mutex(State())
    private let prefix: String
    private let isEnabled: Bool
    private let elapsed: @Sendable () -> Duration
    private let columns: @Sendable () -> Int?
    private let write: @Sendable (String) -> Void

    /// `elapsed`: time since the command started; `columns`: the terminal's width, to keep the
    /// line on one row (a wrapped line cannot be overwritten with `\r`).
    package init(prefix: String, isEnabled: Bool, elapsed: @escaping @Sendable () -> Duration,
                columns: @escaping @Sendable () -> Int? = { nil }, write: @escaping @Sendable (String) -> Void) {
        self.prefix = prefix
        self.isEnabled = isEnabled
        self.elapsed = elapsed
        self.columns = columns
        self.write = write
    }

    /// The line on this process's stderr, enabled only when stderr is a terminal; its clock
    /// starts now and its ticker thread runs until the process ends.
    package static func standardError(prefix: String) -> ProgressLine {
        let start = ContinuousClock.now
        let line = ProgressLine(
            prefix: prefix, isEnabled: isatty(STDERR_FILENO) != 0,
            elapsed: { ContinuousClock.now - start },
            columns: {
                var size = winsize()
                guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
                return Int(size.ws_col)
            },
            write: { text in
                // Straight to the descriptor: FileHandle or stdio buffering could hold a frame back.
                let bytes = Array(text.utf8)
                var sent = 0
                while sent < bytes.count {
                    let result = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress! + sent, bytes.count - sent) }
                    if result < 0 && errno == EINTR { continue }
                    guard result > 0 else { return }
                    sent += result
                }
            })
        if line.isEnabled {
            BackgroundTask.detached {
                while true {
                    Thread.sleep(forTimeInterval: interval / .seconds(1))
                    line.tick()
                }
            }
        }
        return line
    }

    /// Runs `body` as the phase `status` describes (asked again at every tick); the line is
    /// erased when it returns. An inner phase replaces an outer one until it ends.
    package func during<Result>(_ status: @escaping @Sendable () -> Status, _ body: () throws -> Result) rethrows -> Result {
        guard isEnabled else { return try body() }
        let outer = state.withLock { state in
            defer { state.status = status }
            return state.status
        }
        defer {
            state.withLock { state in
                state.status = outer
                if state.shown != nil {
                    write("\r" + Self.eraseToEndOfLine)
                    state.shown = nil
                }
            }
        }
        return try body()
    }

    /// A phase with a fixed name.
    package func during<Result>(_ phase: String, fraction: @escaping @Sendable () -> Double? = { nil },
                               _ body: () throws -> Result) rethrows -> Result {
        try during({ Status(phase, fraction: fraction()) }, body)
    }

    /// Draws the current phase when the command has run for `delay`, the last drawing is at least
    /// `interval` old and the text changed. Called by the ticker thread (and by tests).
    package func tick() {
        guard isEnabled else { return }
        let now = elapsed()
        guard now >= Self.delay else { return }
        state.withLock { state in
            guard let status = state.status else { return }
            if let last = state.lastDrawn, now - last < Self.interval { return }
            var text = format(status())
            if let columns = columns(), text.count >= columns { text = String(text.prefix(max(0, columns - 1))) }
            guard text != state.shown else { return }
            write("\r" + text + Self.eraseToEndOfLine)
            state.shown = text
            state.lastDrawn = now
        }
    }

    /// `objection-desk: finding near-identical justifications… 63%`; no figure when unknown.
    func format(_ status: Status) -> String {
        var text = "\(prefix): \(status.phase)…"
        if let fraction = status.fraction {
            // Rounded down, so 100% appears only when the work is done.
            text += " \(Int((min(1, max(0, fraction)) * 100).rounded(.down)))%"
        }
        return text
    }
}
