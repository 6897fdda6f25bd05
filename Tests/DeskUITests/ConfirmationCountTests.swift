import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// Every number in a bulk confirmation describes the rows `y` decides; rows left out are counted
/// and named by reason, and the headline follows others' decisions and claims while it is open.
@Suite("Reducer: confirmation counts")
struct ConfirmationCountTests {
    static let letterA = "I hereby object under Article 21 GDPR to the use of my posts, photos and comments for training artificial intelligence. I never agreed to this and I do not want my content in any model."
    static let letterB = "Please stop sending my purchase history to advertising partners and data brokers. I object to direct marketing profiling of every kind, now and in the future, on all of your websites."

    /// Two clusters: a1…a5 (a4 and a5 add words) and b1…b3 (b3 adds words).
    private func clusteredFixture() throws -> Fixture {
        let texts: [(String, String)] = [
            ("a1", Self.letterA), ("a2", Self.letterA), ("a3", Self.letterA.lowercased()),
            ("a4", Self.letterA + " Please also delete my account."), ("a5", Self.letterA + " And erase my old messages."),
            ("b1", Self.letterB), ("b2", Self.letterB), ("b3", Self.letterB + " Also forget my phone number."),
        ]
        let lines = texts.enumerated().map { index, entry in
            let quoted = String(decoding: try! JSONSerialization.data(withJSONObject: [entry.1]), as: UTF8.self).dropFirst().dropLast()
            return #"{"id":"\#(entry.0)","submitted_at":"2026-11-1\#(index)T09:00:00Z","country":"FR","email":"\#(entry.0)@example.org","email_verified":true,"justification":\#(quoted)}"#
        }
        let fixture = try Fixture(queue: lines.joined(separator: "\n") + "\n")
        fixture.desk.buildClusters()
        return fixture
    }

    private func screen(_ state: AppState) -> String { Screen.render(state).lines.joined(separator: "\n") }
    private func ids(_ state: AppState) -> [String] { state.rows.map { state.desk.table.id(Int($0)) } }

    private mutating func filter(_ text: String, _ state: inout AppState) {
        _ = state.press(.character("/"), .control("u"))
        _ = state.type(text)
        _ = state.press(.enter)
    }

    @Test mutating func addsCountsOnlyTheRowsYDecidesAndIsNoQuestion() throws {
        let fixture = try clusteredFixture()
        var state = fixture.state(width: 100, height: 30)
        _ = state.press(.character("4"))
        filter("cluster:a1", &state)
        _ = state.press(.character("*"))
        #expect(state.taggedCount == 5)
        filter("cluster:a1 -flag:adds", &state)
        _ = state.press(.character("a"))
        var text = screen(state)
        #expect(text.contains("Accept 3 shown tagged submissions?"))
        // None of the three add words: the two that do are the hidden ones.
        #expect(!text.contains("add words"))
        #expect(!text.contains("read them first"))
        _ = state.press(.character("i"))
        text = screen(state)
        #expect(text.contains("Accept 5 tagged submissions?"))
        #expect(text.contains("2 of them add words to the cluster's text (flag:adds)"))
        // The headline is the only question: y can only mean "do it".
        #expect(text.split(separator: "\n").filter { $0.contains("?") }.count == 1)
    }

    @Test mutating func theClustersTextIsNamedOnlyForOneCluster() throws {
        let fixture = try clusteredFixture()
        var state = fixture.state(width: 100, height: 30)
        _ = state.press(.character("4"))
        filter("flag:adds", &state)
        #expect(Set(ids(state)) == ["a4", "a5", "b3"])
        _ = state.press(.character("*"), .character("a"))
        let text = screen(state)
        #expect(text.contains("3 of them add words to their clusters' texts (flag:adds)"))
        #expect(!text.contains("the cluster's text"))
    }

    /// Tags over two clusters where only one cluster's members add words: the selection is not
    /// one cluster, so no "the cluster's text" (it read as if the whole selection were one).
    @Test mutating func addersOfOneClusterInAMixedSelectionAreNotTheClustersText() throws {
        let fixture = try clusteredFixture()
        var state = fixture.state(width: 100, height: 30)
        _ = state.press(.character("4"))
        #expect(ids(state) == ["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3"])
        // a4, then b1 and b2 (space tags and moves down).
        _ = state.press(.character("j"), .character("j"), .character("j"), .character(" "), .character("j"), .character(" "), .character(" "))
        #expect(state.taggedCount == 3)
        _ = state.press(.character("a"))
        var text = screen(state)
        #expect(text.contains("1 of them adds words to its cluster's text (flag:adds)"), "\(text)")
        #expect(!text.contains("the cluster's text"))
        _ = state.press(.escape, .character("c"), .character("g"))
        // a4, a5 and b1.
        _ = state.press(.character("j"), .character("j"), .character("j"), .character(" "), .character(" "), .character(" "))
        #expect(state.taggedCount == 3)
        _ = state.press(.character("a"))
        text = screen(state)
        #expect(text.contains("2 of them add words to their cluster's text (flag:adds)"), "\(text)")
        #expect(!text.contains("the cluster's text"))
    }

