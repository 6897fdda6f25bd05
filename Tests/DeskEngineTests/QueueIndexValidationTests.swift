import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("Queue index: never trusted blindly")
struct QueueIndexValidationTests {
    /// A queue of ~350 KB with a valid index beside it.
    private struct Fixture {
        let directory = TemporaryDirectory()
        let path: String
        var indexPath: String { directory.file(".q.jsonl.odx") }
        var options: DerivedFileOptions { indexOptions(directory) }

        init() throws {
            path = directory.write("q.jsonl", generatedQueueLines(count: 1500).joined(separator: "\n") + "\n")
            let written = try QueueFile(path: path, index: indexOptions(directory))
            #expect(written.rowsFromIndex == 0)
            #expect(try QueueFile(path: path, index: indexOptions(directory)).rowsFromIndex == written.table.count)
        }

        /// The index is ignored with one note giving `reason`, the table is the cold one, and the
        /// index is rebuilt so that the next read uses it again.
        func expectIgnored(because reason: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let queue = try QueueFile(path: path, index: options)
            #expect(queue.rowsFromIndex == 0, sourceLocation: sourceLocation)
            #expect(QueueFacts(queue) == QueueFacts(try QueueFile(path: path, index: .disabled)), sourceLocation: sourceLocation)
            let posted = notes(about: indexPath, from: queue)
            #expect(posted.count == 1, sourceLocation: sourceLocation)
            #expect(posted.first?.contains(reason) == true, "\(posted)", sourceLocation: sourceLocation)
            #expect(!queue.problems.contains { $0.message.contains("index") }, sourceLocation: sourceLocation)
            #expect(try QueueFile(path: path, index: options).rowsFromIndex == queue.table.count, sourceLocation: sourceLocation)
        }

