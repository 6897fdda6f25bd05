import DeskCore

/// Helpers that build JSON text directly as bytes, for the synthetic generator's hot loop.
enum JSONBytes {
    /// The JSON string escaping of `text`, without the surrounding quotes.
    static func escaped(_ text: String) -> [UInt8] {
        var quoted: [UInt8] = []
        JSONObjectWriter.appendQuoted(text, to: &quoted)
        return Array(quoted.dropFirst().dropLast())
    }

    /// Like `escaped`, but every non-ASCII character is written as a `\uXXXX` escape (a surrogate
    /// pair above U+FFFF), the way some clients send JSON: "é" becomes `\u00e9`.
    static func unicodeEscaped(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in String(decoding: escaped(text), as: UTF8.self).unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                out.append(UInt8(value))
            } else if value < 0x1_0000 {
                appendUnicodeEscape(UInt16(value), to: &out)
            } else {
                let offset = value - 0x1_0000
                appendUnicodeEscape(UInt16(0xD800 + (offset >> 10)), to: &out)
                appendUnicodeEscape(UInt16(0xDC00 + (offset & 0x3FF)), to: &out)
            }
        }
        return out
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func appendUnicodeEscape(_ unit: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }

    /// `"key":` as bytes, for a key that needs no escaping.
    static func key(_ name: String) -> [UInt8] {
        Array("\"\(name)\":".utf8)
    }

    /// Appends a non-negative integer in decimal, left-padded with zeros to `width` digits.
    static func appendDecimal(_ value: Int, width: Int = 1, to out: inout [UInt8]) {
        precondition(value >= 0, "only non-negative values are written")
        var divisor = 1
        var digitCount = 1
        while divisor <= value / 10 {
            divisor *= 10
            digitCount += 1
        }
        for _ in digitCount..<max(width, digitCount) { out.append(UInt8(ascii: "0")) }
        var remaining = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(remaining / divisor))
            remaining %= divisor
            divisor /= 10
        }
    }
}
