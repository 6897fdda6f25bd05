#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why one line is not a valid record.
package struct LineError: Error, Equatable, Sendable {
    package var message: String

    package init(_ message: String) { self.message = message }
}

/// What a record requires of one of its fields.
package enum FieldExpectation: Sendable {
    case requiredString
    /// A string, or null / absent.
    case optionalString
    /// true or false, or null / absent.
    case optionalBool
    /// A non-negative integer, or null / absent.
    case optionalCount
}

/// The known fields of one kind of record (submission, decision).
/// Cases are numbered 0..<n in declaration order (an `Int` raw value), which indexes the slots.
package protocol RecordField: CaseIterable, Sendable, RawRepresentable where AllCases == [Self], RawValue == Int {
    var key: String { get }
    var expectation: FieldExpectation { get }
}

/// Validates one JSON line and locates its known fields without copying them.
///
/// The load path asks for raw byte ranges (no String per field); String accessors serve the few
/// records that are shown or exported. Unknown fields are ignored; a known field given twice is
/// refused, since readers disagree on which duplicate wins.
package struct RecordLineParser<Field: RecordField> {
    private static var keys: [[UInt8]] { Field.allCases.map { Array($0.key.utf8) } }
    private let keyBytes: [[UInt8]] = RecordLineParser.keys
    private var scanner = JSONLineScanner()
    /// Member index per field (in `Field.allCases` order), or -1 when absent or null.
    private var slots = [Int](repeating: -1, count: Field.allCases.count)
    private var scratch: [UInt8] = []
    private var secondScratch: [UInt8] = []

    package init() {}

    /// Validates `line`; afterwards the accessors describe it.
    package mutating func locate(_ line: UnsafeRawBufferPointer) throws(LineError) {
        do {
            try scanner.scanObject(line)
        } catch {
            throw LineError("invalid JSON at byte \(error.offset + 1): \(error.message)")
        }
        for index in slots.indices { slots[index] = -1 }
        for (memberIndex, member) in scanner.members.enumerated() {
            guard let slot = slot(forKeyOf: member, in: line) else { continue }
            if slots[slot] >= 0 { throw LineError("duplicate key \"\(Field.allCases[slot].key)\"") }
            slots[slot] = memberIndex
        }
        for (slot, field) in Field.allCases.enumerated() {
            let index = slots[slot]
            guard index >= 0 else {
                if case .requiredString = field.expectation { throw LineError("missing required field \"\(field.key)\"") }
                continue
            }
            let kind = scanner.members[index].kind
            switch field.expectation {
            case .requiredString:
                if kind != .string { throw LineError("\"\(field.key)\" must be a string, found \(kind.name)") }
            case .optionalString:
                if kind == .null { slots[slot] = -1 } else if kind != .string {
                    throw LineError("\"\(field.key)\" must be a string or null, found \(kind.name)")
                }
            case .optionalBool:
                if kind == .null { slots[slot] = -1 } else if kind != .bool {
                    throw LineError("\"\(field.key)\" must be true or false, found \(kind.name)")
                }
            case .optionalCount:
                if kind == .null { slots[slot] = -1 } else if kind != .number || count(field, in: line) == nil {
                    throw LineError("\"\(field.key)\" must be a whole number, found \(kind == .number ? "another number" : kind.name)")
                }
            }
        }
    }

    private func member(_ field: Field) -> JSONMember? {
        let index = slots[field.rawValue]
        return index >= 0 ? scanner.members[index] : nil
    }

    private mutating func slot(forKeyOf member: JSONMember, in line: UnsafeRawBufferPointer) -> Int? {
        let raw = UnsafeRawBufferPointer(rebasing: line[member.keyStart..<member.keyEnd])
        if member.keyIsEscaped {
            scratch.removeAll(keepingCapacity: true)
            JSONStringDecoder.decode(raw, appendingTo: &scratch)
            return scratch.withUnsafeBytes { slot(named: $0) }
        }
        return slot(named: raw)
    }

    private func slot(named name: UnsafeRawBufferPointer) -> Int? {
        for (slot, key) in keyBytes.enumerated()
        where key.count == name.count && key.withUnsafeBytes({ memcmp($0.baseAddress!, name.baseAddress!, key.count) == 0 }) {
            return slot
        }
        return nil
    }

    /// A string field's value is the empty string.
    package func isEmpty(_ field: Field) -> Bool {
        guard let member = member(field) else { return true }
        return member.valueStart == member.valueEnd
    }

    /// A count field's value (digits only, at most 9 of them), or nil when absent, null or not one.
    package func count(_ field: Field, in line: UnsafeRawBufferPointer) -> Int? {
        guard let member = member(field), member.valueEnd > member.valueStart,
              member.valueEnd - member.valueStart <= 9 else { return nil }
        var value = 0
        for byte in line[member.valueStart..<member.valueEnd] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// A bool field's value, or nil when absent or null.
    package func bool(_ field: Field) -> Bool? { member(field)?.boolValue }

    /// Calls `body` with the decoded UTF-8 of a string field (nil when absent).
    package mutating func withString<Result>(
        _ field: Field, in line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result? {
        guard let member = member(field) else { return nil }
        let raw = UnsafeRawBufferPointer(rebasing: line[member.valueStart..<member.valueEnd])
        guard member.valueIsEscaped else { return body(raw) }
        scratch.removeAll(keepingCapacity: true)
        JSONStringDecoder.decode(raw, appendingTo: &scratch)
        return scratch.withUnsafeBytes(body)
    }

    /// Calls `body` with two string fields decoded at once (both must be present).
    package mutating func withStrings<Result>(
        _ first: Field, _ second: Field, in line: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Result
    ) -> Result {
        let firstMember = member(first)!
        let secondMember = member(second)!
        let rawFirst = UnsafeRawBufferPointer(rebasing: line[firstMember.valueStart..<firstMember.valueEnd])
        let rawSecond = UnsafeRawBufferPointer(rebasing: line[secondMember.valueStart..<secondMember.valueEnd])
        if firstMember.valueIsEscaped {
            scratch.removeAll(keepingCapacity: true)
            JSONStringDecoder.decode(rawFirst, appendingTo: &scratch)
        }
        if secondMember.valueIsEscaped {
            secondScratch.removeAll(keepingCapacity: true)
            JSONStringDecoder.decode(rawSecond, appendingTo: &secondScratch)
        }
        return scratch.withUnsafeBytes { decodedFirst in
            secondScratch.withUnsafeBytes { decodedSecond in
                body(firstMember.valueIsEscaped ? decodedFirst : rawFirst,
                     secondMember.valueIsEscaped ? decodedSecond : rawSecond)
            }
        }
    }

    package func string(_ field: Field, in line: UnsafeRawBufferPointer) -> String? {
        guard let member = member(field) else { return nil }
        return JSONStringDecoder.string(
            UnsafeRawBufferPointer(rebasing: line[member.valueStart..<member.valueEnd]), isEscaped: member.valueIsEscaped)
    }

    /// A field's value for an error message: quoted, escaped, and cut to a readable length.
    package func quoted(_ field: Field, in line: UnsafeRawBufferPointer) -> String {
        let value = string(field, in: line) ?? ""
        let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
        return "\"" + TerminalSafety.sanitize(shown).text + "\""
    }
}

extension RecordLineParser {
    /// Runs a throwing parse over a String's bytes (tests and small inputs).
    package static func withBytes<Result>(of text: String, _ body: (UnsafeRawBufferPointer) throws(LineError) -> Result) throws(LineError) -> Result {
        let bytes = Array(text.utf8)
        let outcome = bytes.withUnsafeBytes { raw in Swift.Result { () throws(LineError) in try body(raw) } }
        return try outcome.get()
    }
}
