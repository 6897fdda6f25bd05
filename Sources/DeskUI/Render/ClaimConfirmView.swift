import DeskStore
import DeskEngine
import DeskCore

/// The question before deciding a submission another reviewer's screen claims: who holds it,
/// from where, until when.
enum ClaimConfirmView {
    static func draw(_ state: AppState, confirmation: ClaimConfirmation, layout: Layout, into grid: inout CellGrid) {
        let width = grid.width
        let height = 6
        let y = max(2, (layout.bottomY - height) / 2)
        let box = CellStyle(role: .warning, reverse: true)
        let strong = CellStyle(role: .warning, reverse: true, bold: true)
        grid.fill(x: 0, y: y - 1, width: width, height: 1)
        grid.fill(x: 0, y: y + height, width: width, height: 1)
        grid.fill(x: 0, y: y, width: width, height: height, style: box)
        let claim = confirmation.claim
        let id = Safe.line(state.desk.table.id(Int(confirmation.row)))
        let verb = ConfirmView.verbPresent(confirmation.kind)
        let own = state.isOwnOtherScreen(claim)
        grid.write(own ? " \(id) is open on your other screen" : " \(id) is claimed by \(Safe.line(claim.reviewer))",
                   x: 0, y: y, style: strong, limit: width)
        grid.write("   \(Safe.line(claim.osUser))@\(Safe.line(claim.host)), pid \(claim.pid), \(AppState.claimExpiry(claim))",
                   x: 0, y: y + 1, style: box, limit: width)
        grid.write(own ? "   you may be deciding it there right now." : "   they may be deciding it right now.",
                   x: 0, y: y + 2, style: box, limit: width)
        grid.write(" \(verb) it anyway?", x: 0, y: y + 4, style: strong, limit: width)
        grid.write(" y decides it anyway · any other key cancels", x: 0, y: y + height - 1, style: strong, limit: width)
    }
}
