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

/// A string field's bytes between the quotes, still escaped when `isEscaped`.
package struct FieldText {
    package var raw: UnsafeRawBufferPointer
    package var isEscaped: Bool
    /// Printable ASCII only and no escapes: nothing to decode, nothing a terminal needs escaped.
    package var isPlain: Bool
    /// Nothing in the decoded text needs escaping on a terminal (ASCII, harmless escapes only).
    package var isTerminalSafe = false

    /// Calls `body` with the decoded bytes, decoding into `scratch` only when there are escapes.
    package func withDecoded<Result>(scratch: inout [UInt8], _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        guard isEscaped else { return body(raw) }
        scratch.removeAll(keepingCapacity: true)
        JSONStringDecoder.decode(raw, appendingTo: &scratch)
        return scratch.withUnsafeBytes(body)
    }
}

/// Validates one JSON line and locates its known fields without copying them.
///
/// The load path asks for raw byte ranges (no String per field); String accessors serve the few
/// records that are shown or exported. Unknown fields are ignored; a known field given twice is
/// refused, since readers disagree on which duplicate wins.
package struct RecordLineParser<Field: RecordField> {
    private let table = RecordKeyTable(names: Field.allCases.map(\.key), expectations: Field.allCases.map(\.expectation))
    /// Per field (in `Field.allCases` order) where its value sits; valid where `present` has its bit.
    private var values = [FieldValue](repeating: FieldValue(), count: Field.allCases.count)
    /// Per field, and one more for the line's start: the field that followed it in the last line.
    private var nextField = [Int8](repeating: -1, count: Field.allCases.count + 1)
    /// A bit per field given with a value other than null.
    private var present: UInt64 = 0
    private var scratch: [UInt8] = []
    private var secondScratch: [UInt8] = []

    package init() {}

    /// Validates `line`; afterwards the accessors describe it.
    package mutating func locate(_ line: UnsafeRawBufferPointer) throws(LineError) {
        present = 0
        let table = table
        // One exclusive access to each array per line; the sink writes through their pointers.
        let outcome = values.withUnsafeMutableBufferPointer { values in
            nextField.withUnsafeMutableBufferPointer { next in
                var sink = FieldSink(table: table, values: values.baseAddress!, next: next.baseAddress!)
                do throws(JSONScanError) {
                    try JSONLineScanner.scan(line, into: &sink)
                } catch {
                    return Result<FieldSink, JSONScanError>.failure(error)
                }
                return .success(sink)
            }
        }
        let sink: FieldSink
        switch outcome {
        case .failure(let error): throw LineError("invalid JSON at byte \(error.offset + 1): \(error.message)")
        case .success(let found): sink = found
        }
        if sink.duplicate >= 0 { throw LineError("duplicate key \"\(table.names[sink.duplicate])\"") }
        guard sink.kindsAreFine else {
            var present = sink.seen
            try checkKinds(seen: sink.seen, present: &present, in: line)
            self.present = present
            return
        }
        present = sink.seen & ~sink.nulls
    }

    /// Checks each field's kind against its expectation in field order (the first wrong one is
    /// reported), and drops optional fields given as null from `present`.
    private func checkKinds(seen: UInt64, present: inout UInt64, in line: UnsafeRawBufferPointer) throws(LineError) {
        for field in 0..<table.count {
            let bit: UInt64 = 1 << UInt64(field)
            let expectation = table.expectations[field]
            guard seen & bit != 0 else {
                if case .requiredString = expectation { throw LineError("missing required field \"\(table.names[field])\"") }
                continue
            }
            let value = values[field]
            let kind = value.kind
            switch expectation {
            case .requiredString:
                if kind != .string { throw LineError("\"\(table.names[field])\" must be a string, found \(kind.name)") }
            case .optionalString:
                if kind == .null { present &= ~bit } else if kind != .string {
                    throw LineError("\"\(table.names[field])\" must be a string or null, found \(kind.name)")
                }
            case .optionalBool:
                if kind == .null { present &= ~bit } else if kind != .bool {
                    throw LineError("\"\(table.names[field])\" must be true or false, found \(kind.name)")
                }
            case .optionalCount:
                if kind == .null { present &= ~bit } else if kind != .number || Self.count(value, in: line) == nil {
                    throw LineError("\"\(table.names[field])\" must be a whole number, found \(kind == .number ? "another number" : kind.name)")
                }
            }
        }
    }

    private func value(_ field: Field) -> FieldValue? {
        present & (1 << UInt64(field.rawValue)) != 0 ? values[field.rawValue] : nil
    }

    /// A string field's value is the empty string.
    package func isEmpty(_ field: Field) -> Bool {
        guard let value = value(field) else { return true }
        return value.start == value.end
    }

    /// A count field's value (digits only, at most 9 of them), or nil when absent, null or not one.
    package func count(_ field: Field, in line: UnsafeRawBufferPointer) -> Int? {
        value(field).flatMap { Self.count($0, in: line) }
    }

    private static func count(_ value: FieldValue, in line: UnsafeRawBufferPointer) -> Int? {
        guard value.end > value.start, value.end - value.start <= 9 else { return nil }
        var result = 0
        for byte in line[value.start..<value.end] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            result = result * 10 + Int(byte - 0x30)
        }
        return result
    }

    /// A bool field's value, or nil when absent or null.
    package func bool(_ field: Field) -> Bool? { value(field)?.bool }

    /// A string field as written in `line` (nil when absent): what the load path reads, without
    /// a closure per field.
    package func text(_ field: Field, in line: UnsafeRawBufferPointer) -> FieldText? {
        guard let value = value(field) else { return nil }
        return FieldText(raw: UnsafeRawBufferPointer(rebasing: line[value.start..<value.end]),
                         isEscaped: value.isEscaped, isPlain: value.isPlain, isTerminalSafe: value.isTerminalSafe)
    }

    /// Calls `body` with the decoded UTF-8 of a string field (nil when absent).
    package mutating func withString<Result>(
        _ field: Field, in line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result? {
        guard let value = value(field) else { return nil }
        let raw = UnsafeRawBufferPointer(rebasing: line[value.start..<value.end])
        guard value.isEscaped else { return body(raw) }
        scratch.removeAll(keepingCapacity: true)
        JSONStringDecoder.decode(raw, appendingTo: &scratch)
        return scratch.withUnsafeBytes(body)
    }

    /// Calls `body` with two string fields decoded at once (both must be present).
    package mutating func withStrings<Result>(
        _ first: Field, _ second: Field, in line: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Result
    ) -> Result {
        let firstValue = value(first)!
        let secondValue = value(second)!
        let rawFirst = UnsafeRawBufferPointer(rebasing: line[firstValue.start..<firstValue.end])
        let rawSecond = UnsafeRawBufferPointer(rebasing: line[secondValue.start..<secondValue.end])
        if firstValue.isEscaped {
            scratch.removeAll(keepingCapacity: true)
            JSONStringDecoder.decode(rawFirst, appendingTo: &scratch)
        }
        if secondValue.isEscaped {
            secondScratch.removeAll(keepingCapacity: true)
            JSONStringDecoder.decode(rawSecond, appendingTo: &secondScratch)
        }
        return scratch.withUnsafeBytes { decodedFirst in
            secondScratch.withUnsafeBytes { decodedSecond in
                body(firstValue.isEscaped ? decodedFirst : rawFirst,
                     secondValue.isEscaped ? decodedSecond : rawSecond)
            }
        }
    }

    package func string(_ field: Field, in line: UnsafeRawBufferPointer) -> String? {
        guard let value = value(field) else { return nil }
        return JSONStringDecoder.string(
            UnsafeRawBufferPointer(rebasing: line[value.start..<value.end]), isEscaped: value.isEscaped)
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
