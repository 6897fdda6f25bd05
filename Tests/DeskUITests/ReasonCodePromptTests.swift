import DeskCore
import DeskEngine
import DeskStore
import Testing
@testable import DeskUI
import DeskReplies

/// The reject and verify prompts list the canned reasons with numbers; a number picks one on an
/// empty field, the text can still be edited, and the record keeps the code only when it was not.
@Suite("Reason codes in the prompt")
struct ReasonCodePromptTests {
    private func state(_ fixture: Fixture) -> AppState {
        var state = fixture.state()
        state.templates = ReplyTemplates(
            rejection: [.init(code: "duplicate", label: "Duplicate request", text: "Duplicate of an earlier request."),
                        .init(code: "not_ai", label: "Not about AI training", text: "This is not about AI training.")],
            verification: [.init(code: "confirm_email", label: "Confirm email", text: "Please confirm your email.")],
            extension: [.init(code: "complex_request", label: "The request is complex", text: "Your objection concerns several kinds of data.")])
        return state
    }

    private func firstRecord(_ effects: [Effect]) -> DecisionRequest? {
        for effect in effects { if case .record(let request) = effect { return request } }
        return nil
    }

    @Test func aNumberPicksTheReasonAndTheRecordCarriesItsCode() throws {
        let fixture = try Fixture()
        var state = state(fixture)
        _ = state.press(.character("r"), .character("2"))
        guard case .prompt(let prompt) = state.mode else { Issue.record("no prompt"); return }
        #expect(prompt.text == "This is not about AI training.")
        let request = firstRecord(state.press(.enter))
        #expect(request?.reason == "This is not about AI training.")
        #expect(request?.reasonCode == "not_ai")
        let rendered = Screen.render(state).lines.joined(separator: "\n")
        #expect(!rendered.contains("1  Duplicate request"))  // the list closes with the prompt
    }

    @Test func theListShowsNumberedLabelsAndMarksTheChosenOne() throws {
        let fixture = try Fixture()
        var state = state(fixture)
        _ = state.press(.character("v"))
        var screen = Screen.render(state).lines
        #expect(screen.contains { $0.contains("1  Confirm email") })
        _ = state.press(.character("1"))
        screen = Screen.render(state).lines
        #expect(screen.contains { $0.contains("▶ 1  Confirm email") })
    }

    @Test func anExtensionOffersItsCannedReasonsAndSaysTheTextReachesThePerson() throws {
        let fixture = try Fixture()
        var state = state(fixture)
        _ = state.press(.character("G"), .character("x"))  // the newest row: within its first month
        guard case .prompt = state.mode else { Issue.record("no prompt: \(state.message?.text ?? "")"); return }
        var screen = Screen.render(state).lines
        #expect(screen.contains { $0.contains("1  The request is complex") })
        #expect(screen.contains { $0.contains("Sent to the person: a canned reason in their language") })
        _ = state.press(.character("1"))
        _ = state.press(.control("n"))
        screen = Screen.render(state).lines
        #expect(screen.contains { $0.contains("Internal note: kept in the decision log, never sent to the person") })
        _ = state.press(.control("n"))
        let request = firstRecord(state.press(.enter))
        #expect(request?.kind == .extended)
        #expect(request?.reasonCode == "complex_request")
        #expect(request?.reason == "Your objection concerns several kinds of data.")
    }

    @Test func editingThePickedTextDropsTheCodeAndDigitsInTextAreText() throws {
        let fixture = try Fixture()
        var state = state(fixture)
        _ = state.press(.character("r"), .character("1"))
        _ = state.type(" Ref 2")
        let request = firstRecord(state.press(.enter))
        #expect(request?.reason == "Duplicate of an earlier request. Ref 2")
        #expect(request?.reasonCode == nil)
        var other = self.state(fixture)
        _ = other.press(.character("r"))
        _ = other.type("x2")
        guard case .prompt(let prompt) = other.mode else { Issue.record("no prompt"); return }
        #expect(prompt.text == "x2")
    }
}

@Suite("Reply preview in the detail pane")
struct ReplyPreviewTests {
    @Test func theDetailShowsTheReplyInTheRequestersLanguage() throws {
        let fixture = try Fixture()
        var state = fixture.state(width: 160, height: 80)
        state.replyRenderer = try DeskReplies.ReplyRenderer.bundled()
        let target = state.currentRow!
        try fixture.run(state.press(.character("a")), on: &state)
        _ = state.press(.character("4"), .character("g"))
        let index = try #require(state.rows.firstIndex(of: target))
        for _ in 0..<index { _ = state.press(.character("j")) }
        let screen = Screen.render(state).lines.joined(separator: "\n")
        #expect(screen.contains("Reply to the person (pl)"))
        #expect(screen.contains("Subject: Państwa sprzeciw"))
    }
}
