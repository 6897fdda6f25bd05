#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DeskCore

extension QueueFile {
    /// Why `row`'s line as the file holds it now differs from what the table holds; nil when not.
    package func changeSinceRead(_ row: Int, comparingFacts: Bool, text: FoldedText?) -> String? {
        let offset = table.columns.lineOffsets[row]
        let length = Int(table.columns.lineLengths[row])
        // One byte either side: the line must still start and end where it did.
        let start = max(0, offset - 1)
        var bytes = [UInt8](repeating: 0, count: length + 2)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(start)) }
        let lead = Int(offset - start)
        guard got >= lead + length else { return "its line is no longer in the file (it is shorter)" }
        guard lead == 0 || bytes[0] == 0x0A else { return "its line no longer starts where it did" }
        if got > lead + length, ![0x0A, 0x0D].contains(bytes[lead + length]) { return "its line no longer ends where it did" }
        var parser = QueueChunkParser(file: path, foldText: text != nil, mapping: mapping)
        let chunk = bytes.withUnsafeBytes { parser.parse(line: UnsafeRawBufferPointer(rebasing: $0[lead..<(lead + length)]), at: offset) }
        guard chunk.idEnds.count == 1 else {
            return "its line is no longer a valid record (\(chunk.problems.first?.message ?? "blank"))"
        }
        let freshID = chunk.withID(0) { String(decoding: $0, as: UTF8.self) }
        guard freshID == table.id(row) else { return "its line now holds \"\(TerminalSafety.sanitize(freshID).text)\"" }
        guard comparingFacts else { return nil }
        let (old, new) = (table.columns, chunk.columns)
        let same = old.countries[row] == new.countries[0] && old.submittedAt[row] == new.submittedAt[0]
            && old.attributes[row] == new.attributes[0] && old.requesters[row] == new.requesters[0]
            && table.platforms.value(old.platforms[row]) == chunk.platforms.value(new.platforms[0])
            && table.locales.value(old.locales[row]) == chunk.locales.value(new.locales[0])
        guard same else { return "its line now says something else (country, date, verification, platform, locale or email)" }
        if let text {
            let fresh = FoldedText(segments: [chunk.search])
            let sameText = text.withEmail(row) { old in fresh.withEmail(0) { old.elementsEqual($0) } }
                && text.withJustification(row) { old in fresh.withJustification(0) { old.elementsEqual($0) } }
            guard sameText else { return "its email or text changed" }
        }
        return nil
    }
}