    /// `a` on a cluster in the clusters view: a member ben claims is named as left out (it used to
    /// be dropped before the box, without a word), and cancelling gives back the tags the
    /// reviewer had (the cluster's stayed and turned the next `a` into a bulk decision).
    @Test mutating func aClusterActionNamesClaimedMembersAndGivesTheTagsBack() throws {
        let fixture = try clusteredFixture()
        var state = fixture.state(width: 100, height: 30)
        _ = state.press(.character("4"))
        _ = state.press(.character("j"), .character("j"), .character("j"), .character("j"), .character("j"), .character(" "))
        #expect(state.taggedCount == 1)  // b1
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", ["a2"])])))
        _ = state.press(.character("5"), .character("a"))
        let text = screen(state)
        #expect(text.contains("Accept 4 tagged submissions?"), "\(text)")
        #expect(text.contains("left out: 1 claimed by ben"), "\(text)")
        _ = state.press(.escape)
        #expect(state.taggedCount == 1)
        #expect(state.message?.text.contains("cancelled; nothing was recorded") == true)
    }

    /// `*` with tags the filter hides says what a/r/v will take ("all of them" promised the hidden too).
    @Test mutating func tagAllSaysHowManyTheBoxWillTake() throws {
        let fixture = try clusteredFixture()
        var state = fixture.state(width: 100, height: 30)
        _ = state.press(.character("4"), .character("*"))
        #expect(state.message?.text == "8 tagged; a/r/v now apply to all of them")
        filter("cluster:a1", &state)
        _ = state.press(.character("*"))
        #expect(state.message?.text == "8 tagged; a/r/v apply to the 5 shown (3 hidden: i in the box adds them)")
        _ = state.press(.character("a"))
        #expect(screen(state).contains("Accept 5 shown tagged submissions?"))
    }

    /// At 80 columns the box's long lines go on over two, rather than being cut at the edge.
    @Test mutating func longBoxLinesWrapAtEightyColumns() throws {
        let fixture = try clusteredFixture()
        var state = fixture.state(width: 80, height: 24)
        _ = state.press(.character("4"), .character("*"))
        filter("cluster:a1", &state)
        _ = state.press(.character("a"))
        let text = screen(state).replacingOccurrences(of: "\n", with: " ")
        let squeezed = text.split(separator: " ").joined(separator: " ")
        #expect(squeezed.contains("3 more tagged submissions are hidden by the view and filter: not included (i toggles)"), "\(text)")
        #expect(squeezed.contains("l lists the ones that add words · any other key cancels"), "\(text)")
    }

    /// `l` after `i` took in hidden rows of another cluster: the message says how many of the
    /// rows that add words the narrowed list shows (it counted 3 and showed 2).
    @Test mutating func listingAddersSaysHowManyAreOutsideTheFilter() throws {
        let fixture = try clusteredFixture()
        var state = fixture.state(width: 100, height: 30)
        _ = state.press(.character("4"), .character("*"))
        filter("cluster:a1", &state)
        _ = state.press(.character("a"), .character("i"))
        #expect(screen(state).contains("3 of them add words to their clusters' texts"))
        _ = state.press(.character("l"))
        #expect(Set(ids(state)) == ["a4", "a5"])
        #expect(state.message?.text.hasSuffix("(2 of them here, 1 outside it)") == true, "\(state.message?.text ?? "")")
    }

    @Test mutating func aKeyListsTheMembersThatAddWordsWithoutDeciding() throws {
        let fixture = try clusteredFixture()
        var state = fixture.state(width: 100, height: 30)
        _ = state.press(.character("4"))
        filter("cluster:a1", &state)
        _ = state.press(.character("*"), .character("a"))
        #expect(screen(state).contains("l lists them"))
        #expect(state.press(.character("l")).isEmpty)
        #expect(state.mode == .browsing)
        #expect(ids(state) == ["a4", "a5"])
        #expect(state.taggedCount == 5)  // nothing decided, nothing untagged
        #expect(state.filterText.contains("flag:adds") && !state.filterText.contains("-flag:adds"))
    }

    @Test func rowsLeftOutAreNamedAndTheHeadlineFollowsChanges() throws {
        let fixture = try Fixture()
        var state = fixture.state(width: 100, height: 30)
        let tagged = state.rows.prefix(4).map { state.desk.table.id(Int($0)) }
        _ = state.press(.character(" "), .character(" "), .character(" "), .character(" "))
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", [tagged[1]])])))
        _ = state.press(.character("a"))
        var text = screen(state)
        #expect(text.contains("Accept 3 tagged submissions?"))
        #expect(text.contains("left out: 1 claimed by ben"))
        // While the question is open, ben rejects another of them.
        try fixture.othersAppend([
            Decision(submissionID: tagged[2], kind: .rejected, reviewer: "ben", osUser: "ben", decidedAt: Fixture.now - 1_000, reason: "spam"),
        ])
        try fixture.refresh(&state)
        _ = state.handle(.reloaded(rowsRenumbered: false))
        text = screen(state)
        #expect(text.contains("Accept 2 tagged submissions?"))
        #expect(text.contains("1 decided meanwhile by ben"))
        // And cara's screen claims a third.
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", [tagged[1]]), claim("cara", [tagged[3]])])))
        text = screen(state)
        #expect(text.contains("Accept 1 tagged submission?"))
        #expect(text.contains("1 claimed by ben") && text.contains("1 claimed by cara"))
        let effects = state.press(.character("y"))
        #expect(effects == [.record(DecisionRequest(kind: .accepted, submissionIDs: [tagged[0]]))])
    }

    @Test func nothingLeftMeansYRecordsNothing() throws {
        let fixture = try Fixture()
        var state = fixture.state(width: 100, height: 30)
        let tagged = state.rows.prefix(2).map { state.desk.table.id(Int($0)) }
        _ = state.press(.character(" "), .character(" "), .character("a"))
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", tagged)])))
        #expect(screen(state).contains("Nothing left to accept"))
        #expect(state.press(.character("y")).isEmpty)
        #expect(state.mode == .browsing)
    }
}
