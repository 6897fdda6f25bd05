import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// The reason, message and filter prompts can be edited like a shell's line, remember earlier
/// entries, name their target, and keep what the agent typed.
@Suite("Reducer: prompts")
struct PromptTests {
    private func prompt(_ state: AppState) -> Prompt? {
        if case .prompt(let prompt) = state.mode { return prompt }
        return nil
    }

    private func bottom(_ state: AppState) -> String { Screen.render(state).lines.last ?? "" }

    @Test func editingKeysActAtTheCursor() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("r"))
        _ = state.type("hello wrld")
        _ = state.press(.left, .left, .left)
        _ = state.type("o")
        #expect(prompt(state)?.text == "hello world")
        _ = state.press(.home, .delete)
        #expect(prompt(state)?.text == "ello world")
        _ = state.press(.control("e"), .control("w"))
        #expect(prompt(state)?.text == "ello ")
        _ = state.press(.control("a"), .right, .backspace)
        #expect(prompt(state)?.text == "llo ")
        _ = state.press(.end, .left, .control("u"))
        #expect(prompt(state)?.text == " " && prompt(state)?.field.cursor == 0)
        _ = state.handle(.paste("a\nb"))
        #expect(prompt(state)?.text == "a b ")
    }

    @Test func ctrlCCancelsThePromptAndQuitsOtherwise() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("r"))
        _ = state.type("half a reason")
        #expect(state.press(.control("c")).isEmpty)
        #expect(state.mode == .browsing)
        #expect(state.message?.text.contains("cancelled") == true)
        #expect(state.press(.control("c")) == [.quit])
    }

    @Test func upAndDownWalkEarlierEntriesAndComeBackToTheDraft() throws {
        let fixture = try Fixture()
        var state = AppState(desk: fixture.desk.snapshot, reviewer: "ana", queueLabel: "q", width: 80, height: 24, now: Fixture.now,
                             history: PromptHistory([.reject: ["first reason", "second reason"]]))
        _ = state.press(.character("r"))
        _ = state.type("draft")
        _ = state.press(.up)
        #expect(prompt(state)?.text == "second reason")
        _ = state.press(.up, .up)
        #expect(prompt(state)?.text == "first reason")
        _ = state.press(.down)
        #expect(prompt(state)?.text == "second reason")
        _ = state.press(.down)
        #expect(prompt(state)?.text == "draft")
        _ = state.press(.control("u"))
        _ = state.type("a third reason")
        let effects = state.press(.enter)
        #expect(effects.contains(.remember(.reject, "a third reason")))
        #expect(state.history.list(.reject) == ["first reason", "second reason", "a third reason"])
        _ = state.press(.character("/"))
        _ = state.type("country:DE")
        #expect(state.press(.enter) == [.remember(.filter, "country:DE")])
        _ = state.press(.character("/"), .control("u"), .up)
        #expect(prompt(state)?.text == "country:DE")
    }

    @Test func cannedRepliesShowWhichIsChosenAndCycleBackToTheTypedText() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("r"))
        #expect(bottom(state).contains("Tab canned"))
        _ = state.type("my own words")
        _ = state.press(.tab)
        #expect(prompt(state)?.text == "Not an objection to this processing.")
        #expect(bottom(state).contains("canned 1/1"))
        _ = state.press(.tab)
        #expect(prompt(state)?.text == "my own words")
        #expect(prompt(state)?.templateIndex == nil)
    }

    @Test func theLabelNamesTheTargetAndTheCursorShowsWithEllipses() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("j"), .character("j"), .character("j"), .character("r"))
        let line = bottom(state)
        #expect(line.hasPrefix("Reject obj-2026-004187 (emma.borg@…): █"))
        let long = String(repeating: "abcdefghij", count: 12)
        _ = state.type(long)
        #expect(bottom(state).contains("): …"))
        #expect(bottom(state).contains("hij█"))
        _ = state.press(.home)
        let start = bottom(state)
        #expect(start.contains("): abcdefghij") && start.trimmingCharacters(in: .whitespaces).hasSuffix("…"))
        let styles = Screen.render(state).styleLines.last ?? ""
        let labelWidth = DisplayWidth.of("Reject obj-2026-004187 (emma.borg@…): ")
        #expect(Array(styles)[labelWidth] == "R")
    }

    @Test func thePromptStaysBoundToItsSubmissionWhenTheListMoves() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("j"), .character("j"), .character("r"))
        let target = state.desk.table.id(Int(state.currentRow!))
        let above = state.desk.table.id(Int(state.rows[0]))
        try fixture.othersAppend([
            Decision(submissionID: above, kind: .accepted, reviewer: "ben", osUser: "ben", decidedAt: Fixture.now),
        ])
        try fixture.refresh(&state)
        _ = state.handle(.reloaded(rowsRenumbered: false))
        #expect(bottom(state).hasPrefix("Reject \(target) ("))
        _ = state.type("duplicate")
        guard case .record(let request) = state.press(.enter).first else { Issue.record("no effect"); return }
        #expect(request.submissionIDs == [target])
    }

    @Test func aNoteGoesWithTheDecision() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let first = state.desk.table.id(Int(state.currentRow!))
        _ = state.press(.character("r"))
        _ = state.type("not the holder")
        _ = state.press(.control("n"))
        #expect(bottom(state).hasPrefix("Note on reject \(first)"))
        _ = state.type("asked twice")
        let effects = state.press(.enter)
        guard case .record(let request) = effects.first else { Issue.record("no effect"); return }
        #expect(request.reason == "not the holder" && request.note == "asked twice")
        try fixture.run(effects, on: &state)
        #expect(fixture.logLines.last?.contains("\"note\":\"asked twice\"") == true)
        _ = state.press(.character("A"))
        #expect(bottom(state).hasPrefix("Note on accept "))
        _ = state.type("checked by phone")
        guard case .record(let accept) = state.press(.enter).first else { Issue.record("no effect"); return }
        #expect(accept.kind == .accepted && accept.reason == nil && accept.note == "checked by phone")
    }
}

@Suite("Reducer: plain words")
struct PlainWordsTests {
    @Test func aVerificationRequestIsSaidAsAnAgentWouldSayIt() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let target = state.desk.table.id(Int(state.currentRow!))
        _ = state.press(.character("v"))
        _ = state.type("please confirm")
        try fixture.run(state.press(.enter), on: &state)
        #expect(state.message?.text.hasPrefix("requested verification for \(target)") == true)
    }
}
