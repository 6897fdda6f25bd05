import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The yardstick reads a walk's members from one block of the queue file (`MemberBlock`): the
/// bytes it hands out are the file's at each text's place, and the verdicts are those of reading
/// each text on its own.
@Suite struct MemberBlockTests {
    private static let sentences = [
        "I object to the use of my posts for training AI models.", "Je m'oppose à l'utilisation de mes données personnelles.",
        "Ich widerspreche der Verarbeitung meiner Daten für KI-Training.", "My photos are my livelihood and were never meant for this.",
        "Please confirm in writing that my data has been excluded.", "Nunca he dado mi consentimiento para esto, \\\"ni lo daré\\\".",
    ]

    private func desk(_ directory: TemporaryDirectory, rows: Int) throws -> Desk {
        let lines = (0..<rows).map { index in
            let text = (0..<(2 + index % 3)).map { Self.sentences[(index + $0 * (index % 5 + 1)) % Self.sentences.count] }.joined(separator: "\\n")
            return "{\"id\":\"r\(index)\",\"submitted_at\":\"2026-11-01T10:00:00Z\",\"country\":\"FR\",\"email\":\"a\(index)@example.org\",\"justification\":\"\(text)\"}"
        }
        let queue = directory.write("q.jsonl", lines.joined(separator: "\n") + "\n")
        return try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"), index: .disabled, sketchingClusters: true)
    }

    @Test func theBlockHoldsEachTextsBytesAsTheFileDoes() throws {
        let directory = TemporaryDirectory()
        let desk = try desk(directory, rows: 120)
        let grouping = desk.clusters.grouping
        let locations = grouping.textLocations
        let file = try Data(contentsOf: URL(fileURLWithPath: directory.file("q.jsonl")))
        var reader = FoldedRowReader(table: desk.table, waitingForSearchText: false)
        var block = MemberBlock()
        let texts = Int32(3)..<Int32(min(40, locations.count))
        block.expect(texts)
        var seen = 0
        for text in texts {
            let location = locations.location(ofText: Int(text))
            let offset = try #require(location.fileOffset)
            let expected = [UInt8](file[Int(offset)..<(Int(offset) + location.length)])
            block.withBytes(of: text, locations: locations, reader: &reader) { raw, _ in
                #expect(Array(raw) == expected)
                seen += 1
            }
        }
        #expect(seen == texts.count)
        #expect(!block.isExpected(texts.upperBound) && !block.isExpected(0))
    }

    @Test func verdictsReadFromTheBlockAreThoseReadOneByOne() throws {
        let directory = TemporaryDirectory()
        let desk = try desk(directory, rows: 90)
        let grouping = desk.clusters.grouping
        let maker = grouping.yardsticks
        var oneByOne = try #require(maker.make())
        var fromBlock = try #require(maker.make())
        let textCount = Int32(grouping.textRows.count)
        fromBlock.expectMembers(0..<textCount)
        var agreed = 0
        for first in 0..<textCount {
            for second in stride(from: Int32(0), to: textCount, by: 3) where second != first {
                let verdict = oneByOne.agrees(first, second)
                #expect(fromBlock.agrees(first, second) == verdict)
                if verdict { agreed += 1 }
            }
        }
        #expect(agreed > 0)
    }
}
