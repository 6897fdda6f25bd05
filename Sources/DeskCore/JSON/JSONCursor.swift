/// A read position in one line. All bounds checks go through `peek`, which yields 0 past the end
/// (0 is never valid where it is tested, so the end needs no separate branch in hot loops).
struct JSONCursor {
    let base: UnsafePointer<UInt8>
    let end: Int
    var position = 0

    var atEnd: Bool { position >= end }
    var peek: UInt8 { position < end ? base[position] : 0 }

    func error(_ message: String) -> JSONScanError { JSONScanError(offset: position, message: message) }

    func describePeek() -> String {
        guard position < end else { return "end of line" }
        let byte = base[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func skipWhitespace() {
        while position < end {
            switch base[position] {
            case 0x20, 0x09, 0x0D, 0x0A: position += 1
            default: return
            }
        }
    }

    mutating func scanValue(into member: inout JSONMember, depth: Int) throws(JSONScanError) {
        let start = position
        switch peek {
        case UInt8(ascii: "\""):
            let string = try scanString()
            member.kind = .string
            member.valueStart = string.start
            member.valueEnd = string.end
            member.valueIsEscaped = string.escaped
            member.valueIsPlain = string.plain
            member.valueIsTerminalSafe = string.safe
            return
        case UInt8(ascii: "{"):
            try skipContainer(closing: UInt8(ascii: "}"), depth: depth)
            member.kind = .object
        case UInt8(ascii: "["):
            try skipContainer(closing: UInt8(ascii: "]"), depth: depth)
            member.kind = .array
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            member.kind = .bool
            member.boolValue = true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            member.kind = .bool
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            member.kind = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
            member.kind = .number
        default:
            throw error(atEnd ? "missing value (line ends early)" : "expected a value, found \(describePeek())")
        }
        member.valueStart = start
        member.valueEnd = position
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONScanError) {
        let start = position
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in bytes {
            guard peek == byte else {
                position = start
                throw error("invalid literal (expected \(literal))")
            }
            position += 1
        }
    }

    private mutating func scanNumber() throws(JSONScanError) {
        let start = position
        if peek == UInt8(ascii: "-") { position += 1 }
        if peek == UInt8(ascii: "0") {
            position += 1
        } else if isDigit(peek) {
            while isDigit(peek) { position += 1 }
        } else {
            throw JSONScanError(offset: start, message: "invalid number")
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard isDigit(peek) else { throw JSONScanError(offset: start, message: "invalid number (digits expected after '.')") }
            while isDigit(peek) { position += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard isDigit(peek) else { throw JSONScanError(offset: start, message: "invalid number (digits expected in exponent)") }
            while isDigit(peek) { position += 1 }
        }
        if isDigit(peek) { throw JSONScanError(offset: start, message: "invalid number (leading zero)") }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func skipContainer(closing: UInt8, depth: Int) throws(JSONScanError) {
        guard depth < JSONLineScanner.maximumDepth else {
            throw error("nesting deeper than \(JSONLineScanner.maximumDepth) levels")
        }
        position += 1
        skipWhitespace()
        if peek == closing {
            position += 1
            return
        }
        var scratch = JSONMember(keyStart: 0, keyEnd: 0, keyIsEscaped: false, kind: .null, valueStart: 0, valueEnd: 0, valueIsEscaped: false, boolValue: false)
        while true {
            if closing == UInt8(ascii: "}") {
                guard peek == UInt8(ascii: "\"") else { throw error("expected a quoted member name, found \(describePeek())") }
                _ = try scanString()
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { throw error("expected ':' after member name") }
                position += 1
                skipWhitespace()
            }
            try scanValue(into: &scratch, depth: depth + 1)
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                continue
            }
            guard peek == closing else {
                throw error(atEnd ? "unterminated \(closing == UInt8(ascii: "}") ? "object" : "array") (line ends early)" : "expected ',' or '\(Character(Unicode.Scalar(closing)))', found \(describePeek())")
            }
            position += 1
            return
        }
    }

    /// Scans a string starting at its opening quote; returns the range between the quotes, and
    /// whether the bytes are all printable ASCII without escapes (`plain`: nothing in them can
    /// need decoding or escaping for a terminal, so readers need not look at them again).
    ///
    /// `safe`: nothing in the decoded text needs escaping for a terminal — ASCII without DEL, and
    /// escapes only for `"`, `\`, `/`, a line feed or a tab (a `\u`, `\b`, `\f` or `\r`
    /// might), so the load need not scan it again (`SearchFolder.needsEscaping`).
    mutating func scanString() throws(JSONScanError) -> (start: Int, end: Int, escaped: Bool, plain: Bool, safe: Bool) {
        let opening = position
        position += 1
        let start = position
        var escaped = false
        var unusual = false
        var riskyEscape = false
        while true {
            position = Self.skipPlain(base, from: position, end: end, sawNonASCII: &unusual)
            guard position < end else {
                throw JSONScanError(offset: opening, message: "unterminated string")
            }
            let byte = base[position]
            if byte == UInt8(ascii: "\"") {
                let result = (start, position, escaped, !(escaped || unusual), !(unusual || riskyEscape))
                position += 1
                return result
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
                if position + 1 < end {
                    let kind = base[position + 1]
                    if kind == UInt8(ascii: "u") || kind == UInt8(ascii: "r") || kind == UInt8(ascii: "b") || kind == UInt8(ascii: "f") {
                        riskyEscape = true
                    }
                }
                try scanEscape()
            } else if byte < 0x20 {
                throw error("raw control character 0x\(String(byte, radix: 16, uppercase: true)) in string (must be escaped)")
            } else if byte < 0x7F {
                position += 1
            } else if byte == 0x7F {
                unusual = true
                position += 1
            } else {
                unusual = true
                try scanUTF8Sequence()
            }
        }
    }

    /// The first byte at or after `start` that is a quote, a backslash, a control byte, DEL or
    /// non-ASCII outside a whole two-byte UTF-8 sequence, or a position within the last 7 bytes;
    /// `sawNonASCII` is set when it stepped over a two-byte sequence. Sixteen bytes per step while
    /// none needs attention (one branch per two words); the lowest flagged byte is exact (a borrow
    /// only carries upwards from a flagged byte), so it jumps straight to it. Two-byte sequences
    /// (accented Latin, Greek, Cyrillic) are stepped over too: stopping at each one was most of
    /// scanning text with an accent every few words. A local position and wrapping arithmetic
    /// keep the loop in registers without overflow checks.
    @inline(__always)
    private static func skipPlain(_ base: UnsafePointer<UInt8>, from start: Int, end: Int, sawNonASCII: inout Bool) -> Int {
        let raw = UnsafeRawPointer(base)
        let highs: UInt64 = 0x8080_8080_8080_8080
        var position = start
        var high: UInt64 = 0
        defer { if high != 0 { sawNonASCII = true } }
        while position &+ 16 <= end {
            let firstWord = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            let secondWord = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position &+ 8, as: UInt64.self))
            let first = attention(firstWord)
            let second = attention(secondWord)
            if first | second != 0 {
                let stop = first != 0 ? first.trailingZeroBitCount >> 3 : 8 &+ (second.trailingZeroBitCount >> 3)
                high |= stop >= 8 ? (firstWord | (secondWord & below(stop &- 8))) & highs : firstWord & below(stop) & highs
                return position &+ stop
            }
            high |= (firstWord | secondWord) & highs
            position &+= 16
        }
        if position &+ 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            let flags = attention(word)
            if flags != 0 {
                let stop = flags.trailingZeroBitCount >> 3
                high |= word & below(stop) & highs
                return position &+ stop
            }
            high |= word & highs
            position &+= 8
        }
        return position
    }

    /// The bytes of a word below byte `count` (0...7).
    @inline(__always)
    private static func below(_ count: Int) -> UInt64 { (1 << UInt64(count &* 8)) &- 1 }

    /// The high bit of each byte of `word` (little-endian) that is a quote, a backslash, a control
    /// byte, DEL, or non-ASCII but not part of a two-byte UTF-8 sequence whose lead (0xC2–0xDF)
    /// and continuation are both in the word; bytes above the lowest flagged one may be flagged
    /// wrongly.
    @inline(__always)
    private static func attention(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let quote = hasZeroByte(word ^ (ones &* 0x22))
        let backslash = hasZeroByte(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & highs
        let delete = hasZeroByte(word ^ (ones &* 0x7F))
        let high = word & highs
        let bit6 = (word << 1) & highs
        let bit5 = (word << 2) & highs
        let continuation = high & ~bit6
        // 110xxxxx with bits 1–4 not all clear (0xC0 and 0xC1 would be overlong).
        let notOverlong = ((word & (ones &* 0x1E)) &+ ones &* 0x7F) & highs
        let lead = high & bit6 & ~bit5 & notOverlong
        let paired = lead & (continuation >> 8)
        let strayHigh = high & ~(paired | paired << 8)
        return quote | backslash | control | delete | strayHigh
    }

    private mutating func scanEscape() throws(JSONScanError) {
        let start = position
        position += 1
        switch peek {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 1
        case UInt8(ascii: "u"):
            position += 1
            let unit = try scanHex4(escapeStart: start)
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard peek == UInt8(ascii: "\\"), position + 1 < end, base[position + 1] == UInt8(ascii: "u") else {
                    throw JSONScanError(offset: start, message: "lone high surrogate \\u\(hex4(unit)) (not followed by a low surrogate)")
                }
                let lowStart = position
                position += 2
                let low = try scanHex4(escapeStart: lowStart)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw JSONScanError(offset: start, message: "high surrogate \\u\(hex4(unit)) followed by \\u\(hex4(low)), not a low surrogate")
                }
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw JSONScanError(offset: start, message: "lone low surrogate \\u\(hex4(unit))")
            }
        default:
            throw JSONScanError(offset: start, message: atEnd ? "unterminated escape" : "invalid escape \\\(describePeek())")
        }
    }

    private func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    private mutating func scanHex4(escapeStart: Int) throws(JSONScanError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard isHexDigit(peek) else {
                throw JSONScanError(offset: escapeStart, message: "invalid \\u escape (four hex digits expected)")
            }
            value = value << 4 | UInt16(JSONLineScannerHex.value(peek))
            position += 1
        }
        return value
    }

    private func isHexDigit(_ byte: UInt8) -> Bool {
        (byte &- UInt8(ascii: "0")) < 10 || ((byte | 0x20) &- UInt8(ascii: "a")) < 6
    }

    /// Validates one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
    private mutating func scanUTF8Sequence() throws(JSONScanError) {
        let lead = base[position]
        guard let (length, secondLow, secondHigh) = UTF8Lead.shape(lead) else {
            throw error("invalid UTF-8 (byte 0x\(String(lead, radix: 16, uppercase: true)))")
        }
        guard position + length <= end else { throw error("invalid UTF-8 (truncated sequence)") }
        let second = base[position + 1]
        guard second >= secondLow && second <= secondHigh else { throw error("invalid UTF-8 sequence") }
        for index in 2..<length where base[position + index] & 0xC0 != 0x80 {
            throw error("invalid UTF-8 sequence")
        }
        position += length
    }
}
