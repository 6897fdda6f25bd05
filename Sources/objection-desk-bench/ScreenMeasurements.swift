import DeskStore
import DeskEngine
import DeskCore
import DeskUI
import Foundation

/// The review screen's figures, measured on the pure reducer and renderer at 80x24 (what a key
/// costs before the terminal adapter sends the changed rows), with the records of the rows shown
/// read as the app's runner reads them after each key (`loadShownRecords`).
enum ScreenMeasurements {
    static func run(desk: Desk, report: (String, String, String, Double?, Double) -> Void) {
        var state = AppState(desk: desk.snapshot, reviewer: "bench", queueLabel: "bench", width: 80, height: 24, now: WallClock.now())
        loadShownRecords(&state, desk)
        var timings: [Double] = []
        for index in 0..<400 {
            let key: Key = index % 50 < 40 ? .character("j") : .character("k")
            timings.append(Measurements.seconds {
                _ = state.handle(.key(key))
                loadShownRecords(&state, desk)
                _ = Screen.render(state)
            })
        }
        timings.sort()
        report("key j/k handled + screen rendered", "p50 \(Measurements.milliseconds(Measurements.percentile(timings, 0.5)))",
               "p99 \(Measurements.milliseconds(Measurements.percentile(timings, 0.99))) over 400 keys", 0.016,
               Measurements.percentile(timings, 0.99))

        // As in the app: live filters and sorts are evaluated off the screen's thread. A key is
        // handled and painted at once; its rows arrive when the evaluation ends.
        state.filtersInBackground = true
        desk.prepareSearchText()
        desk.prepareSortOrders()
        while !desk.isSearchTextReady { usleep(10_000) }
        for filter in ["donnees", "country:FR donnees"] {
            _ = state.handle(.key(.character("/")))
            var slowestKey = (time: 0.0, prefix: "")
            var slowestRows = (time: 0.0, prefix: "")
            var typed = ""
            for character in filter {
                typed.append(character)
                var effects: [Effect] = []
                let time = Measurements.seconds {
                    effects = state.handle(.key(.character(character)))
                    loadShownRecords(&state, desk)
                    _ = Screen.render(state)
                }
                if time > slowestKey.time { slowestKey = (time, typed) }
                let rowsTime = time + evaluate(effects, &state, desk)
                if rowsTime > slowestRows.time { slowestRows = (rowsTime, typed) }
            }
            report("live filter '\(filter)': slowest keystroke", Measurements.milliseconds(slowestKey.time),
                   "handled + painted, at '\(slowestKey.prefix)'", 0.050, slowestKey.time)
            report("live filter '\(filter)': slowest rows", Measurements.milliseconds(slowestRows.time),
                   "until the rows are shown, at '\(slowestRows.prefix)'; \(state.rows.count) rows at the end", nil, 0)
            _ = state.handle(.key(.escape))
            _ = evaluate([.evaluateFilter], &state, desk)
        }
        _ = state.handle(.key(.character("4")))  // all submissions: the largest view
        for _ in 0..<6 {
            var effects: [Effect] = []
            let key = Measurements.seconds {
                effects = state.handle(.key(.character("s")))
                loadShownRecords(&state, desk)
                _ = Screen.render(state)
            }
            let rows = key + evaluate(effects, &state, desk)
            report("sort by \(state.sort.key.rawValue) (all view)", Measurements.milliseconds(key),
                   "key handled + painted; rows shown after \(Measurements.milliseconds(rows))", 0.050, key)
        }
        _ = state.handle(.key(.character("1")))

        _ = state.handle(.key(.character("/")))
        for character in "country:FR,DE" { _ = state.handle(.key(.character(character))) }
        _ = state.handle(.key(.enter))
        _ = evaluate([.evaluateFilter], &state, desk)
        let tagTime = Measurements.seconds {
            _ = state.handle(.key(.character("*")))
            loadShownRecords(&state, desk)
            _ = Screen.render(state)
        }
        report("tag the whole view (*)", Measurements.milliseconds(tagTime), "\(state.rows.count) rows, handled + painted", 0.050, tagTime)
        _ = state.handle(.key(.character("a")))
        let effects = state.handle(.key(.character("y")))
        var decided = 0
        let bulkTime = Measurements.seconds {
            for case .record(let request) in effects {
                let decisions = request.decisions(reviewer: "bench", osUser: OSUser.current, decidedAt: WallClock.now())
                _ = try? desk.record(decisions)
                _ = state.handle(.deskChanged(desk.snapshot))
                _ = state.handle(.recorded(request))
                decided += decisions.count
            }
            _ = Screen.render(state)
        }
        report("bulk accept of the tagged rows", Measurements.milliseconds(bulkTime), "\(decided) decisions: write + fsync + fold + repaint", 1.0, bulkTime)
    }

    /// Runs the live filter request among `effects` as the app's runner does; returns its time
    /// until the rows are painted.
    private static func evaluate(_ effects: [Effect], _ state: inout AppState, _ desk: Desk) -> Double {
        guard effects.contains(.evaluateFilter), let job = state.filterJob() else { return 0 }
        return Measurements.seconds {
            let rows = job.evaluate()
            _ = state.handle(.filterEvaluated(generation: job.generation, rows: rows))
            loadShownRecords(&state, desk)
            _ = Screen.render(state)
        }
    }

    /// Reads the records of the rows shown that the state lacks, as the app's runner does after
    /// each key (`ReviewLoop.dispatch`).
    private static func loadShownRecords(_ state: inout AppState, _ desk: Desk) {
        for case .loadRecords(let rows) in state.recordRequests() {
            var loaded: [Int32: Submission] = [:]
            for row in rows { loaded[row] = try? desk.submission(at: Int(row)) }
            _ = state.handle(.recordsLoaded(loaded, requested: rows, rowNumbering: desk.rowNumbering))
        }
    }
}
