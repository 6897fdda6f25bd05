#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What a user waits for: the release binary from exec to exit, timed with `cat` of the queue in
/// the same run as the floor. Each figure is the median of several runs with min–max; peak RSS
/// is the child's own (`wait4`).
enum ProcessMeasurements {
    struct Run {
        var seconds: Double
        var peakBytes: Int
        var status: Int32
        /// User and system time of the child, on all its threads.
        var cpuSeconds: Double = 0
    }

    static func run(queuePath: String, decisionsPath: String, runs: Int) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("objection-desk").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("(whole-process figures not measured: no objection-desk binary beside this one)")
            return
        }
        // Everything derived from the two files: the queue index, the saved clusters, the saved fold.
        let derived = [(queuePath, "odx"), (queuePath, "odc"), (decisionsPath, "odl")].map { path, suffix in
            (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + "." + suffix
        }
        let files = ["--queue", queuePath, "--decisions", decisionsPath]
        let stats = [binary, "stats"] + files
        print("whole process (\(binary), \(runs) runs each: median [min–max], × cat):")
        let floor = measure(["/bin/cat", queuePath], runs: runs)
        line("cat QUEUE > /dev/null (floor)", floor, floor: nil)
        let cold = measure(stats, runs: max(3, runs / 2)) { derived.forEach { unlink($0) } }
        line("stats, first run (writes index, clusters, fold)", cold, floor: floor)
        _ = measure(stats, runs: 1)
        let warm = measure(stats, runs: runs)
        line("stats, index warm", warm, floor: floor, must: 0.5, aim: 0.3)
        for threads in ["1", "2"] {
            line("stats, index warm, \(threads) thread\(threads == "1" ? "" : "s")",
                 measure(stats, runs: runs, environment: ["OBJECTION_DESK_THREADS": threads]), floor: floor)
        }
        for threads in ["1", "2"] {
            line("stats, nothing saved, \(threads) thread\(threads == "1" ? "" : "s")",
                 measure(stats, runs: max(3, runs / 2), environment: ["OBJECTION_DESK_NO_INDEX": "1", "OBJECTION_DESK_THREADS": threads]),
                 floor: floor)
        }
        let list = [binary, "list"] + files + ["--filter", "country:FR", "--limit", "20"]
        line("list --filter country:FR --limit 20, warm", measure(list, runs: runs), floor: floor)
        let text = [binary, "list"] + files + ["--filter", "country:FR donnees", "--limit", "20"]
        line("list --filter 'country:FR donnees' --limit 20", measure(text, runs: runs), floor: floor)
        screen(queuePath: queuePath, decisionsPath: decisionsPath, runs: max(3, runs / 2), floor: floor)
        let queueBytes = (try? FileManager.default.attributesOfItem(atPath: queuePath)[.size] as? Int) ?? 1
        let peak = warm.map(\.peakBytes).max() ?? 0
        let coldPeak = cold.map(\.peakBytes).max() ?? 0
        print(String(format: "  peak RSS of stats: warm %@ (%.2f× the queue), cold %@ (%.2f×)  [must ≤ 1.3×]",
                     Measurements.megabytes(peak), Double(peak) / Double(queueBytes),
                     Measurements.megabytes(coldPeak), Double(coldPeak) / Double(queueBytes)))
        print("")
    }

    /// The review screen in tmux: first screen, first rows, and a free-text filter typed at once.
    private static func screen(queuePath: String, decisionsPath: String, runs: Int, floor: [Run]) {
        var times: [FirstPaintMeasurement.Times] = []
        for _ in 0..<runs {
            guard let measured = FirstPaintMeasurement.run(queuePath: queuePath, decisionsPath: decisionsPath) else {
                print("  (review screen not measured: needs tmux)")
                return
            }
            times.append(measured)
        }
        func asRuns(_ values: [Double]) -> [Run] { values.map { Run(seconds: $0, peakBytes: 0, status: 0) } }
        line("review screen: first screen (tmux 80x24)", asRuns(times.map(\.firstPaint)), floor: floor)
        line("review screen: first rows of the list", asRuns(times.map(\.firstRows)), floor: floor, must: 0.5, aim: 0.2)
        line("review screen: `/donnees` typed at once, answered", asRuns(times.compactMap(\.filterAnswered)), floor: nil)
    }

    private static func line(_ name: String, _ runs: [Run], floor: [Run]?, must: Double? = nil, aim: Double? = nil) {
        let times = runs.map(\.seconds).sorted()
        guard let median = times.isEmpty ? nil : times[times.count / 2] else { return }
        var text = "  " + name.padding(toLength: 54, withPad: " ", startingAt: 0)
        text += String(format: "%@ [%@–%@]", Measurements.milliseconds(median), Measurements.milliseconds(times.first!), Measurements.milliseconds(times.last!))
        if let floor, let floorMedian = floor.map(\.seconds).sorted().dropFirst(floor.count / 2).first {
            text += String(format: "  %.1f× cat", median / floorMedian)
        }
        if runs.contains(where: { $0.status != 0 }) { text += "  (FAILED: exit \(runs.map(\.status).max()!))" }
        if let must { text += median <= must ? "  [ok (must ≤ \(must) s)" : "  [OVER (must ≤ \(must) s)" }
        if let aim { text += median <= aim ? ", meets aim ≤ \(aim) s]" : ", aim ≤ \(aim) s not met]" } else if must != nil { text += "]" }
        print(text)
    }

    static func measure(_ arguments: [String], runs: Int, environment: [String: String] = [:], before: () -> Void = {}) -> [Run] {
        (0..<runs).compactMap { _ in
            before()
            return spawn(arguments, environment: environment)
        }
    }

    /// Runs `arguments` with stdin and stdout on /dev/null, stderr inherited; nil if it cannot start.
    static func spawn(_ arguments: [String], environment: [String: String]) -> Run? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var merged = ProcessInfo.processInfo.environment
        for key in ["OBJECTION_DESK_NO_INDEX", "OBJECTION_DESK_THREADS", "OBJECTION_DESK_QUEUE", "OBJECTION_DESK_DECISIONS"] {
            merged.removeValue(forKey: key)
        }
        for (key, value) in environment { merged[key] = value }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        guard posix_spawn(&pid, arguments[0], &actions, nil, argv, envp) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        let exited = status & 0x7F == 0
        let cpu = [usage.ru_utime, usage.ru_stime].reduce(0.0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
        return Run(seconds: seconds, peakBytes: usage.ru_maxrss * 1024, status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F),
                   cpuSeconds: cpu)
    }
}
