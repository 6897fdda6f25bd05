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
            let (scalar, length) = escape(raw, at: index)
            index += length
            appendUTF8(scalar, to: &output)
        }
    }

    /// The scalar of the escape at `index` (a backslash) of validated `raw`, and its length in bytes.
    @inline(__always)
    package static func escape(_ raw: UnsafeRawBufferPointer, at index: Int) -> (UInt32, Int) {
        switch raw[index + 1] {
        case UInt8(ascii: "b"): return (0x08, 2)
        case UInt8(ascii: "f"): return (0x0C, 2)
        case UInt8(ascii: "n"): return (0x0A, 2)
        case UInt8(ascii: "r"): return (0x0D, 2)
        case UInt8(ascii: "t"): return (0x09, 2)
        case UInt8(ascii: "u"):
            let scalar = UInt32(hex4(raw, at: index + 2))
            guard scalar >= 0xD800 && scalar <= 0xDBFF else { return (scalar, 6) }
            let low = UInt32(hex4(raw, at: index + 8))
            return (0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00), 12)
        case let kind: return (UInt32(kind), 2)  // \" \\ \/
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
