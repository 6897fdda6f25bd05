import DeskStore
import DeskEngine
import DeskCore

/// What the effect runner last learned about claims: everyone else's live claims, this screen's
/// own claim, and why claims could not be shared, if they could not.
package struct ClaimSnapshot: Equatable, Sendable {
    package var others: [Claim]
    package var mine: Claim?
    package var problem: String?

    package init(others: [Claim] = [], mine: Claim? = nil, problem: String? = nil) {
        self.others = others
        self.mine = mine
        self.problem = problem
    }
}

/// Claims mapped onto rows of the table: which rows others hold (and who), and which are ours.
package struct ClaimsOnScreen {
    package private(set) var snapshot = ClaimSnapshot()
    private var othersRows: RowSet
    private var mineRows: RowSet
    /// Row → index into `snapshot.others`.
    private var holderIndex: [Int32: Int] = [:]

    init(rowCount: Int) {
        othersRows = RowSet(rowCount: rowCount, allSelected: false)
        mineRows = othersRows
    }

    /// The table size the rows were resolved for.
    var rowCount: Int { othersRows.rowCount }

    /// Whether another holder claims any row at all.
    package var hasOthers: Bool { !holderIndex.isEmpty }

    /// The other holder's claim on `row`, if any.
    package func holder(of row: Int32) -> Claim? { holderIndex[row].map { snapshot.others[$0] } }

    package func isHeldByOthers(_ row: Int32) -> Bool { Int(row) < othersRows.rowCount && othersRows.contains(Int(row)) }

    package func isMine(_ row: Int32) -> Bool { Int(row) < mineRows.rowCount && mineRows.contains(Int(row)) }

    /// Takes a new snapshot; returns whether others' claims changed (not just this screen's).
    mutating func update(_ newSnapshot: ClaimSnapshot, table: SubmissionTable) -> Bool {
        let othersChanged = newSnapshot.others != snapshot.others || othersRows.rowCount != table.count
        snapshot = newSnapshot
        if othersChanged {
            remap(table)
        } else {
            mapMine(table)
        }
        return othersChanged
    }

    /// Resolves the claimed ids to rows again (the table grew or was replaced).
    mutating func remap(_ table: SubmissionTable) {
        othersRows = RowSet(rowCount: table.count, allSelected: false)
        holderIndex = [:]
        for (index, claim) in snapshot.others.enumerated() {
            for id in claim.ids {
                guard let row = table.row(forID: id), holderIndex[Int32(row)] == nil else { continue }
                holderIndex[Int32(row)] = index
                othersRows.insert(row)
            }
        }
        mapMine(table)
    }

    private mutating func mapMine(_ table: SubmissionTable) {
        mineRows = RowSet(rowCount: table.count, allSelected: false)
        for id in snapshot.mine?.ids ?? [] {
            if let row = table.row(forID: id) { mineRows.insert(row) }
        }
    }

    /// `rows` without the ones others hold, and how many those were.
    func withoutOthers(_ rows: [Int32]) -> (kept: [Int32], skipped: Int) {
        guard hasOthers else { return (rows, 0) }
        let kept = rows.filter { !isHeldByOthers($0) }
        return (kept, rows.count - kept.count)
    }
}
