import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
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

    /// Invisible fillers, format characters, tags, private-use and unassigned code points reach
    /// the grid as visible escapes, and every row holding one is flagged, in the list and in the
    /// detail pane (where the full justification is shown).
    @Test func invisibleFormatTagAndUnassignedCharactersAreEscapedAndFlagged() throws {
        let escapes = [
            "\\u034F", "\\u115F", "\\u1160", "\\u3164", "\\uFFA0", "\\u17B4", "\\u17B5", "\\uD834\\uDD73", "\\uD834\\uDD7A",
            "\\uFFF9", "\\uFFFA", "\\uFFFB", "\\uDB40\\uDC00", "\\uDB40\\uDC41", "\\uDB40\\uDC7F", "\\uFE0E", "\\uE000", "\\u0378",
        ]
        let shown = [
            "\\u034F", "\\u115F", "\\u1160", "\\u3164", "\\uFFA0", "\\u17B4", "\\u17B5", "\\U0001D173", "\\U0001D17A",
            "\\uFFF9", "\\uFFFA", "\\uFFFB", "\\U000E0000", "\\U000E0041", "\\U000E007F", "\\uFE0E", "\\uE000", "\\u0378",
        ]
        let queue = escapes.enumerated().map { index, escape in
            #"{"id":"inv-\#(index + 10)","submitted_at":"2026-11-\#(index + 10)T08:00:00Z","country":"DE","email":"a\#(escape)@example.org","justification":"x\#(escape)y"}"#
        }.joined(separator: "\n") + "\n"
        let fixture = try Fixture(queue: queue)
        var state = fixture.state(width: 160, height: 48)
        _ = state.press(.character("4"))  // all statuses, so every row is listed
        let list = Screen.render(state)
        for escape in shown {
            let row = list.lines.first { $0.contains("x" + escape + "y") }
            #expect(row?.contains("a" + escape + "@example.org") == true, "list row for \(escape)")
            #expect(row?.contains("!") == true, "flag for \(escape)")
        }
        for _ in shown.indices {
            let grid = Screen.render(state)
            for cell in grid.cells {
                #expect(!cell.text.unicodeScalars.contains { TerminalSafety.isUnsafe($0.value) })
            }
            #expect(grid.lines.joined(separator: "\n").contains("! escaped characters"))
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

    @Test func othersClaimsOnTheListAndInTheDetail() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("4"))
        let held = state.rows[0..<3].map { state.desk.table.id(Int($0)) }
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", held)])))
        assertSnapshot(Screen.render(state), named: "claims-list-80x24")
        _ = state.press(.character("a"))
        assertSnapshot(Screen.render(state), named: "claim-confirm-80x24")
    }
}
