import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// Confirmations say exactly what `y` will do: hidden tags, the count by status, the full reason,
/// and who already decided a row that is being changed.
@Suite("Reducer: honest confirmations")
struct ConfirmationTests {
    private func id(_ state: AppState, _ index: Int) -> String { state.desk.table.id(Int(state.rows[index])) }
    private func screen(_ state: AppState) -> String { Screen.render(state).lines.joined(separator: "\n") }

    @Test func tagsHiddenByTheFilterAreLeftOutUnlessIncluded() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character(" "), .character(" "), .character(" "))
        let tagged = (0..<3).map { id(state, $0) }
        // A filter that shows only the first tagged submission.
        _ = state.press(.character("/"))
        _ = state.type("id:\(tagged[0])")
        _ = state.press(.enter)
        #expect(state.taggedCount == 3 && state.hiddenTaggedCount == 2)
        #expect(screen(state).contains("3 tagged (2 hidden)"))
        _ = state.press(.character("a"))
        guard case .confirm(let confirmation) = state.mode else { Issue.record("no confirmation"); return }
        #expect(confirmation.hidden.count == 2 && !confirmation.includesHidden)
        #expect(screen(state).contains("2 more tagged submissions are hidden by the view and filter: not included"))
        let effects = state.press(.character("y"))
        guard case .record(let request) = effects.first else { Issue.record("no effect"); return }
        #expect(request.submissionIDs == [tagged[0]])
        try fixture.run(effects, on: &state)
        // The hidden ones stay tagged: nothing about them was decided.
        #expect(state.taggedCount == 2)
        _ = state.press(.character("a"), .character("i"))
        guard case .confirm(let included) = state.mode else { Issue.record("no confirmation"); return }
        #expect(included.includesHidden)
        #expect(screen(state).contains("INCLUDED"))
        guard case .record(let all) = state.press(.character("y")).first else { Issue.record("no effect"); return }
        #expect(Set(all.submissionIDs) == Set(tagged.dropFirst()))
    }

    @Test func theCountIsBrokenDownByCurrentStatus() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        try fixture.run([.record(DecisionRequest(kind: .verificationRequested, submissionIDs: [id(state, 1)], reason: "confirm"))], on: &state)
        _ = state.press(.character("4"), .character(" "), .character(" "), .character(" "), .character("a"))
        guard case .confirm(let confirmation) = state.mode else { Issue.record("no confirmation"); return }
        #expect(confirmation.byStatus[Int(SubmissionStatus.pending.rawValue)] == 2)
        #expect(confirmation.byStatus[Int(SubmissionStatus.awaitingVerification.rawValue)] == 1)
        #expect(screen(state).contains("3: 2 pending, 1 awaiting verification"))
    }

    @Test func theFullReasonIsShownWrapped() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let reason = "We could not link this request to an account on our platform; the email address does not match any account we hold, so we close it."
        _ = state.press(.character(" "), .character(" "), .character("r"))
        _ = state.type(reason)
        _ = state.press(.enter)
        let shown = screen(state).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let words = reason.split(separator: " ").map(String.init)
        let joined = shown.joined(separator: " ")
        #expect(joined.contains("reason: " + words.prefix(5).joined(separator: " ")))
        #expect(joined.contains("so we close it."))
    }

    @Test func changingADecidedRowNamesWhoDecidedAndNeedsY() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let target = id(state, 0)
        let earlier = Decision(submissionID: target, kind: .rejected, reviewer: "ben", osUser: "ben",
                               decidedAt: Fixture.now - 7_200_000, reason: "duplicate")
        try fixture.desk.record([earlier])
        fixture.deliver(&state)
        _ = state.handle(.reloaded(rowsRenumbered: false))
        _ = state.press(.character("4"), .character("g"))
        #expect(id(state, state.cursor) == target)
        #expect(state.press(.character("a")).isEmpty)
        guard case .confirm(let confirmation) = state.mode else { Issue.record("no confirmation"); return }
        #expect(!confirmation.isBulk)
        let text = screen(state)
        #expect(text.contains("Accept \(target)"))
        #expect(text.contains("It is already rejected by ben at 2026-11-20 10:00 UTC (2 h ago): duplicate"))
        #expect(state.press(.character("n")).isEmpty)
        #expect(state.mode == .browsing)
        _ = state.press(.character("a"))
        let effects = state.press(.character("y"))
        #expect(effects == [.record(DecisionRequest(kind: .accepted, submissionIDs: [target], expectedLatestLines: [1]))])
    }

    @Test func aPendingRowIsDecidedWithoutAQuestion() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        #expect(state.press(.character("a")).count == 1)
    }
}
