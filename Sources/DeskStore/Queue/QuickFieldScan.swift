#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the `id`, `email` and `justification` string values of a queue line that the load has
/// already validated, without validating it again.
///
/// Hand-written for the first clustering, which reads every line back to fold its justification:
/// the validating scanner (UTF-8, escapes, numbers, duplicate keys) was a tenth of that whole run.
/// It only steps over values; anything unusual (an escaped key, a key seen twice, a field that is
/// not a string, bytes that do not form an object) gives nil and the caller uses the full parser,
/// so a line the load accepted is never read differently.
package struct QuickFieldScan {
    package struct Value {
        package var range: Range<Int>
        package var isEscaped: Bool

        /// The value's bytes in `line`, unescaped into `scratch` when it has escapes.
        package func withBytes<Result>(in line: UnsafeRawBufferPointer, scratch: inout [UInt8],
                               _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
            let raw = UnsafeRawBufferPointer(rebasing: line[range])
            guard isEscaped else { return body(raw) }
            scratch.removeAll(keepingCapacity: true)
            JSONStringDecoder.decode(raw, appendingTo: &scratch)
            return scratch.withUnsafeBytes(body)
        }
    }

    /// Whether the scanned line holds row `row` of `table`: its id is there, unescaped, and equal.
    package func holds(row: Int, of table: SubmissionTable, in line: UnsafeRawBufferPointer) -> Bool {
        guard let id, !id.isEscaped else { return false }
        return table.withID(row) { expected in
            id.range.count == expected.count && (expected.isEmpty || memcmp(line.baseAddress! + id.range.lowerBound, expected.baseAddress!, expected.count) == 0)
        }
    }

    package var id: Value?
    package var email: Value?
    package var justification: Value?

    package static func scan(_ line: UnsafeRawBufferPointer) -> QuickFieldScan? {
        var scan = QuickFieldScan()
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let end = line.count
        var index = skipSpace(base, 0, end)
        guard index < end, base[index] == UInt8(ascii: "{") else { return nil }
        index = skipSpace(base, index + 1, end)
        if index < end, base[index] == UInt8(ascii: "}") { return scan }
        while true {
            guard index < end, base[index] == UInt8(ascii: "\""), let key = string(base, index, end), !key.isEscaped else { return nil }
            index = skipSpace(base, key.range.upperBound + 1, end)
            guard index < end, base[index] == UInt8(ascii: ":") else { return nil }
            index = skipSpace(base, index + 1, end)
            guard index < end else { return nil }
            let field = Self.field(named: UnsafeRawBufferPointer(start: base + key.range.lowerBound, count: key.range.count))
            if base[index] == UInt8(ascii: "\"") {
                guard let value = string(base, index, end) else { return nil }
                switch field {
                case 1: if scan.id != nil { return nil } else { scan.id = value }
                case 2: if scan.email != nil { return nil } else { scan.email = value }
                case 3: if scan.justification != nil { return nil } else { scan.justification = value }
                default: break
                }
                index = value.range.upperBound + 1
            } else {
                guard field == 0, let after = skipOther(base, index, end) else { return nil }
                index = after
            }
            index = skipSpace(base, index, end)
            guard index < end else { return nil }
            if base[index] == UInt8(ascii: "}") { return scan }
            guard base[index] == UInt8(ascii: ",") else { return nil }
            index = skipSpace(base, index + 1, end)
        }
    }

    /// 1 for `id`, 2 for `email`, 3 for `justification`, else 0.
    private static func field(named name: UnsafeRawBufferPointer) -> Int {
        switch name.count {
        case 2: return name.elementsEqual("id".utf8) ? 1 : 0
        case 5: return name.elementsEqual("email".utf8) ? 2 : 0
        case 13: return name.elementsEqual("justification".utf8) ? 3 : 0
        default: return 0
        }
    }

    @inline(__always)
    private static func skipSpace(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end, base[index] == 0x20 || base[index] == 0x09 || base[index] == 0x0D || base[index] == 0x0A { index += 1 }
        return index
    }

    /// The contents of the string whose opening quote is at `start`.
    @inline(__always)
    private static func string(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Value? {
        var index = start + 1
        var escaped = false
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index < end {
            // Eight bytes at a time while none is a quote or a backslash.
            while index + 8 <= end {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                if ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs) != 0 { break }
                index += 8
            }
            guard index < end else { break }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") { return Value(range: (start + 1)..<index, isEscaped: escaped) }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 2
            } else {
                index += 1
            }
        }
        return nil
    }

    /// The index after a number, literal, object or array starting at `start`.
    private static func skipOther(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var index = start
        var depth = 0
        while index < end {
            switch base[index] {
            case UInt8(ascii: "\""):
                guard let value = string(base, index, end) else { return nil }
                index = value.range.upperBound + 1
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return index }
                depth -= 1
                if depth == 0 { return index + 1 }
            case UInt8(ascii: ","):
                if depth == 0 { return index }
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
