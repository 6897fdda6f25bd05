import Foundation
import ToolRunner

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

    private static func tmux(_ socket: String, _ arguments: [String], capture: Bool) -> String? {
        ToolRunner.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments, capture: capture)
    }
}
