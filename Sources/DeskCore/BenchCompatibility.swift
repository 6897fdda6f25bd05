// The benchmark's calls from before the clock became a parameter (`WallClock`). The benchmark's
// sources are being changed on main meanwhile; these go once it is merged and adapted.

extension Desk {
    public static func now() -> Int64 { WallClock.now() }

    public func rows(matching filter: FilterExpression) -> [Int32] { rows(matching: filter, now: WallClock.now()) }
}

extension FilterEvaluator {
    public init(table: SubmissionTable, ledger: Ledger) { self.init(table: table, ledger: ledger, now: WallClock.now()) }
}

extension Desk {
    public func decisions(_ kind: DecisionKind, rows: [Int32], reviewer: String, reason: String?, note: String?) -> [Decision] {
        decisions(kind, rows: rows, reviewer: reviewer, reason: reason, note: note, at: WallClock.now())
    }
}
