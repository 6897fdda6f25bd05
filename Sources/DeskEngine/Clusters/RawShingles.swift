import DeskCore

extension ShingleYardstick {
    /// The keys `shingles(folded:into:)` gives the folded text of `raw`, a justification as the
    /// queue file holds it (escapes not decoded), in one pass that checks it is a valid JSON
    /// string's content (`JSONStringContent.isValid`), decodes escapes, folds (`SearchFolder`) and
    /// makes windows as it goes. False, with `result` undefined, when it is not valid (the file
    /// changed since it was read), and for the rare text whose foldings expand it beyond the room
    /// made for it: the caller then reads the row's line.
    ///
    /// Hand-written: the yardstick reads a text back for every narrow pass (hundreds of
    /// thousands at a million rows), and decoding, folding into a buffer and decoding that again
    /// before making windows were a quarter of comparing texts; checking the bytes in a pass of
    /// their own before it, 4% of the walk's samples.
    static func shingles(rawContent raw: UnsafeRawBufferPointer, folder: inout SearchFolder, into result: inout [UInt64]) -> Bool {
        result.removeAll(keepingCapacity: true)
        let count = raw.count
        guard count > 0, let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        // A key per folded scalar at most: a raw byte gives at most one, except foldings into
        // several scalars (ligatures, some letters), which use up the slack.
        let slack = 64
        result.append(contentsOf: repeatElement(0, count: count + slack))
        let produced = result.withUnsafeMutableBufferPointer { out -> Int? in
            var window = ShingleWindow(out: out.baseAddress!)
            var spare = slack
            var index = 0
            while index < count {
                index = window.feedPlain(base, from: index, count: count, stops: .jsonContent)
                guard index < count else { break }
                let byte = base[index]
                let scalar: UInt32
                let scalarStart = index
                if byte == 0x5C {
                    guard JSONStringContent.escapeLength(base, count, at: index) != nil else { return nil }
                    let (escaped, length) = JSONStringDecoder.escape(raw, at: index)
                    index += length
                    if escaped < 0x80 {
                        window.feed(UInt32(foldedASCII(UInt8(escaped))))
                        continue
                    }
                    scalar = escaped
                } else {
                    // A quote or control byte, or no valid UTF-8 sequence: not a string's content.
                    guard byte >= 0x80, JSONStringContent.sequenceLength(base, count, at: index) != nil else { return nil }
                    let (decoded, length) = SearchFolder.decodeScalar(base + index, lead: byte)
                    index += length
                    scalar = decoded
                }
                let folded = folder.foldedScalar(scalar)
                if folded != SearchFolder.severalOrNone {
                    window.feed(folded)
                    continue
                }
                let bytes = folder.foldedBytes(of: scalar)
                // The scalar's own bytes made room for as many keys; more use up the slack.
                let parts = bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
                spare -= max(0, parts - (index - scalarStart))
                guard spare >= 0 else { return nil }
                // Not through a closure: capturing the window kept it in memory all along the loop.
                var offset = 0
                while offset < bytes.count {
                    let (part, length) = Self.decodeScalar(bytes, at: offset)
                    window.feed(part)
                    offset += length
                }
            }
            return window.finish()
        }
        guard let produced else { return false }
        result.removeLast(result.count - produced)
        return true
    }

    private static func decodeScalar(_ bytes: [UInt8], at offset: Int) -> (UInt32, Int) {
        bytes.withUnsafeBufferPointer { SearchFolder.decodeScalar($0.baseAddress! + offset, lead: $0[offset]) }
    }

    /// What `SearchFolder` makes of an ASCII byte: control bytes become a space, capitals small.
    @inline(__always)
    private static func foldedASCII(_ byte: UInt8) -> UInt8 {
        if byte < 0x20 || byte == 0x7F { return 0x20 }
        return byte | (byte &- 0x41 < 26 ? 0x20 : 0)
    }
}