        func header() -> QueueIndexFormat.Header {
            let bytes = fileBytes(indexPath)
            let length = bytes.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 16, as: UInt64.self))) }
            return QueueIndexHeaderCodec.decode(Array(bytes[0..<length]))!
        }

        /// Offset of `text` in the queue file.
        func offset(of text: String) -> Int { fileBytes(path).firstRange(of: Array(text.utf8))!.lowerBound }
    }

    @Test func truncatedIndex() throws {
        let fixture = try Fixture()
        truncate(fixture.indexPath, off_t(fileBytes(fixture.indexPath).count / 2))
        try fixture.expectIgnored(because: "truncated")
    }

    @Test func flippedByteInAColumn() throws {
        let fixture = try Fixture()
        let section = fixture.header().sections.first { $0.name == "row.offset" }!
        let at = Int(section.offset) + 77
        overwrite(fixture.indexPath, at: at, with: [fileBytes(fixture.indexPath)[at] ^ 0x10])
        try fixture.expectIgnored(because: "row.offset is damaged")
    }

    @Test func flippedByteInTheHeader() throws {
        let fixture = try Fixture()
        overwrite(fixture.indexPath, at: 150, with: [fileBytes(fixture.indexPath)[150] ^ 0x01])
        try fixture.expectIgnored(because: "header is damaged")
    }

    @Test func notAnIndexAtAll() throws {
        let fixture = try Fixture()
        overwrite(fixture.indexPath, at: 0, with: Array("{\"id\":1}".utf8))
        try fixture.expectIgnored(because: "not an objection-desk queue index")
    }

    @Test func anotherFormatVersion() throws {
        let fixture = try Fixture()
        overwrite(fixture.indexPath, at: 8, with: [9, 0, 0, 0])
        try fixture.expectIgnored(because: "format version 9")
    }

    @Test func writtenByAnotherBuild() throws {
        let fixture = try Fixture()
        var header = fixture.header()
        header.fingerprint &+= 1
        overwrite(fixture.indexPath, at: 0, with: QueueIndexHeaderCodec.encode(header))
        try fixture.expectIgnored(because: "reads lines differently")
    }

    @Test func queueReplacedByAnotherFile() throws {
        let fixture = try Fixture()
        let copy = fixture.directory.write("copy.jsonl", fileBytes(fixture.path))
        #expect(rename(copy, fixture.path) == 0)
        try fixture.expectIgnored(because: "replaced")
    }

    @Test func queueCutShort() throws {
        let fixture = try Fixture()
        truncate(fixture.path, off_t(fileBytes(fixture.path).count - 100))
        try fixture.expectIgnored(because: "shorter")
    }

    @Test func queueEditedInPlaceWithTheSameSize() throws {
        let fixture = try Fixture()
        var time = modificationTime(fixture.path)
        overwrite(fixture.path, at: fixture.offset(of: "\"g700\""), with: Array("\"q700\"".utf8))
        time.tv_sec += 1  // as an editor would leave it, whatever the clock's granularity
        setModificationTime(fixture.path, to: time)
        try fixture.expectIgnored(because: "modified in place")
    }

    @Test func editsInTheFirstOrLastBlockAreCaughtEvenWithTheOldModificationTime() throws {
        for (id, replacement) in [("\"g2\"", "\"q2\""), ("\"g1498\"", "\"q1498\"")] {
            let fixture = try Fixture()
            let time = modificationTime(fixture.path)
            overwrite(fixture.path, at: fixture.offset(of: id), with: Array(replacement.utf8))
            setModificationTime(fixture.path, to: time)
            try fixture.expectIgnored(because: "content changed")
        }
    }

    /// Once the documented limit (only the first and last 64 KiB were hashed): an edit in the
    /// middle that keeps size and mtime. The whole prefix is hashed now.
    @Test func anEditInTheMiddleHidingItsModificationTimeIsCaught() throws {
        let fixture = try Fixture()
        let time = modificationTime(fixture.path)
        overwrite(fixture.path, at: fixture.offset(of: "\"g700\""), with: Array("\"q700\"".utf8))
        setModificationTime(fixture.path, to: time)
        try fixture.expectIgnored(because: "content changed")
    }

    @Test func anIndexOthersMayWriteIsNotTrusted() throws {
        let fixture = try Fixture()
        chmod(fixture.indexPath, 0o666)
        try fixture.expectIgnored(because: "others may write it")
    }

    @Test func theIndexIsWrittenPrivately() throws {
        let fixture = try Fixture()
        var status = stat()
        #expect(lstat(fixture.indexPath, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aSymbolicLinkInPlaceOfTheIndexIsNeitherReadNorFollowed() throws {
        let fixture = try Fixture()
        let elsewhere = fixture.directory.file("elsewhere.odx")
        #expect(rename(fixture.indexPath, elsewhere) == 0)
        #expect(symlink(elsewhere, fixture.indexPath) == 0)
        let before = fileBytes(elsewhere)
        let queue = try QueueFile(path: fixture.path, index: fixture.options)
        #expect(queue.rowsFromIndex == 0)
        #expect(fileBytes(elsewhere) == before)
        // The index went to the cache directory instead, and is used from there.
        #expect(try QueueFile(path: fixture.path, index: fixture.options).rowsFromIndex == queue.table.count)
        // The index, and the record of the queue it belongs to (`cache` lists it, `cache prune` needs it).
        let cached = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.file("cache/objection-desk"))
        #expect(cached.filter { $0.hasSuffix(".odx") }.count == 1 && cached.count == 2)
    }

    @Test func anUnwritableDirectoryPutsTheIndexInTheCache() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", generatedQueueLines(count: 300).joined(separator: "\n") + "\n")
        var options = indexOptions(directory)
        options.directoryIsWritable = { _ in false }
        let first = try QueueFile(path: path, index: options)
        #expect(!FileManager.default.fileExists(atPath: directory.file(".q.jsonl.odx")))
        let cached = try FileManager.default.contentsOfDirectory(atPath: directory.file("cache/objection-desk"))
        #expect(cached.count == 2 && Set(cached.map { ($0 as NSString).pathExtension }) == ["odx", "odo"])
        var status = stat()
        #expect(stat(directory.file("cache/objection-desk"), &status) == 0 && status.st_mode & 0o777 == 0o700)
        #expect(try QueueFile(path: path, index: options).rowsFromIndex == first.table.count)
        if geteuid() != 0 {
            // A really read-only directory (root writes anywhere, hence the stand-in above).
            let other = TemporaryDirectory()
            let queue = other.write("q.jsonl", generatedQueueLines(count: 50).joined(separator: "\n") + "\n")
            chmod(other.path, 0o555)
            defer { chmod(other.path, 0o755) }
            _ = try QueueFile(path: queue, index: indexOptions(directory))
            #expect(try QueueFile(path: queue, index: indexOptions(directory)).rowsFromIndex > 0)
        }
    }

    @Test func anotherUsersIndexBesideTheQueueIsLeftAlone() throws {
        guard geteuid() == 0 else { return }  // only root can give a file away
        let fixture = try Fixture()
        #expect(chown(fixture.indexPath, 65534, 65534) == 0)
        let before = fileBytes(fixture.indexPath)
        let queue = try QueueFile(path: fixture.path, index: fixture.options)
        #expect(queue.rowsFromIndex == 0 && fileBytes(fixture.indexPath) == before)
        #expect(try QueueFile(path: fixture.path, index: fixture.options).rowsFromIndex == queue.table.count)
    }

    @Test func anIndexThatCannotBeWrittenIsANoteNotAnError() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", generatedQueueLines(count: 100).joined(separator: "\n") + "\n")
        let blocker = directory.write("not-a-directory", "")
        var options = DerivedFileOptions(cacheHome: blocker, writesSynchronously: true)
        options.directoryIsWritable = { _ in false }
        let queue = try QueueFile(path: path, index: options)
        #expect(QueueFacts(queue) == QueueFacts(try QueueFile(path: path, index: .disabled)))
        let said = notes(about: blocker, from: queue)
        #expect(said.count == 1)
        #expect(said.first?.contains("could not write the queue index") == true)
    }

    @Test func disabledMeansNoIndexFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", generatedQueueLines(count: 50).joined(separator: "\n") + "\n")
        _ = try QueueFile(path: path, index: .disabled)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["q.jsonl"])
    }
}

/// The index is written without fsync: what a crash can leave (any block of zeros, as a torn
/// write does) must be refused or read as what it was, never read as something else.
@Suite("Queue index: a torn copy is never trusted")
struct QueueIndexTornWriteTests {
    @Test func anyBlockOfZerosIsRefusedOrHarmless() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", generatedQueueLines(count: 1500).joined(separator: "\n") + "\n")
        let options = indexOptions(directory)
        _ = try QueueFile(path: path, index: options)
        let indexPath = directory.file(".q.jsonl.odx")
        let saved = fileBytes(indexPath)
        let cold = QueueFacts(try QueueFile(path: path, index: .disabled))
        var refused = 0
        for start in stride(from: 0, to: saved.count, by: 4096) {
            var torn = saved
            for index in start..<min(start + 4096, saved.count) { torn[index] = 0 }
            guard torn != saved else { continue }
            _ = directory.write(".q.jsonl.odx", torn)
            let queue = try QueueFile(path: path, index: options)
            #expect(QueueFacts(queue) == cold, "block at \(start)")
            if queue.rowsFromIndex == 0 { refused += 1 }
        }
        #expect(refused > 0)
    }
}
