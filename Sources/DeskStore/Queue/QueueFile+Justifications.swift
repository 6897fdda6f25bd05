#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension QueueFile {
    /// The justifications of `rows`, read back from the file on every core.
    ///
    /// For listings of thousands of rows (a cluster's representative each): the lines were
    /// validated when loaded, so only the field is found (`QuickFieldScan`) after checking the
    /// row's id; a line that does not read back that way goes through `submission(at:)`, which
    /// parses it fully and reports a file that changed.
    package func justifications(ofRows rows: [Int]) throws -> [String] {
        var texts = [String?](repeating: nil, count: rows.count)
        texts.withUnsafeMutableBufferPointer { buffer in
            let slots = SendablePointer(buffer)
            forEachJustification(ofRows: rows) { _, index, text in
                slots.buffer[index] = text.map { String(decoding: $0, as: UTF8.self) }
            }
        }
        return try texts.enumerated().map { index, text in try text ?? submission(at: rows[index]).justification }
    }

    /// Calls `body` with each of `rows` by its position in `rows`, and its justification's bytes
    /// (unescaped; valid only during the call, and UTF-8 unless the file changed since the load,
    /// which `body` must allow for), or nil when its line does not read back as it was loaded
    /// (`submission(at:)` then parses it and reports a changed file). Runs on every core
    /// in `pieces` runs of consecutive positions, each on one thread (`body` gets its number), so
    /// a caller can build each piece's output without building a String per row.
    package func forEachJustification(ofRows rows: [Int], pieces: Int = ProcessInfoCores.count * 8,
                                      _ body: @Sendable (_ piece: Int, _ index: Int, _ text: UnsafeBufferPointer<UInt8>?) -> Void) {
        let table = self.table
        let descriptor = self.descriptor
        let pieces = max(1, min(rows.count, pieces))
        runConcurrently(pieces, parallelism: ProcessInfoCores.count) { piece in
            var line: [UInt8] = []
            var decoded: [UInt8] = []
            for index in (rows.count * piece / pieces)..<(rows.count * (piece + 1) / pieces) {
                Self.withQuickJustification(ofRow: rows[index], table: table, descriptor: descriptor, line: &line, decoded: &decoded) {
                    body(piece, index, $0)
                }
            }
        }
    }

    private static func withQuickJustification(ofRow row: Int, table: SubmissionTable, descriptor: Int32,
                                               line: inout [UInt8], decoded: inout [UInt8],
                                               _ body: (UnsafeBufferPointer<UInt8>?) -> Void) {
        let length = Int(table.columns.lineLengths[row])
        let offset = table.columns.lineOffsets[row]
        if line.count < length { line = [UInt8](repeating: 0, count: length) }
        let got = line.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, length, off_t(offset)) }
        guard got == length else { return body(nil) }
        line.withUnsafeBytes { buffer in
            var bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<length])
            if offset == 0 && LineReader.hasByteOrderMark(bytes) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
            guard let scan = QuickFieldScan.scan(bytes), let justification = scan.justification,
                  scan.holds(row: row, of: table, in: bytes) else { return body(nil) }
            justification.withBytes(in: bytes, scratch: &decoded) { body($0.assumingMemoryBound(to: UInt8.self)) }
        }
    }
}
