import Testing
@testable import DeskCore
@testable import DeskUI

@Suite("Screen snapshots")
struct ScreenSnapshotTests {
    @Test(arguments: [(80, 24), (160, 48)])
    func list(width: Int, height: Int) throws {
        let fixture = try Fixture()
        let state = fixture.state(width: width, height: height)
        assertSnapshot(Screen.render(state), named: "list-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func detailFocusedAndScrolled(width: Int, height: Int) throws {
        let fixture = try Fixture()
        var state = fixture.state(width: width, height: height)
        _ = state.press(.character("j"), .character("j"), .tab, .character("j"))
        assertSnapshot(Screen.render(state), named: "detail-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func help(width: Int, height: Int) throws {
        let fixture = try Fixture()
        var state = fixture.state(width: width, height: height)
        _ = state.press(.character("?"))
        assertSnapshot(Screen.render(state), named: "help-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func reasonPrompt(width: Int, height: Int) throws {
        let fixture = try Fixture()
        var state = fixture.state(width: width, height: height)
        _ = state.press(.character("r"))
        _ = state.type("Not resident in the EU")
        assertSnapshot(Screen.render(state), named: "reason-prompt-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func bulkConfirmation(width: Int, height: Int) throws {
        let fixture = try Fixture()
        var state = fixture.state(width: width, height: height)
        _ = state.press(.character(" "), .character(" "), .character(" "), .character("a"))
        assertSnapshot(Screen.render(state), named: "bulk-confirm-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func filterBeingTyped(width: Int, height: Int) throws {
        let fixture = try Fixture()
        var state = fixture.state(width: width, height: height)
        _ = state.press(.character("/"))
        _ = state.type("country:DE donnees cuntry:")
        assertSnapshot(Screen.render(state), named: "filter-typing-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func emptyQueue(width: Int, height: Int) throws {
        let fixture = try Fixture(queue: "")
        assertSnapshot(Screen.render(fixture.state(width: width, height: height)), named: "empty-\(width)x\(height)")
    }

    @Test(arguments: [(80, 23), (60, 15)])
    func smallTerminalsShrinkInsteadOfRefusing(width: Int, height: Int) throws {
        let fixture = try Fixture()
        var state = fixture.state(width: width, height: height)
        _ = state.press(.character(" "))
        assertSnapshot(Screen.render(state), named: "small-list-\(width)x\(height)")
        _ = state.press(.character("r"))
        _ = state.type("Not resident in the EU")
        assertSnapshot(Screen.render(state), named: "small-prompt-\(width)x\(height)")
    }

    @Test(arguments: [(59, 24), (120, 14)])
    func terminalTooSmall(width: Int, height: Int) throws {
        let fixture = try Fixture()
        assertSnapshot(Screen.render(fixture.state(width: width, height: height)), named: "too-small-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func hostileAndWideText(width: Int, height: Int) throws {
        let queue = [
            #"{"id":"evil-1","submitted_at":"2026-11-10T08:00:00Z","country":"DE","email":"a\u202Eexe.txt@example.org","justification":"Hi \u001b[2J\u001b]0;pwned\u0007 \u009b31m there\u0000after NUL\rover"}"#,
            #"{"id":"wide-1","submitted_at":"2026-11-11T08:00:00Z","country":"FR","email":"李@例え.example","email_verified":true,"justification":"中文字符 和 emoji 😀👨\u200d👩\u200d👧 Ελληνικά e\u0301te\u0301 — fin"}"#,
            #"{"id":"spoof-1","submitted_at":"2026-11-12T08:00:00Z","country":"IE","email":"security@p\u0430ypal.com","email_verified":false,"justification":"URGENT"}"#,
        ].joined(separator: "\n") + "\n"
        let fixture = try Fixture(queue: queue)
        var state = fixture.state(width: width, height: height)
        assertSnapshot(Screen.render(state), named: "hostile-wide-list-\(width)x\(height)")
        _ = state.press(.character("j"))
        assertSnapshot(Screen.render(state), named: "hostile-wide-detail-\(width)x\(height)")
        _ = state.press(.character("j"))
        assertSnapshot(Screen.render(state), named: "spoof-detail-\(width)x\(height)")
    }

    @Test func renderedTextNeverHoldsControlOrBidiCharacters() throws {
        let fixture = try Fixture()
        var state = fixture.state(width: 160, height: 48)
        for _ in 0..<fixture.desk.table.count {
            let grid = Screen.render(state)
            for cell in grid.cells {
                #expect(!cell.text.unicodeScalars.contains { TerminalSafety.isUnsafe($0.value) && $0.value != 0x200D })
            }
            _ = state.press(.character("j"))
        }
    }

    @Test func wideCharactersNeverStraddleTheEdge() {
        var grid = CellGrid(width: 5, height: 1)
        let end = grid.write("ab中文", x: 0, y: 0)
        #expect(end == 5)
        #expect(grid.lines == ["ab中 "])
        #expect(grid[3, 0].isContinuation)
    }
}
