import Foundation
import Testing
@testable import DeskCore
@testable import DeskUI

/// Messages that say what happened to what, in words that fit the action (issue "Everyday polish").
@Suite("Reducer: everyday wording")
struct EverydayWordingTests {
    @Test func escapeOnTheFilterPromptSaysTheFilterIsUnchanged() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("/"))
        _ = state.type("country:de")
        _ = state.press(.escape)
        #expect(state.message?.text == "filter unchanged")
    }

    @Test func aDecisionSomeoneElseMadeFirstNamesTheSubmission() throws {
        let decision = Decision(submissionID: "obj-2026-004183", kind: .accepted, reviewer: "ben", osUser: "ben",
                                decidedAt: Fixture.now - 15_000)
        let text = ConflictWording.describe([.init(submissionID: "obj-2026-004183", latest: decision)], of: 1, now: Fixture.now)
        #expect(text.contains("ben accepted obj-2026-004183"), "\(text)")
    }

    @Test func tagAllOverRowsAllClaimedByOthersSaysNothingWasTagged() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let everyID = state.rows.map { state.desk.table.id(Int($0)) }
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", everyID)])))
        _ = state.press(.character("*"))
        #expect(state.message?.text == "nothing tagged: all \(everyID.count) shown are claimed by others", "\(state.message?.text ?? "")")
    }
}
