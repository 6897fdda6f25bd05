import DeskCore

// The benchmark's call from before the screen worked over snapshots (its sources are being
// changed on main meanwhile); it goes once those are merged and adapted.
extension AppState {
    public init(desk: Desk, reviewer: String, queueLabel: String, width: Int, height: Int, now: Int64) {
        self.init(desk: desk.snapshot, reviewer: reviewer, queueLabel: queueLabel, width: width, height: height, now: now)
    }
}
