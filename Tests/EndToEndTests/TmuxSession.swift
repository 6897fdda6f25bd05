import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real binary running in a real terminal: a detached tmux session on a private server,
/// driven with send-keys and read with capture-pane, the way an agent's terminal would be.
final class TmuxSession {
    let socket: String
    let name = "desk"
    let pidFile: String

    /// Starts `objection-desk` with `arguments` in a `width`x`height` pane.
    init(workspace: Workspace, arguments: [String], width: Int = 80, height: Int = 24, environment: [String: String] = [:]) throws {
        socket = "desk-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        pidFile = workspace.file("app.pid")
        let binary = CLIRunner.executable("objection-desk").path
        var assignments = ["TERM=xterm-256color", "LANG=C.UTF-8", "SWIFT_BACKTRACE=enable=no"]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { assignments.append("\(key)=\(value)") }
        let command = "cd \(quote(workspace.path)) && echo $$ > \(quote(pidFile)) && exec env \(assignments.joined(separator: " ")) "
            + ([binary] + arguments).map(quote).joined(separator: " ")
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "sh", "-c", command], capture: false)
        try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit { _ = try? tmux(["kill-server"], capture: false) }

    private func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a tmux client command. `capture: false` for commands that may start the server: the
    /// daemonized server inherits the client's stdout, so reading it to the end would never finish.
    /// posix_spawn + waitpid rather than Foundation's Process, whose exit monitoring hung here.
    @discardableResult
    func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var pipe: [Int32] = [-1, -1]
        if capture { guard Glibc.pipe(&pipe) == 0 else { throw TmuxTimeout(expected: "pipe", screen: "") } }
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
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        // The test runner blocks some signals; a tmux server inheriting that mask ignores
        // kill-server and its panes never see SIGHUP. Start it with a clean mask and defaults.
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
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
        if capture { close(pipe[1]) }
        guard spawned == 0 else {
            if capture { close(pipe[0]) }
            throw TmuxTimeout(expected: "tmux could not be started", screen: "")
        }
        var output = Data()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(pipe[0], &buffer, buffer.count)
                if count <= 0 { break }
                output.append(contentsOf: buffer[0..<count])
            }
            close(pipe[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    /// Keys in tmux's notation (`a`, `Enter`, `Escape`, `Space`, `C-c`, `Down`).
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Literal text, as typed.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    /// A bracketed paste (as a terminal does when the app asked for it).
    func paste(_ text: String) throws {
        try tmux(["set-buffer", "-b", "clip", text])
        try tmux(["paste-buffer", "-p", "-b", "clip", "-t", name])
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the screen contains `text`; returns the screen (or fails after `timeout`).
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(20_000)
        }
        throw TmuxTimeout(expected: text, screen: last)
    }

    var pid: Int32? {
        (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Whether the app's process still exists.
    var isRunning: Bool {
        guard let pid else { return false }
        if kill(pid, 0) != 0 { return false }
        // A zombie (exited, not yet reaped by tmux) counts as gone.
        let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !status.contains(") Z ")
    }

    /// Waits until the process has exited.
    func waitForExit(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !isRunning { return true }
            usleep(20_000)
        }
        return !isRunning
    }

    /// CPU time the process has used so far, in clock ticks (to check it is not spinning).
    var cpuTicks: Int? {
        guard let pid, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }
}

struct TmuxTimeout: Error, CustomStringConvertible {
    var expected: String
    var screen: String
    var description: String { "timed out waiting for \"\(expected)\"; screen was:\n\(screen)" }
}
