#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the raw characters of a JSON string (as located by `JSONLineScanner`) into UTF-8.
///
/// The scanner has already validated the escapes and the UTF-8, so decoding cannot fail.
package enum JSONStringDecoder {
    /// Appends the decoded value of `raw` (the bytes between the quotes) to `output`.
    package static func decode(_ raw: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        guard let base = raw.baseAddress else { return }
        var index = 0
        let count = raw.count
        while index < count {
            // Copy the run up to the next backslash in one go.
            guard let backslash = memchr(base + index, 0x5C, count - index) else {
                output.append(contentsOf: UnsafeRawBufferPointer(start: base + index, count: count - index))
                return
            }
            let runEnd = base.distance(to: UnsafeRawPointer(backslash))
            if runEnd > index { output.append(contentsOf: UnsafeRawBufferPointer(start: base + index, count: runEnd - index)) }
            index = runEnd
            let kind = raw[index + 1]
            index += 2
            switch kind {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(hex4(raw, at: index))
                index += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    let low = UInt32(hex4(raw, at: index + 2))
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                appendUTF8(scalar, to: &output)
            default: output.append(kind)  // \" \\ \/
            }
        }
    }

    /// The decoded value as a String, copying only when the value contains escapes.
    package static func string(_ raw: UnsafeRawBufferPointer, isEscaped: Bool) -> String {
        guard isEscaped else { return String(decoding: raw, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        decode(raw, appendingTo: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex4(_ raw: UnsafeRawBufferPointer, at index: Int) -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 {
            value = value << 4 | UInt16(JSONLineScannerHex.value(raw[index + offset]))
        }
        return value
    }

    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

enum JSONLineScannerHex {
    static func value(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: byte - UInt8(ascii: "A") + 10
        }
    }
}
