import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// The detail pane calls out the words a cluster member adds to its cluster's text and highlights
/// them where they are, through escaping, wrapping and wide characters.
@Suite struct AddedWordsHighlightTests {
    static let letter = "I hereby object under Article 21 GDPR to the use of my posts, photos and comments for training artificial intelligence. I never agreed to this and I do not want my content in any model."

    private func fixture(adding tail: String) throws -> Fixture {
        let texts = [Self.letter, Self.letter, Self.letter.lowercased(), Self.letter + tail]
        let lines = texts.enumerated().map { index, text in
            let quoted = String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
            return #"{"id":"w\#(index + 1)","submitted_at":"2026-11-1\#(index)T09:00:00Z","country":"FR","email":"w\#(index)@example.org","email_verified":true,"justification":\#(quoted)}"#
        }
        let fixture = try Fixture(queue: lines.joined(separator: "\n") + "\n")
        fixture.desk.buildClusters()
        return fixture
    }

    /// The cells of `word` on the screen (the first place it appears after the Justification label
    /// and the line that lists the added words), found cell by cell: wide characters take two.
    private func cells(of word: String, in grid: CellGrid) -> [Cell] {
        let lines = grid.lines
        guard let label = lines.firstIndex(where: { $0.contains("Justification") }) else { return [] }
        let target = word.map(String.init)
        for y in (label + 1)..<grid.height where !lines[y].contains("to its cluster's text") {
            let characters = (0..<grid.width).map { grid[$0, y] }.filter { !$0.isContinuation }
            guard characters.count >= target.count else { continue }
            for start in 0...(characters.count - target.count) where characters[start..<(start + target.count)].map(\.text) == target {
                return Array(characters[start..<(start + target.count)])
            }
        }
        return []
    }

    private func render(_ fixture: Fixture, row id: String, width: Int = 120, height: Int = 40) -> CellGrid {
        var state = fixture.state(width: width, height: height)
        _ = state.press(.character("4"))  // all submissions
        while let row = state.currentRow, fixture.desk.table.id(Int(row)) != id { _ = state.press(.character("j")) }
        return Screen.render(state)
    }

    @Test func addedWordsAreNamedAndHighlighted() throws {
        let fixture = try fixture(adding: " Please also delete my account.")
        let member = fixture.desk.table.row(forID: "w4")!
        #expect(fixture.desk.clusters.addsWords(member))
        let grid = render(fixture, row: "w4")
        #expect(grid.lines.contains { $0.contains("adds 4 words to its cluster's text (highlighted): account, also, delete, please") })
        let delete = cells(of: "delete", in: grid)
        #expect(!delete.isEmpty && delete.allSatisfy { $0.style.bold && $0.style.underline && $0.style.role == .warning })
        let posts = cells(of: "posts", in: grid)
        #expect(!posts.isEmpty && posts.allSatisfy { !$0.style.underline })
        // The representative's own text adds nothing.
        let plain = render(fixture, row: "w1")
        #expect(!plain.lines.contains { $0.contains("to its cluster's text") })
    }

    @Test func highlightsLandOnTheRightCellsThroughEscapesAndWideCharacters() throws {
        let fixture = try fixture(adding: " \u{1B}[31m 日本 also erase\u{202E}gnp everything")
        let grid = render(fixture, row: "w4", width: 100)
        let erase = cells(of: "erase", in: grid)
        #expect(!erase.isEmpty && erase.allSatisfy { $0.style.bold && $0.style.underline })
        let everything = cells(of: "everything", in: grid)
        #expect(!everything.isEmpty && everything.allSatisfy { $0.style.underline })
        #expect(!grid.lines.joined().contains("\u{1B}"))
        #expect(!grid.lines.joined().contains("\u{202E}"))
    }
}
