import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The first clustering of a command reads justifications back from the file and skips folding
/// bytes it has met before (`WrittenTextMemo`); the screen clusters from the folded search text.
/// Both must group every row the same way.
@Suite struct WrittenTextMemoTests {
    @Test func clustersReadBackFromTheFileEqualThoseFromTheFoldedText() throws {
        let letter = "I object under Article 21 GDPR to the use of my posts and photos for training your models, now and later."
        let other = "Please do not use my comments or my pictures to train any artificial intelligence system at all, thank you."
        // The same text written as different bytes: escaped, upper case, with a typo; and rows
        // spread over more than one sketch run so the memo carries texts across runs.
        let forms = [
            letter,
            letter.uppercased(),
            letter.replacingOccurrences(of: "photos", with: "phtoos"),
            other,
            other + " My account is private.",
            "Short text here.",
            "",
            "https://social.example/@someone",
        ]
        var lines: [String] = []
        for index in 0..<(SketchPass.runLength + 5_000) {
            var text = forms[index % forms.count]
            if index % 97 == 0 { text = "Personal story number \(index): I write about my family and do not want it in a model." }
            var line = submissionLine(id: "s\(index)", justification: text)
            if index % 5 == 0 { line = line.replacingOccurrences(of: "GDPR", with: "GDP\\u0052") }  // same text, escaped
            lines.append(line)
        }
        let directory = TemporaryDirectory()
        let queue = directory.write("q.jsonl", lines.joined(separator: "\n") + "\n")
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
        let readBack = Clusters(table: desk.table)
        _ = desk.table.foldedText()
        #expect(desk.table.isSearchTextReady)
        let folded = Clusters(table: desk.table)
        #expect(readBack.count == folded.count)
        #expect(readBack.count >= 2)
        for row in 0..<desk.table.count {
            #expect(readBack.kind(ofRow: row) == folded.kind(ofRow: row), "row \(row)")
            #expect(readBack.cluster(ofRow: row) == folded.cluster(ofRow: row), "row \(row)")
        }
        // The escaped and the plain copies of the letter are one exact text.
        #expect(readBack.cluster(ofRow: forms.count) != nil)
        #expect(readBack.cluster(ofRow: forms.count) == readBack.cluster(ofRow: 5 * forms.count))
    }
}
