#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rows parsed from one byte range of a queue file, before they join the table.
package struct QueueChunk: Sendable {
    package var columns = SubmissionColumns()
    package var idBytes = ByteBuffer(capacity: 1 << 16)
    package var idEnds: [UInt32] = []
    package var search: SearchText
    /// `search` holds every parsed row's folded text (otherwise it is left for `LazySearchText`).
    package var foldedText: Bool
    package var platforms = StringInterner()
    package var locales = StringInterner()
    package var problems: [DataProblem] = []
    package var linesRead = 0
    /// Offset just past the last byte this chunk consumed.
    package var consumedEnd: Int64
    /// An unterminated last line that did not parse: probably still being written.
    package var inFlightTail: (offset: Int64, line: Int)?
    /// The last line had no newline but was a complete record, and was taken.
    package var tookUnterminatedTail = false
    /// The last line had no newline and only blanks: not counted, it is read again later.
    package var blankUnterminatedTail = false
    /// The hashes of the whole blocks of the prefix hash that this chunk's reads held.
    package var blockHashes: [QueuePrefixHash.BlockHash] = []

    package init(start: Int64, foldText: Bool) {
        search = SearchText(firstRow: 0)
        foldedText = foldText
        consumedEnd = start
    }

    package func withID<Result>(_ row: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        idBytes.withUnsafeBytes { bytes in
            let start = row == 0 ? 0 : Int(idEnds[row - 1])
            return body(UnsafeRawBufferPointer(rebasing: bytes[start..<Int(idEnds[row])]))
        }
    }

    /// Renumbers lines after an earlier chunk's line count becomes known.
    package mutating func shiftLineNumbers(by lines: Int) {
        guard lines != 0 else { return }
        for row in columns.lineNumbers.indices { columns.lineNumbers[row] += UInt32(lines) }
        for index in problems.indices { problems[index].line += lines }
        if let tail = inFlightTail { inFlightTail = (tail.offset, tail.line + lines) }
    }
}

