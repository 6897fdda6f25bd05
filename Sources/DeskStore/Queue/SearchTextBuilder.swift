#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Folds the email and justification of table rows read back from the queue file: the lazy half
/// of the load (`LazySearchText`). Rows are in file order, so their lines are read in large blocks.
package struct SearchTextBuilder {
    private let descriptor: Int32
    private var parser = SubmissionLineParser()
    private var emailScratch: [UInt8] = []
    private var justificationScratch: [UInt8] = []
    private static let blockSize = 4 << 20

    package init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The folded text of `rows`, and how many of them no longer read back as the same record
    /// (the file changed in place): those get empty text.
    package mutating func build(rows: Range<Int>, of table: SubmissionTable) -> (SearchText, Int) {
        build(rows: rows, firstRow: rows.lowerBound, of: table)
    }

    /// The folded text of `rows` (ascending, not necessarily adjacent), one local row each.
    package mutating func build<Rows: RandomAccessCollection>(rows: Rows, firstRow: Int, of table: SubmissionTable) -> (SearchText, Int)
    where Rows.Element: BinaryInteger, Rows.Index == Int {
        var text = SearchText(firstRow: firstRow)
        guard let firstIndex = rows.indices.first, let lastIndex = rows.indices.last else { return (text, 0) }
        let offsets = table.columns.lineOffsets
        let lengths = table.columns.lineLengths
        let lastRow = Int(rows[lastIndex])
        let span = offsets[lastRow] + Int64(lengths[lastRow]) - offsets[Int(rows[firstIndex])]
        // Folded text is about half a line (email + justification, lower-cased).
        text.reserve(bytes: Int(min(span, Int64(rows.count) * 1024) / 2) + 64, rows: rows.count)
        var folder = SearchFolder()
        var unreadable = 0
        Self.forEachLine(rows: rows, of: table, descriptor: descriptor) { row, line in
            if !(line.map { append($0, row: row, of: table, to: &text, folder: &folder) } ?? false) {
                unreadable += 1
                _ = text.appendRow(email: UnsafeRawBufferPointer(start: nil, count: 0),
                                   justification: UnsafeRawBufferPointer(start: nil, count: 0), folder: &folder)
            }
        }
        text.shrinkToFit()
        return (text, unreadable)
    }

    /// A row's justification as its line holds it, for a reader that folds only the texts it has
    /// not met yet (the first clustering: most rows of a large queue repeat a text exactly).
    package enum LineJustification {
        /// The line no longer holds the row's record.
        case unreadable
        /// The value as written, escapes not decoded: identical bytes fold to identical text.
        case written(line: UnsafeRawBufferPointer, value: QuickFieldScan.Value)
        /// Decoded by the full parser, for a line the quick scan leaves to it.
        case decoded(UnsafeRawBufferPointer)
    }

    /// Calls `body` with the justification of each row of `rows`, in order, reading the lines in
    /// blocks. Neither email nor justification is folded.
    package mutating func forEachJustification(rows: Range<Int>, of table: SubmissionTable,
                                       _ body: (Int, LineJustification) -> Void) {
        Self.forEachLine(rows: rows, of: table, descriptor: descriptor) { row, line in
            guard let line else { return body(row, .unreadable) }
            if let quick = QuickFieldScan.scan(line), let id = quick.id, !id.isEscaped, quick.email != nil,
               let justification = quick.justification {
                body(row, quick.holds(row: row, of: table, in: line) ? .written(line: line, value: justification) : .unreadable)
                return
            }
            let read = withParsedFields(of: line, row: row, table: table) { _, justification in body(row, .decoded(justification)) }
            if !read { body(row, .unreadable) }
        }
    }

    /// Calls `body` with each row's line (without a byte order mark), or nil when it cannot be
    /// read whole; `rows` ascending. Lines are read in blocks of up to `blockSize`.
    private static func forEachLine<Rows: RandomAccessCollection>(rows: Rows, of table: SubmissionTable, descriptor: Int32,
                                                                  _ body: (Int, UnsafeRawBufferPointer?) -> Void)
    where Rows.Element: BinaryInteger, Rows.Index == Int {
        guard let firstIndex = rows.indices.first, let lastIndex = rows.indices.last else { return }
        let offsets = table.columns.lineOffsets
        let lengths = table.columns.lineLengths
        var capacity = Self.blockSize
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var index = firstIndex
        while index <= lastIndex {
            let start = offsets[Int(rows[index])]
            var last = index
            while last < lastIndex && offsets[Int(rows[last + 1])] + Int64(lengths[Int(rows[last + 1])]) - start <= Int64(capacity) { last += 1 }
            let length = Int(offsets[Int(rows[last])] + Int64(lengths[Int(rows[last])]) - start)
            if length > capacity {
                buffer.deallocate()
                capacity = length
                buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
            }
            let complete = descriptor >= 0 && Self.readFully(descriptor, into: buffer.baseAddress!, count: length, at: start)
            for position in index...last {
                let current = Int(rows[position])
                guard complete else { body(current, nil); continue }
                let from = Int(offsets[current] - start)
                var line = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[from..<(from + Int(lengths[current]))])
                if offsets[current] == 0 && LineReader.hasByteOrderMark(line) { line = UnsafeRawBufferPointer(rebasing: line[3...]) }
                body(current, line)
            }
            index = last + 1
        }
    }

    /// Reads one row's line and folds its justification into `output` (emptied first); false when
    /// the line no longer holds the row's record. For clustering without the whole search text.
    package mutating func foldJustification(ofRow row: Int, of table: SubmissionTable, into output: inout ByteBuffer,
                                    scratch: inout [UInt8], folder: inout SearchFolder) -> Bool {
        // Emptied, not replaced: a copy the caller kept stays valid (appending copies shared
        // storage first), and a reader folding row after row no longer allocates for each.
        output.removeAllKeepingCapacity()
        return withJustification(ofRow: row, of: table, scratch: &scratch) { _ = folder.appendFolded($0, to: &output) }
    }

    /// Reads one row's line and calls `body` with its justification, escapes decoded; false,
    /// without calling it, when the line no longer holds the row's record.
    package mutating func withJustification(ofRow row: Int, of table: SubmissionTable, scratch: inout [UInt8],
                                            _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        let offset = table.columns.lineOffsets[row]
        let length = Int(table.columns.lineLengths[row])
        guard read(length, at: offset, into: &scratch) else { return false }
        return scratch.withUnsafeBytes { buffer -> Bool in
            var line = UnsafeRawBufferPointer(rebasing: buffer[0..<length])
            if offset == 0 && LineReader.hasByteOrderMark(line) { line = UnsafeRawBufferPointer(rebasing: line[3...]) }
            return withFields(of: line, row: row, table: table) { _, justification in body(justification) }
        }
    }

    /// Folds the `length` bytes at `offset` of the queue file: a justification's content as the
    /// line holds it (located when the queue was read), its escapes decoded. False when they
    /// cannot be read or are no longer a valid string's content (the file was rewritten).
    package mutating func foldRawJustification(at offset: Int64, length: Int, into output: inout ByteBuffer,
                                               scratch: inout [UInt8], folder: inout SearchFolder) -> Bool {
        output.removeAllKeepingCapacity()
        return withRawJustification(at: offset, length: length, scratch: &scratch) { _ = folder.appendFolded($0, to: &output) }
    }

    /// Calls `body` with the justification whose content the queue file holds in the `length`
    /// bytes at `offset`, escapes decoded; false, without calling it, as `foldRawJustification`.
    package mutating func withRawJustification(at offset: Int64, length: Int, scratch: inout [UInt8],
                                               _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard length > 0 else {
            body(UnsafeRawBufferPointer(start: nil, count: 0))
            return true
        }
        guard read(length, at: offset, into: &scratch) else { return false }
        let valid = scratch.withUnsafeBytes { buffer in
            let text = UnsafeRawBufferPointer(rebasing: buffer[0..<length])
            guard JSONStringContent.isValid(text) else { return false }
            // Copies runs without escapes whole (memchr), so plain texts cost one copy.
            justificationScratch.removeAll(keepingCapacity: true)
            JSONStringDecoder.decode(text, appendingTo: &justificationScratch)
            return true
        }
        guard valid else { return false }
        justificationScratch.withUnsafeBytes(body)
        return true
    }

    /// Reads `count` bytes at `offset` of the queue file into `scratch` (grown when too small).
    package func read(_ count: Int, at offset: Int64, into scratch: inout [UInt8]) -> Bool {
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: max(count, 2 * scratch.count)) }
        let descriptor = self.descriptor
        return descriptor >= 0 && scratch.withUnsafeMutableBytes { Self.readFully(descriptor, into: $0.baseAddress!, count: count, at: offset) }
    }

    /// Folds one line's email and justification when it still holds the row's record.
    private mutating func append(_ line: UnsafeRawBufferPointer, row: Int, of table: SubmissionTable,
                                 to text: inout SearchText, folder: inout SearchFolder) -> Bool {
        withFields(of: line, row: row, table: table) { email, justification in
            _ = text.appendRow(email: email, justification: justification, folder: &folder)
        }
    }

    /// Calls `body` with the line's email and justification when it still holds the row's record
    /// (same id); false when it does not.
    private mutating func withFields(of line: UnsafeRawBufferPointer, row: Int, table: SubmissionTable,
                                     _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void) -> Bool {
        if let quick = QuickFieldScan.scan(line), let id = quick.id, !id.isEscaped, let email = quick.email, let justification = quick.justification {
            guard quick.holds(row: row, of: table, in: line) else { return false }
            // Locals: the closures below must not overlap accesses to `self`.
            var emailBytes: [UInt8] = []
            var justificationBytes: [UInt8] = []
            swap(&emailBytes, &emailScratch)
            swap(&justificationBytes, &justificationScratch)
            email.withBytes(in: line, scratch: &emailBytes) { email in
                justification.withBytes(in: line, scratch: &justificationBytes) { body(email, $0) }
            }
            swap(&emailBytes, &emailScratch)
            swap(&justificationBytes, &justificationScratch)
            return true
        }
        return withParsedFields(of: line, row: row, table: table, body)
    }

    /// `withFields` through the full parser, for lines the quick scan leaves to it.
    private mutating func withParsedFields(of line: UnsafeRawBufferPointer, row: Int, table: SubmissionTable,
                                           _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void) -> Bool {
        do throws(LineError) {
            try parser.fields.locate(line)
        } catch {
            return false
        }
        // The table's id is taken first: a closure capturing the table would retain every one of
        // its arrays for each row (8% of a first clustering in swift_retain/release).
        let sameID = table.withID(row) { expected in
            parser.fields.withString(.id, in: line) { $0.count == expected.count && $0.elementsEqual(expected) } ?? false
        }
        guard sameID else { return false }
        parser.fields.withStrings(.email, .justification, in: line, body)
        return true
    }

    private static func readFully(_ descriptor: Int32, into pointer: UnsafeMutableRawPointer, count: Int, at offset: Int64) -> Bool {
        var done = 0
        while done < count {
            let got = pread(descriptor, pointer + done, count - done, off_t(offset + Int64(done)))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return false }
            done += got
        }
        return true
    }
}
