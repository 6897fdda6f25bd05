import Foundation
import ToolRunner

/// The real binary running in a real terminal: a detached tmux session on a private server,
/// driven with send-keys and read with capture-pane, the way an agent's terminal would be.
final class TmuxSession {
    let socket: String
    let name = "desk"
    let pidFile: String

    /// Starts `objection-desk` with `arguments` in a `width`x`height` pane.
    /// `wrapper` runs before the binary (e.g. `prlimit --fsize=N --` for a disk that fills up).
    /// `pidFile` names the file (in the workspace) that receives the app's pid: one per session
    /// when several run on one workspace.
    init(workspace: Workspace, arguments: [String], width: Int = 80, height: Int = 24, environment: [String: String] = [:],
         wrapper: [String] = [], pidFile: String = "app.pid") throws {
        socket = "desk-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        self.pidFile = workspace.file(pidFile)
        let binary = CLIRunner.executable("objection-desk").path
        // Prompt histories and the derived-file cache go to the workspace, never to the real ~/.local/state and ~/.cache.
        var assignments = ["TERM=xterm-256color", "LANG=C.UTF-8", "SWIFT_BACKTRACE=enable=no", "XDG_STATE_HOME=\(workspace.path)/state",
                           "XDG_CACHE_HOME=\(workspace.path)/cache"]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { assignments.append("\(key)=\(value)") }
        let command = "cd \(quote(workspace.path)) && echo $$ > \(quote(pidFile)) && exec "
            + (wrapper + ["env"] + assignments + [binary] + arguments).map(quote).joined(separator: " ")
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "sh", "-c", command], capture: false)
        try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit { _ = try? tmux(["kill-server"], capture: false) }

    private func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a tmux client command; `capture: false` for commands that may start the server.
    @discardableResult
    func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        guard let output = ToolRunner.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments, capture: capture) else {
            throw TmuxTimeout(expected: "tmux to start", screen: "")
        }
        return output
    }

    /// Keys in tmux's notation (`a`, `Enter`, `Escape`, `Space`, `C-c`, `Down`).
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Literal text, as typed; returns once the screen shows its end (the prompts echo it).
    ///
    /// Waiting keeps a following `press("Enter")` a separate key: on a busy machine text and
    /// Enter read together look like a paste, which (by design) never confirms a prompt.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
        try waitFor(String(text.suffix(12)), timeout: 5)
    }

    /// Types `text` into a prompt, waits until the prompt shows its end, then presses Enter: sent
    /// in one burst, text and Enter would read as a paste (whose line break never confirms).
    func typeAndEnter(_ text: String) throws {
        try type(text)
        try waitFor(String(text.suffix(10)) + "█")
        try press("Enter")
    }

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
        try waitFor(described: text, timeout: timeout) { $0.contains(text) }
    }

    /// Waits until the screen contains all of `texts` and at least one of `anyOf`: a capture can
    /// fall between two writes of one frame (a new header over the previous rows), so what the
    /// frame must show is waited for together.
    @discardableResult
    func waitFor(all texts: [String], anyOf alternatives: [String], timeout: TimeInterval = 10) throws -> String {
        try waitFor(described: texts.joined(separator: ", ") + " and one of " + alternatives.joined(separator: "|"), timeout: timeout) { screen in
            texts.allSatisfy(screen.contains) && alternatives.contains(where: screen.contains)
        }
    }

    private func waitFor(described: String, timeout: TimeInterval, until condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            usleep(20_000)
        }
        throw TmuxTimeout(expected: described, screen: last)
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

    /// Waits until the process has exited. The shell writes the pid file just before it starts
    /// the app, so no pid yet means not started, not gone: on a loaded machine a check right after
    /// the session began used to pass at once and capture a blank pane.
    func waitForExit(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && (pid == nil || isRunning) { usleep(20_000) }
        guard pid != nil, !isRunning else { return false }
        // Let tmux draw what the app wrote before it exited: it marks the pane dead once it has
        // (a wrapper that outlives the app never does, hence the bound).
        let settled = Date().addingTimeInterval(0.5)
        while Date() < settled && !paneIsDead { usleep(20_000) }
        return true
    }

    private var paneIsDead: Bool {
        (try? tmux(["display-message", "-p", "-t", name, "#{pane_dead}"]))?.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
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
