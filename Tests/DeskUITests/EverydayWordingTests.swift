import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
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

    @Test func anInvalidFilterIsMarkedInTheTitleWithWhy() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("/"))
        _ = state.type("contry:de")
        let title = ListView.titleText(state)
        #expect(title.contains("filter: ✗ contry:de — invalid: column 1: unknown field \"contry\"") || title.contains("filter: ✗ contry:de — invalid: unknown field \"contry\""), "\(title)")
        let rendered = Screen.render(state).lines
        #expect(rendered.contains { $0.contains("filter: ✗ contry:de") }, "\(rendered.joined(separator: "\n"))")
        // Fixed: the mark goes with the error.
        _ = state.press(.backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        _ = state.type("country:de")
        #expect(!ListView.titleText(state).contains("✗"))
        #expect(ListView.titleText(state).contains("filter: country:de"))
    }

    /// At 80 columns (the list's title is the left pane), a filter in force stays in the title
    /// beside tags it hides: the sort gives way first (the filter had vanished altogether).
    @Test func theFilterStaysInANarrowTitleWithHiddenTags() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character(" "))
        _ = state.press(.character("/"))
        _ = state.type("country:de email:gmx")
        _ = state.press(.enter)
        #expect(state.hiddenTaggedCount == 1)
        let title = ListView.titleText(state, width: 50)
        #expect(title.contains("filter: cou"), "\(title)")
        #expect(title.contains("1 tagged (1 hidden)"), "\(title)")
        #expect(DisplayWidth.of(title) <= 50)
    }

    @Test func anUnknownCountryCodeSaysSo() throws {
        #expect(throws: FilterSyntaxError(column: 9, message: "zz is not a country code (ISO 3166-1 alpha-2, or eu/eea)")) {
            try FilterParser.parse("country:zz")
        }
        #expect((try? FilterParser.parse("country:el,uk,de")) != nil, "the EU's own spellings stay accepted")
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("/"))
        _ = state.type("country:zz")
        #expect(ListView.titleText(state).contains("zz is not a country code"), "\(ListView.titleText(state))")
        _ = state.press(.escape)
        #expect(!ListView.titleText(state).contains("✗"))
    }

    @Test func myOtherScreenIsCalledSoNotATeammate() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        state.account = "ana-os"
        let row = state.currentRow!
        let id = state.desk.table.id(Int(row))
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ana", [id])])))
        state.moveCursor(to: try #require(state.rows.firstIndex(of: row)))
        _ = state.press(.character("a"))
        guard case .confirmClaimed = state.mode else { Issue.record("no question: \(state.mode)"); return }
        let screen = Screen.render(state).lines.joined(separator: "\n")
        #expect(screen.contains("\(id) is open on your other screen"), "\(screen)")
        #expect(screen.contains("you may be deciding it there right now"))
        #expect(!screen.contains("claimed by ana"))
        _ = state.press(.escape)
        _ = state.press(.character(" "))
        #expect(state.message?.text.hasPrefix("open on your other screen: not tagged") == true, "\(state.message?.text ?? "")")
        // A teammate's claim keeps the teammate's name.
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", [id])])))
        state.moveCursor(to: try #require(state.rows.firstIndex(of: row)))
        _ = state.press(.character(" "))
        #expect(state.message?.text.hasPrefix("claimed by ben: not tagged") == true, "\(state.message?.text ?? "")")
    }
}
