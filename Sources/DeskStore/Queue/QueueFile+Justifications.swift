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
        let table = self.table
        let descriptor = self.descriptor
        let pieces = min(rows.count, ProcessInfoCores.count * 8)
        texts.withUnsafeMutableBufferPointer { buffer in
            let slots = SendablePointer(buffer)
            runConcurrently(pieces, parallelism: ProcessInfoCores.count) { piece in
                var line: [UInt8] = []
                var decoded: [UInt8] = []
                for index in (rows.count * piece / pieces)..<(rows.count * (piece + 1) / pieces) {
                    slots.buffer[index] = Self.quickJustification(ofRow: rows[index], table: table, descriptor: descriptor,
                                                                  line: &line, decoded: &decoded)
                }
            }
        }
        return try texts.enumerated().map { index, text in try text ?? submission(at: rows[index]).justification }
    }

    private static func quickJustification(ofRow row: Int, table: SubmissionTable, descriptor: Int32,
                                           line: inout [UInt8], decoded: inout [UInt8]) -> String? {
        let length = Int(table.columns.lineLengths[row])
        let offset = table.columns.lineOffsets[row]
        if line.count < length { line = [UInt8](repeating: 0, count: length) }
        let got = line.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, length, off_t(offset)) }
        guard got == length else { return nil }
        return line.withUnsafeBytes { buffer -> String? in
            var bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<length])
            if offset == 0 && LineReader.hasByteOrderMark(bytes) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
            guard let scan = QuickFieldScan.scan(bytes), let justification = scan.justification,
                  scan.holds(row: row, of: table, in: bytes) else { return nil }
            return justification.withBytes(in: bytes, scratch: &decoded) { String(decoding: $0, as: UTF8.self) }
        }
    }
}
