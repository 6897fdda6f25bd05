/// Checks on the bytes between a JSON string's quotes.
package enum JSONStringContent {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether `bytes` are a valid JSON string's content, which `JSONStringDecoder` may decode:
    /// valid UTF-8 (as `JSONCursor` accepts it), no quote or control byte, and only whole escapes
    /// (`\uD83D` followed by its low half). Eight plain ASCII bytes at a time: it runs on
    /// justifications read back from the queue file.
    package static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                // A byte below 0x20, equal to 0x22 or 0x5C, or from 0x80 up sets its high bit.
                let below = (word &- ones &* 0x20) & ~word
                let quote = ((word ^ (ones &* 0x22)) &- ones) & ~(word ^ (ones &* 0x22))
                let backslash = ((word ^ (ones &* 0x5C)) &- ones) & ~(word ^ (ones &* 0x5C))
                if (below | quote | backslash | word) & highs == 0 {
                    index += 8
                    continue
                }
            }
            let lead = base[index]
            if lead < 0x80 {
                if lead < 0x20 || lead == 0x22 { return false }
                if lead == 0x5C {
                    guard let length = escapeLength(base, count, at: index) else { return false }
                    index += length
                    continue
                }
                index += 1
                continue
            }
            guard let length = sequenceLength(base, count, at: index) else { return false }
            index += length
        }
        return true
    }

    /// The length of the UTF-8 sequence whose first byte (from 0x80 up) is at `index`, or nil
    /// when it is not a whole, valid one (as `JSONCursor` accepts them).
    @inline(__always)
    package static func sequenceLength(_ base: UnsafePointer<UInt8>, _ count: Int, at index: Int) -> Int? {
        guard let (length, secondLow, secondHigh) = UTF8Lead.shape(base[index]) else { return nil }
        guard index + length <= count, base[index + 1] >= secondLow, base[index + 1] <= secondHigh else { return nil }
        for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// The length of the escape at `index` (a backslash), or nil when it is not a whole one.
    package static func escapeLength(_ base: UnsafePointer<UInt8>, _ count: Int, at index: Int) -> Int? {
        guard index + 1 < count else { return nil }
        switch base[index + 1] {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: return 2  // " \ / b f n r t
        case 0x75:  // u
            guard let high = hex4(base, count, at: index + 2) else { return nil }
            if high >= 0xDC00 && high <= 0xDFFF { return nil }
            guard high >= 0xD800 && high <= 0xDBFF else { return 6 }
            guard index + 7 < count, base[index + 6] == 0x5C, base[index + 7] == 0x75,
                  let low = hex4(base, count, at: index + 8), low >= 0xDC00 && low <= 0xDFFF else { return nil }
            return 12
        default: return nil
        }
    }

    private static func hex4(_ base: UnsafePointer<UInt8>, _ count: Int, at index: Int) -> UInt32? {
        guard index + 4 <= count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = base[index + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
