/// The JSON type of one object member's value.
package enum JSONValueKind: UInt8, Sendable {
    case string, number, bool, null, object, array

    package var name: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        case .object: "object"
        case .array: "array"
        }
    }
}

/// One member of a scanned object: where its key and value sit in the line.
///
/// For strings the range covers the characters between the quotes, still escaped; `isEscaped`
/// says whether decoding is needed at all (rare), so the common case costs no copy.
package struct JSONMember: Sendable {
    package var keyStart: Int
    package var keyEnd: Int
    package var keyIsEscaped: Bool
    package var kind: JSONValueKind
    package var valueStart: Int
    package var valueEnd: Int
    package var valueIsEscaped: Bool
    /// A string of printable ASCII only, without escapes.
    package var valueIsPlain = false
    /// A string whose decoded text needs no escaping on a terminal (`JSONCursor.scanString`).
    package var valueIsTerminalSafe = false
    package var boolValue: Bool
}

/// Why a line is not one valid JSON object, and the byte offset within the line where it went wrong.
package struct JSONScanError: Error, Equatable, Sendable {
    package var offset: Int
    package var message: String
}

/// Takes the top-level members of an object as `JSONLineScanner.scan` finds them.
///
/// A protocol rather than a closure so that the scan is specialised for each sink: the load path
/// (`RecordLineParser`) stores known fields as they come instead of collecting every member first.
package protocol JSONMemberSink {
    /// Called at each member's opening quote (`key` points just after it, `available` bytes
    /// remain): the length of the key there when the sink recognises it without a scan, else 0.
    /// A recognised key must be followed by its closing quote and contain only printable ASCII
    /// other than `"` and `\`, so that scanning it could not have read it differently.
    mutating func recognizeKey(_ key: UnsafePointer<UInt8>, available: Int) -> Int
    /// One member, its value validated; `line` is the line's first byte.
    mutating func take(_ member: JSONMember, line: UnsafePointer<UInt8>)
}

/// Validates one line as a single JSON object (RFC 8259) and records its top-level members.
///
/// Hand-written because it is the load path's hot loop: a million lines must be checked in well
/// under a second, which JSONDecoder (6.6 s measured) cannot do. It still validates everything —
/// UTF-8, escapes, surrogate pairs, numbers, nesting — so what it accepts is exactly JSON.
package struct JSONLineScanner: Sendable {
    /// Members of the last scanned object, in order. Reused between lines to avoid allocation.
    package private(set) var members: [JSONMember] = []
    /// Deeper nesting than this is refused rather than risking the stack on hostile input.
    package static let maximumDepth = 64

    package init() {}

    package mutating func scanObject(_ line: UnsafeRawBufferPointer) throws(JSONScanError) {
        members.removeAll(keepingCapacity: true)
        var list = MemberList(members: members)
        members = []
        defer { members = list.members }
        try Self.scan(line, into: &list)
    }

    /// Validates `line` as one JSON object, handing each top-level member to `sink` in order.
    /// Nothing is thrown for what the sink thinks of the members: a syntax error anywhere wins.
    package static func scan<Sink: JSONMemberSink>(_ line: UnsafeRawBufferPointer, into sink: inout Sink) throws(JSONScanError) {
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self), line.count > 0 else {
            throw JSONScanError(offset: 0, message: "empty line is not a JSON object")
        }
        var cursor = JSONCursor(base: base, end: line.count)
        cursor.skipWhitespace()
        guard cursor.peek == UInt8(ascii: "{") else {
            throw cursor.error(cursor.atEnd ? "expected a JSON object" : "expected a JSON object, found \(cursor.describePeek())")
        }
        cursor.position += 1
        cursor.skipWhitespace()
        if cursor.peek == UInt8(ascii: "}") {
            cursor.position += 1
        } else {
            while true {
                guard cursor.peek == UInt8(ascii: "\"") else {
                    throw cursor.error("expected a quoted member name, found \(cursor.describePeek())")
                }
                let keyStart = cursor.position + 1
                let known = sink.recognizeKey(base + keyStart, available: cursor.end - keyStart)
                let key: (start: Int, end: Int, escaped: Bool, plain: Bool, safe: Bool)
                if known > 0 {
                    key = (keyStart, keyStart + known, false, true, true)
                    cursor.position = keyStart + known + 1
                } else {
                    key = try cursor.scanString()
                }
                cursor.skipWhitespace()
                guard cursor.peek == UInt8(ascii: ":") else { throw cursor.error("expected ':' after member name") }
                cursor.position += 1
                cursor.skipWhitespace()
                var member = JSONMember(
                    keyStart: key.start, keyEnd: key.end, keyIsEscaped: key.escaped,
                    kind: .null, valueStart: cursor.position, valueEnd: cursor.position,
                    valueIsEscaped: false, boolValue: false)
                try cursor.scanValue(into: &member, depth: 1)
                sink.take(member, line: base)
                cursor.skipWhitespace()
                if cursor.peek == UInt8(ascii: ",") {
                    cursor.position += 1
                    cursor.skipWhitespace()
                    continue
                }
                guard cursor.peek == UInt8(ascii: "}") else {
                    throw cursor.error(cursor.atEnd ? "unterminated object (line ends early)" : "expected ',' or '}', found \(cursor.describePeek())")
                }
                cursor.position += 1
                break
            }
        }
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw cursor.error("unexpected \(cursor.describePeek()) after the object") }
    }
}

/// Collects every member (the scanner's own list).
private struct MemberList: JSONMemberSink {
    var members: [JSONMember]

    func recognizeKey(_ key: UnsafePointer<UInt8>, available: Int) -> Int { 0 }
    mutating func take(_ member: JSONMember, line: UnsafePointer<UInt8>) { members.append(member) }
}
