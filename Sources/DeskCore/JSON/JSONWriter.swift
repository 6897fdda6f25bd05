/// Builds one JSON object as UTF-8 bytes, escaping strings exactly as RFC 8259 requires.
///
/// Hand-written rather than JSONEncoder: records are written field by field in a fixed, documented
/// order so log lines diff and grep well, and bulk decisions serialize 100,000 records at once.
package struct JSONObjectWriter: Sendable {
    package private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var isEmpty = true

    package init() {}

    package mutating func add(_ key: String, _ value: String) {
        beginField(key)
        JSONObjectWriter.appendQuoted(value, to: &bytes)
    }

    package mutating func add(_ key: String, _ value: String?) {
        if let value { add(key, value) } else { addNull(key) }
    }

    package mutating func add(_ key: String, _ value: Bool) {
        beginField(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    package mutating func add(_ key: String, _ value: Int) {
        beginField(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A number already written as JSON number text (such as `Hours.text`), or null.
    package mutating func addNumber(_ key: String, _ literal: String?) {
        guard let literal else { return addNull(key) }
        beginField(key)
        bytes.append(contentsOf: literal.utf8)
    }

    package mutating func addNull(_ key: String) {
        beginField(key)
        bytes.append(contentsOf: "null".utf8)
    }

    /// The finished object, without a trailing newline.
    package mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func beginField(_ key: String) {
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        isEmpty = false
        JSONObjectWriter.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends `value` as a JSON string. Only `"`, `\` and C0 controls must be escaped; DEL, C1 and
    /// bidi characters are kept verbatim because the log records exactly what was submitted.
    package static func appendQuoted(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
