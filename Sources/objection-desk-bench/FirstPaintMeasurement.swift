import Foundation
import ToolRunner

/// Times the real binary in a real terminal (tmux at 80x24), from starting `objection-desk` in a
/// pane: until the first screen (the loading screen), until the pending list's rows, and until a
/// free-text filter typed as soon as the list is there has answered (the search text is folded
/// in the background after the first paint, so this is the worst first filter). Polls
/// capture-pane every 2 ms.
enum FirstPaintMeasurement {
    struct Times {
        var firstPaint: Double
        var firstRows: Double
        /// From the list being there to the filtered list (typing included).
        var filterAnswered: Double?
    }

    static func run(queuePath: String, decisionsPath: String, filter: String = "donnees") -> Times? {
        run(arguments: ["--queue", queuePath, "--decisions", decisionsPath], filter: filter)
    }

    /// The screen on any desk: `arguments` after `objection-desk --reviewer bench` (`--database
    /// CONNINFO`, say), `environment` set for it (`XDG_CACHE_HOME`, say).
    static func run(arguments: [String], environment: [String: String] = [:], filter: String = "donnees") -> Times? {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("objection-desk").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { return nil }
        let socket = "bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"  // one server per run: a dying one refuses the next
        defer { _ = tmux(socket, ["kill-server"], capture: false) }
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let settings = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(quoted($0.value)) " }.joined()
        let command = "TERM=xterm-256color \(settings)exec \(quoted(binary)) --reviewer bench " + arguments.map(quoted).joined(separator: " ")
        let start = Date()
        guard tmux(socket, ["new-session", "-d", "-s", "b", "-x", "80", "-y", "24", command], capture: false) != nil else { return nil }
        func screen() -> String { tmux(socket, ["capture-pane", "-p", "-t", "b"], capture: true) ?? "" }
        func wait(until test: (String) -> Bool) -> Double? {
            while Date().timeIntervalSince(start) < 60 {
                if test(screen()) { return Date().timeIntervalSince(start) }
                usleep(2_000)
            }
            return nil
        }
        var firstPaint: Double?
        guard let rows = wait(until: { text in
            if firstPaint == nil && (text.contains("Objection Desk") || text.contains("Pending:")) { firstPaint = Date().timeIntervalSince(start) }
            return text.contains("Pending:") && text.contains("row 1 of")
        }) else { return nil }
        // Typed text and Enter in one read would look like a paste: Enter follows once the prompt shows it.
        _ = tmux(socket, ["send-keys", "-t", "b", "/"], capture: false)
        _ = tmux(socket, ["send-keys", "-t", "b", "-l", filter], capture: false)
        _ = wait(until: { $0.contains(filter) })
        _ = tmux(socket, ["send-keys", "-t", "b", "Enter"], capture: false)
        let answered = wait(until: { $0.contains("filter: \(filter) ·") && !$0.contains("updating…") && $0.contains(" of ") })
        _ = tmux(socket, ["send-keys", "-t", "b", "q"], capture: false)
        return Times(firstPaint: firstPaint ?? rows, firstRows: rows, filterAnswered: answered.map { $0 - rows })
    }

    private static func tmux(_ socket: String, _ arguments: [String], capture: Bool) -> String? {
        ToolRunner.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments, capture: capture)
    }
}