/// Parses a byte range of a queue file into a `QueueChunk`: the load path's hot loop.
package struct QueueChunkParser {
    private var lineParser = SubmissionLineParser()
    private var folder = SearchFolder()
    private var justificationFacts = JustificationFactsMemo()
    /// Decoded copies of escaped fields (two: the email and justification are read together).
    private var scratch: [UInt8] = []
    private var secondScratch: [UInt8] = []
    private let readBuffer = LineReader.ReadBuffer()
    package let file: String
    /// Fold each row's email and justification now (else `LazySearchText` does it when needed).
    package let foldText: Bool
    /// Moves submission times as they are read (the bundled sample's dates); nil: as written.
    package let mapping: SubmittedAtMapping?
    /// Sees each accepted row's justification as it is parsed (a first read, `QueueRowVisitor`).
    package var rowWorker: (any QueuePartWorker)?

    package init(file: String, foldText: Bool, mapping: SubmittedAtMapping? = nil) {
        self.file = file
        self.foldText = foldText
        self.mapping = mapping
    }

    /// Reads `[start, end)`. The range must start at a line start. An unterminated last line is
    /// taken when it is a complete record, and otherwise left for a later read (`inFlightTail`).
    package mutating func parse(descriptor: Int32, from start: Int64, to end: Int64, firstLineNumber: Int,
                        skipLeadingNewline: Bool = false, progress: LoadProgress? = nil) throws -> QueueChunk {
        var chunk = QueueChunk(start: start, foldText: foldText)
        chunk.columns.reserve(Int((end - start) / 400) + 16)
        var readFrom = start
        if skipLeadingNewline {
            // The previous read took an unterminated record; its newline arrived since.
            var byte: UInt8 = 0
            if pread(descriptor, &byte, 1, off_t(start)) == 1 && byte == 0x0A { readFrom += 1 }
        }
        chunk.consumedEnd = readFrom
        var blockHashes: [QueuePrefixHash.BlockHash] = []
        chunk.linesRead = try LineReader.read(
            descriptor: descriptor, from: readFrom, to: end, firstLineNumber: firstLineNumber, progress: progress,
            alignment: Int64(QueuePrefixHash.blockLength), reusing: readBuffer,
            afterRead: { QueuePrefixHash.wholeBlocks(of: $0, at: $1, into: &blockHashes) }
        ) { event in
            switch event {
            case .tooLong(let offset, let number, let length):
                chunk.problems.append(DataProblem(file: file, line: number, byteOffset: offset,
                                                  message: "line is \(length) bytes, longer than the \(LineReader.maximumLineLength >> 20) MiB limit; skipped"))
                chunk.consumedEnd = offset + length + 1
            case .line(let line):
                take(line, into: &chunk)
            }
        }
        if chunk.inFlightTail != nil || chunk.blankUnterminatedTail { chunk.linesRead -= 1 }
        chunk.blockHashes = blockHashes
        return chunk
    }

    /// Parses lines held in memory as if they were a file's first lines (the index fingerprint).
    package mutating func parse(lines: [[UInt8]]) -> QueueChunk {
        var chunk = QueueChunk(start: 0, foldText: foldText)
        var offset: Int64 = 0
        for (index, line) in lines.enumerated() {
            line.withUnsafeBytes { bytes in
                take(RawLine(bytes: bytes, offset: offset, number: index + 1, isUnterminated: false), into: &chunk)
            }
            offset += Int64(line.count + 1)
        }
        chunk.linesRead = lines.count
        return chunk
    }

    /// Parses one line read back from `offset` (a row checked again before a decision).
    package mutating func parse(line: UnsafeRawBufferPointer, at offset: Int64) -> QueueChunk {
        var chunk = QueueChunk(start: offset, foldText: foldText)
        take(RawLine(bytes: line, offset: offset, number: 1, isUnterminated: false), into: &chunk)
        chunk.linesRead = 1
        return chunk
    }

    private mutating func take(_ line: RawLine, into chunk: inout QueueChunk) {
        var bytes = line.bytes
        if line.offset == 0 && LineReader.hasByteOrderMark(bytes) {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
        }
        let lineEnd = line.offset + Int64(line.bytes.count) + (line.isUnterminated ? 0 : 1)
        if LineReader.isBlank(bytes) {
            if line.isUnterminated { chunk.blankUnterminatedTail = true } else { chunk.consumedEnd = lineEnd }
            return
        }
        do throws(LineError) {
            let (submittedAt, country) = try lineParser.validate(bytes)
            append(bytes, line: line, submittedAt: submittedAt, country: country, to: &chunk)
            chunk.consumedEnd = lineEnd
            chunk.tookUnterminatedTail = line.isUnterminated
        } catch {
            if line.isUnterminated {
                chunk.inFlightTail = (line.offset, line.number)
            } else {
                chunk.problems.append(DataProblem(file: file, line: line.number, byteOffset: line.offset, message: error.message))
                chunk.consumedEnd = lineEnd
            }
        }
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer, line: RawLine, submittedAt: Int64,
                                 country: CountryCode, to chunk: inout QueueChunk) {
        // Fields come as raw bytes from the validated line (`text`, not generic closures across
        // the module boundary), decoded only when escaped; a plain field (printable ASCII, as the
        // scan saw) needs no second look for what a terminal must escape.
        var attributes: RowAttributes = []
        if let verified = lineParser.emailVerified {
            attributes.insert(.verificationKnown)
            if verified { attributes.insert(.emailVerified) }
        }
        let idText = lineParser.text(.id, in: bytes)!
        idText.withDecoded(scratch: &scratch) { id in
            chunk.idBytes.append(contentsOf: id)
            if !idText.isPlain && Self.mayNeedEscaping(id) && TerminalSafety.needsEscaping(String(decoding: id, as: UTF8.self)) {
                attributes.insert(.needsEscaping)
            }
        }
        chunk.idEnds.append(UInt32(chunk.idBytes.count))
        var requester: UInt64 = 0
        let emailText = lineParser.text(.email, in: bytes)!
        let justificationText = lineParser.text(.justification, in: bytes)!
        // Where the field's content is in the file (for the clustering's later reads of it).
        var justificationRange = line.offset..<line.offset
        if let field = justificationText.raw.baseAddress, let start = line.bytes.baseAddress {
            let fieldStart = line.offset + Int64(field - start)
            justificationRange = fieldStart..<(fieldStart + Int64(justificationText.raw.count))
        }
        let unsafeText = emailText.withDecoded(scratch: &scratch) { email in
            justificationText.withDecoded(scratch: &secondScratch) { justification in
                requester = RequesterKey.hash(email)
                if !emailText.isPlain, email.contains(where: { $0 >= 0x80 }), let at = email.lastIndex(of: UInt8(ascii: "@")),
                   Punycode.mixesScripts(String(decoding: UnsafeRawBufferPointer(rebasing: email[(at + 1)...]), as: UTF8.self)) {
                    attributes.insert(.mixedScript)
                }
                guard foldText else {
                    // Most rows of a large queue repeat a justification byte for byte: its facts are
                    // looked up by a hash of the bytes (which a row visitor reuses) instead of scanned.
                    let hash = JustificationFactsMemo.hash(justification)
                    // The clustering's worker folds a new text, which finds out what the scan for
                    // unsafe scalars would (a twentieth of a first load, when asked twice).
                    let escaping = rowWorker?.visit(justification: justification, hash: hash, fileRange: justificationRange)
                    let facts = justificationFacts.facts(of: justification, hash: hash, knownSafe: justificationText.isTerminalSafe,
                                                         needsEscaping: escaping)
                    if facts.isEmpty {
                        attributes.insert(.emptyJustification)
                    } else if facts.isURLOnly {
                        attributes.insert(.urlOnly)
                    }
                    return (!emailText.isPlain && SearchFolder.needsEscaping(email)) || facts.needsEscaping
                }
                if JustificationShape.isEmpty(justification) {
                    attributes.insert(.emptyJustification)
                } else if JustificationShape.isURLOnly(justification) {
                    attributes.insert(.urlOnly)
                }
                _ = rowWorker?.visit(justification: justification, hash: JustificationFactsMemo.hash(justification),
                                     fileRange: justificationRange)
                return chunk.search.appendRow(email: email, justification: justification, folder: &folder)
            }
        }
        if unsafeText { attributes.insert(.needsEscaping) }
        var platform: UInt16 = 0
        var locale: UInt16 = 0
        if let text = lineParser.text(.platform, in: bytes) {
            text.withDecoded(scratch: &scratch) { value in
                if !text.isPlain && Self.mayNeedEscaping(value) { attributes.insert(.needsEscaping) }
                platform = chunk.platforms.number(forUTF8: value)
            }
        }
        if let text = lineParser.text(.locale, in: bytes) {
            text.withDecoded(scratch: &scratch) { value in
                if !text.isPlain && Self.mayNeedEscaping(value) { attributes.insert(.needsEscaping) }
                locale = chunk.locales.number(forUTF8: value)
            }
        }
        if let text = lineParser.text(.accountURL, in: bytes), !text.isPlain {
            text.withDecoded(scratch: &scratch) { value in
                if Self.mayNeedEscaping(value) && TerminalSafety.needsEscaping(String(decoding: value, as: UTF8.self)) {
                    attributes.insert(.needsEscaping)
                }
            }
        }
        chunk.columns.lineOffsets.append(line.offset)
        chunk.columns.lineLengths.append(UInt32(line.bytes.count))
        chunk.columns.lineNumbers.append(UInt32(line.number))
        chunk.columns.submittedAt.append(mapping?.apply(submittedAt) ?? submittedAt)
        chunk.columns.countries.append(country.packed)
        chunk.columns.attributes.append(attributes)
        chunk.columns.platforms.append(platform)
        chunk.columns.locales.append(locale)
        chunk.columns.requesters.append(requester)
    }

    /// Cheap pre-check: only control bytes, DEL and non-ASCII can need escaping.
    private static func mayNeedEscaping(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte < 0x20 || byte >= 0x7F { return true }
        return false
    }
}
