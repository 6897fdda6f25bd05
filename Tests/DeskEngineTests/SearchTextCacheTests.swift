import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The saved folded text (`.NAME.ods`): mapped at the next start instead of folding, only when it
/// still fits the queue and every block checks out.
@Suite(.serialized) struct SearchTextCacheTests {
    private func queue(_ directory: TemporaryDirectory, rows: Int) -> String {
        directory.write("q.jsonl", generatedQueueLines(count: rows).joined(separator: "\n") + "\n")
    }

    private func open(_ path: String, _ directory: TemporaryDirectory, index: DerivedFileOptions = .automatic) throws -> Desk {
        try Desk(queuePath: path, decisionsPath: directory.file("d.jsonl"), index: index)
    }

    /// Folds the text of a first desk and saves it, as the review screen does.
    private func save(_ path: String, _ directory: TemporaryDirectory) throws {
        let desk = try open(path, directory)
        _ = desk.foldedText()
        desk.saveSearchTextIfUseful()
        #expect(DerivedFiles.waitForPendingWrites())
    }

    @Test func aReopenMapsTheSavedTextAndFoldsOnlyNewRows() throws {
        let directory = TemporaryDirectory()
        let path = queue(directory, rows: 3_000)
        try save(path, directory)
        var status = stat()
        #expect(stat(directory.file(".q.jsonl.ods"), &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        let reopened = try open(path, directory)
        let rows = reopened.table.count
        #expect(foldedRows(reopened.table) == foldedRows(try open(path, directory, index: .disabled).table))
        #expect(reopened.table.searchText.restoredRows == rows)

        directory.append("q.jsonl", (0..<50).map { submissionLine(id: "late\($0)", justification: "Späte Einwände Nummer \($0)") }.joined(separator: "\n") + "\n")
        let grown = try open(path, directory)
        #expect(foldedRows(grown.table) == foldedRows(try open(path, directory, index: .disabled).table))
        #expect(grown.table.searchText.restoredRows == rows)
        #expect(grown.rows(matching: try FilterParser.parse("einwande"), now: WallClock.now()).count == 50)
    }

    @Test func aDamagedBlockMeansFoldingAgain() throws {
        let directory = TemporaryDirectory()
        let path = queue(directory, rows: 3_000)
        try save(path, directory)
        var bytes = fileBytes(directory.file(".q.jsonl.ods"))
        bytes[bytes.count - 10] ^= 0x20
        _ = directory.write(".q.jsonl.ods", bytes)
        let reopened = try open(path, directory)
        #expect(foldedRows(reopened.table) == foldedRows(try open(path, directory, index: .disabled).table))
        #expect(reopened.table.searchText.restoredRows == 0)
        #expect(reopened.takeNotes().filter { $0.contains(".q.jsonl.ods") && $0.contains("a block of its text is damaged") }.count == 1)
    }

    @Test func aRewrittenQueueIsNotGivenTheOldText() throws {
        let directory = TemporaryDirectory()
        let path = queue(directory, rows: 3_000)
        try save(path, directory)
        var bytes = fileBytes(path)
        let at = bytes.firstIndex(of: UInt8(ascii: "J"))!  // a letter of the first justification
        bytes[at] = UInt8(ascii: "X")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: bytes)
        try handle.close()
        let reopened = try open(path, directory, index: DerivedFileOptions(mode: .rebuild))
        _ = reopened.foldedText()
        #expect(reopened.table.searchText.restoredRows == 0)
        #expect(foldedRows(reopened.table) == foldedRows(try open(path, directory, index: .disabled).table))
    }

    @Test func aStaleCopyOfASmallQueueIsReplaced() throws {
        let directory = TemporaryDirectory()
        let path = queue(directory, rows: 3_000)
        try save(path, directory)
        // The queue replaced by a small one: under the size a first save needs, but the stale copy
        // must go, or its note repeats at every start.
        _ = directory.write("q.jsonl", generatedQueueLines(count: 300, idPrefix: "small").joined(separator: "\n") + "\n")
        let reopened = try open(path, directory)
        _ = reopened.foldedText()
        #expect(reopened.table.searchText.savedCopyWasStale)
        reopened.saveSearchTextIfUseful()
        #expect(DerivedFiles.waitForPendingWrites())
        let again = try open(path, directory)
        _ = again.foldedText()
        #expect(again.table.searchText.restoredRows == again.table.count)
        #expect(!again.table.searchText.savedCopyWasStale)
    }
}
