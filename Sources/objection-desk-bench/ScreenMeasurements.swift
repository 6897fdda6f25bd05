import DeskCore
import DeskUI
import Foundation

/// The review screen's figures, measured on the pure reducer and renderer at 80x24 (what a key
/// costs before the terminal adapter sends the changed rows).
enum ScreenMeasurements {
    static func run(desk: Desk, report: (String, String, String, Double?, Double) -> Void) {
        var state = AppState(desk: desk, reviewer: "bench", queueLabel: "bench", width: 80, height: 24, now: Desk.now())
        var timings: [Double] = []
        for index in 0..<400 {
            let key: Key = index % 50 < 40 ? .character("j") : .character("k")
            timings.append(Measurements.seconds {
                _ = state.handle(.key(key))
                _ = Screen.render(state)
            })
        }
        timings.sort()
        report("key j/k handled + screen rendered", "p50 \(Measurements.milliseconds(Measurements.percentile(timings, 0.5)))",
               "p99 \(Measurements.milliseconds(Measurements.percentile(timings, 0.99))) over 400 keys", 0.016,
               Measurements.percentile(timings, 0.99))

        _ = state.handle(.key(.character("/")))
        var slowest = (time: 0.0, prefix: "")
        var typed = ""
        for character in "country:FR donnees" {
            typed.append(character)
            let time = Measurements.seconds {
                _ = state.handle(.key(.character(character)))
                _ = Screen.render(state)
            }
            if time > slowest.time { slowest = (time, typed) }
        }
        report("live filter, slowest keystroke", Measurements.milliseconds(slowest.time),
               "typing 'country:FR donnees', slowest at '\(slowest.prefix)'; \(state.rows.count) rows at the end", 0.150, slowest.time)
        _ = state.handle(.key(.escape))

        _ = state.handle(.key(.character("/")))
        for character in "country:FR,DE" { _ = state.handle(.key(.character(character))) }
        _ = state.handle(.key(.enter))
        let shown = state.rows.count
        let tagTime = Measurements.seconds { _ = state.handle(.key(.character("*"))) }
        report("tag the whole view (*)", Measurements.milliseconds(tagTime), "\(shown) rows", nil, 0)
        _ = state.handle(.key(.character("a")))
        let effects = state.handle(.key(.character("y")))
        var decided = 0
        let bulkTime = Measurements.seconds {
            for case .record(let request) in effects {
                let decisions = request.decisions(reviewer: "bench", osUser: OSUser.current, decidedAt: Desk.now())
                _ = try? desk.record(decisions)
                _ = state.handle(.recorded(request))
                decided += decisions.count
            }
            _ = Screen.render(state)
        }
        report("bulk accept of the tagged rows", Measurements.milliseconds(bulkTime), "\(decided) decisions: write + fsync + fold + repaint", 2.0, bulkTime)
    }
}
