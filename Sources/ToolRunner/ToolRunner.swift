#if canImport(Glibc)
import Glibc
#endif

/// Runs a command-line tool (tmux) and returns its standard output, for the end-to-end tests and
/// the benchmark's first-paint measurement.
///
/// posix_spawn + waitpid rather than Foundation's Process: Process never reaped the tmux client that
/// starts a server here, so `waitUntilExit` hung. The child gets a clean signal mask and default
/// dispositions: a tmux server inheriting the test runner's blocked signals ignores kill-server,
/// and its panes never see SIGHUP.
package enum ToolRunner {
    /// - Parameter capture: read standard output; pass false for commands that may start a daemon
    ///   (it would inherit the pipe, and reading to the end would never finish).
    @discardableResult
    package static func run(_ arguments: [String], capture: Bool = true) -> String? {
        var pipe: [Int32] = [-1, -1]
        if capture && Glibc.pipe(&pipe) != 0 { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipe[0])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGTERM, SIGPIPE, SIGCHLD, SIGWINCH, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ)
        if capture { close(pipe[1]) }
        guard spawned == 0 else {
            if capture { close(pipe[0]) }
            return nil
        }
        var output = [UInt8]()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while case let count = read(pipe[0], &buffer, buffer.count), count > 0 { output += buffer[0..<count] }
            close(pipe[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }
}
