import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Times the real binary in a real terminal: from starting `objection-desk` in a tmux pane until
/// the first screen (the loading screen) and until the list, polling capture-pane every 5 ms.
enum FirstPaintMeasurement {
    static func run(queuePath: String, decisionsPath: String) -> (firstPaint: Double, list: Double)? {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("objection-desk").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { return nil }
        let socket = "bench-\(getpid())"
        defer { _ = tmux(socket, ["kill-server"], capture: false) }
        let command = "TERM=xterm-256color exec '\(binary)' --queue '\(queuePath)' --decisions '\(decisionsPath)'"
        let start = Date()
        guard tmux(socket, ["new-session", "-d", "-s", "b", "-x", "80", "-y", "24", command], capture: false) != nil else { return nil }
        var firstPaint: Double?
        while Date().timeIntervalSince(start) < 30 {
            let screen = tmux(socket, ["capture-pane", "-p", "-t", "b"], capture: true) ?? ""
            if firstPaint == nil && (screen.contains("Objection Desk") || screen.contains("Pending:")) {
                firstPaint = Date().timeIntervalSince(start)
            }
            if screen.contains("Pending:") {
                _ = tmux(socket, ["send-keys", "-t", "b", "q"], capture: false)
                return (firstPaint ?? 0, Date().timeIntervalSince(start))
            }
            usleep(5_000)
        }
        return nil
    }

    /// posix_spawn + waitpid: Foundation's Process never reaped the client that starts the
    /// tmux server here, so `waitUntilExit` hung.
    private static func tmux(_ socket: String, _ arguments: [String], capture: Bool) -> String? {
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
        var argv = (["tmux", "-L", socket, "-f", "/dev/null"] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, nil, &argv, environ)
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
