import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The client's own limit on waiting for the server: a call into libpq that sees no progress for
/// `limit` has its socket shut down, so the blocked read or write returns at once and the
/// connection counts as broken (the next use reconnects).
///
/// The server's `statement_timeout` does not cover every wait: a server that stopped answering
/// (SIGSTOP, a hung host) or a middlebox that stopped forwarding while keeping the TCP connection
/// up (its kernel still acknowledges, so keepalives and `tcp_user_timeout` see nothing wrong)
/// would leave libpq waiting forever. The limit is the statement timeout plus a grace for the
/// server's own cancel to arrive; "progress" is a COPY row or block going either way, so a long
/// COPY that keeps moving is never cut.
///
/// Shutting down (not closing) the socket is safe from the watchdog's thread: the descriptor
/// stays the connection's until libpq closes it, and `watch` returns only after the watchdog can
/// no longer touch it (both hold `state`).
final class StallWatch: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var armed = false
        var socket: Int32 = -1
        var progressSeen: UInt64 = 0
        var tripped = false
    }

    private let state = Mutex(State())
    private let progress = Atomic<UInt64>(0)
    /// Milliseconds without progress before the socket is shut down (0: never).
    let limitMilliseconds: Int

    init(limitMilliseconds: Int) {
        self.limitMilliseconds = limitMilliseconds
    }

    /// The limit for a statement timeout: the timeout plus a grace of as much again, at most 5 s
    /// (0 when statements may run forever).
    static func limit(forStatementTimeout milliseconds: Int) -> Int {
        milliseconds <= 0 ? 0 : milliseconds + min(milliseconds, 5_000)
    }

    /// Something moved (a COPY row or block): the wait starts again.
    func noteProgress() {
        progress.add(1, ordering: .relaxed)
    }

    /// Whether the last watched call was cut by the limit.
    var tripped: Bool { state.withLock { $0.tripped } }

    /// Runs `body` (calls into libpq on `socket`) under the limit.
    func watch<T, E: Error>(socket: Int32, _ body: () throws(E) -> T) throws(E) -> T {
        guard limitMilliseconds > 0, socket >= 0 else { return try body() }
        let seen = progress.load(ordering: .relaxed)
        let generation = state.withLock { state in
            state.generation &+= 1
            state.armed = true
            state.socket = socket
            state.progressSeen = seen
            state.tripped = false
            return state.generation
        }
        schedule(generation)
        defer { state.withLock { $0.armed = false } }
        return try body()
    }

    private func schedule(_ generation: UInt64) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(limitMilliseconds)) { [self] in
            check(generation)
        }
    }

    private func check(_ generation: UInt64) {
        let now = progress.load(ordering: .relaxed)
        let again = state.withLock { state -> Bool in
            guard state.armed, state.generation == generation else { return false }
            if now != state.progressSeen {
                state.progressSeen = now
                return true
            }
            state.tripped = true
            _ = shutdown(state.socket, Int32(SHUT_RDWR))
            return false
        }
        if again { schedule(generation) }
    }
}
