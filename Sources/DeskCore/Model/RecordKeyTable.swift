/// The known keys of one kind of record, laid out for the load path's key lookup.
///
/// Raw memory, written once in `init` and only read afterwards (hence `@unchecked Sendable`):
/// the lookup runs for every member of every line, and arrays there cost a bounds check and a
/// retain per access, which measured as much as the scanning itself.
final class RecordKeyTable: @unchecked Sendable {
    let count: Int
    let names: [String]
    /// Every key's bytes, one after another, at `starts[field]` with `lengths[field]` bytes.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int>
    private let lengths: UnsafeMutablePointer<Int>
    /// The first field whose key has a given length (index: the length), or -1.
    private let byLength: UnsafeMutablePointer<Int8>
    private let longestKey: Int
    /// The next field whose key has the same length as this one's, or -1.
    private let sameLength: UnsafeMutablePointer<Int8>
    /// Keys a line can hold only as plain bytes (printable ASCII, no `"` or `\`): the ones a
    /// sink may recognise without scanning.
    private let plain: UInt64
    let expectations: [FieldExpectation]
    /// Fields by expectation, a bit each, for checking a whole line's kinds at once.
    let required: UInt64
    let optionalStrings: UInt64
    let optionalBools: UInt64
    let optionalCounts: UInt64

    init(names: [String], expectations: [FieldExpectation]) {
        precondition(names.count <= 64 && names.count < Int(Int8.max), "a record has at most 64 known fields")
        count = names.count
        self.names = names
        self.expectations = expectations
        let keys = names.map { Array($0.utf8) }
        let total = keys.reduce(0) { $0 + $1.count }
        longestKey = keys.map(\.count).max() ?? 0
        bytes = .allocate(capacity: max(total, 1))
        starts = .allocate(capacity: max(count, 1))
        lengths = .allocate(capacity: max(count, 1))
        sameLength = .allocate(capacity: max(count, 1))
        byLength = .allocate(capacity: longestKey + 1)
        byLength.initialize(repeating: -1, count: longestKey + 1)
        var offset = 0
        var plain: UInt64 = 0
        var masks: [UInt64] = [0, 0, 0, 0]
        for (field, key) in keys.enumerated() {
            (bytes + offset).initialize(from: key, count: key.count)
            starts[field] = offset
            lengths[field] = key.count
            offset += key.count
            sameLength[field] = -1
            if !key.isEmpty && key.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
                plain |= 1 << UInt64(field)
            }
            switch expectations[field] {
            case .requiredString: masks[0] |= 1 << UInt64(field)
            case .optionalString: masks[1] |= 1 << UInt64(field)
            case .optionalBool: masks[2] |= 1 << UInt64(field)
            case .optionalCount: masks[3] |= 1 << UInt64(field)
            }
        }
        self.plain = plain
        required = masks[0]
        optionalStrings = masks[1]
        optionalBools = masks[2]
        optionalCounts = masks[3]
        // Chain fields of equal key length in declaration order, so the lookup keeps that order.
        for field in (0..<count).reversed() {
            sameLength[field] = byLength[lengths[field]]
            byLength[lengths[field]] = Int8(field)
        }
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        lengths.deallocate()
        sameLength.deallocate()
        byLength.deallocate()
    }

    /// The field named by `length` bytes at `name`, or -1.
    @inline(__always)
    func field(named name: UnsafePointer<UInt8>, length: Int) -> Int {
        guard length <= longestKey else { return -1 }
        var field = Int(byLength[length])
        while field >= 0 {
            if Self.equal(name, bytes + starts[field], length) { return field }
            field = Int(sameLength[field])
        }
        return -1
    }

    /// The length of `field`'s key when the `available` bytes at `name` begin with it and a
    /// closing quote; else 0.
    @inline(__always)
    func matches(_ field: Int, at name: UnsafePointer<UInt8>, available: Int) -> Int {
        guard plain & (1 << UInt64(field)) != 0 else { return 0 }
        let length = lengths[field]
        guard available > length, name[length] == UInt8(ascii: "\""),
              Self.equal(name, bytes + starts[field], length) else { return 0 }
        return length
    }

    /// Byte equality of two short runs by (overlapping) word loads: keys are a few bytes long,
    /// where calling memcmp costs more than comparing.
    @inline(__always)
    private static func equal(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let a = UnsafeRawPointer(left)
        let b = UnsafeRawPointer(right)
        switch count {
        case 8...16:
            return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        case 4..<8:
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        case 2..<4:
            return a.loadUnaligned(as: UInt16.self) == b.loadUnaligned(as: UInt16.self)
                && a.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self) == b.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)
        case 1:
            return left[0] == right[0]
        case 0:
            return true
        default:
            for index in 0..<count where left[index] != right[index] { return false }
            return true
        }
    }
}

/// Where one known field's value sits in the line (the key is no longer needed).
struct FieldValue {
    var start = 0
    var end = 0
    var kind = JSONValueKind.null
    var isEscaped = false
    /// Printable ASCII only, without escapes (`JSONMember.valueIsPlain`).
    var isPlain = false
    /// Nothing in the decoded text needs escaping (`JSONMember.valueIsTerminalSafe`).
    var isTerminalSafe = false
    var bool = false
}

/// Stores a line's known fields as the scanner finds them (`RecordLineParser.locate`).
///
/// It expects each line's keys in the order of the line before (`next`, learned per field), and
/// compares the key bytes in place: a match skips scanning the key and looking it up; anything
/// else (another order, an absent, unknown, escaped or repeated key) takes the general path.
struct FieldSink: JSONMemberSink {
    let table: RecordKeyTable
    /// Per field: its value, valid where `seen` has its bit.
    let values: UnsafeMutablePointer<FieldValue>
    /// Per field, and at `table.count` for the start: the field that followed it last time.
    let next: UnsafeMutablePointer<Int8>
    var seen: UInt64 = 0
    /// Fields seen with a string, null or boolean value.
    var strings: UInt64 = 0
    var nulls: UInt64 = 0
    var bools: UInt64 = 0
    /// The first field given twice, or -1.
    var duplicate = -1
    private var previous: Int
    private var recognized = -1

    init(table: RecordKeyTable, values: UnsafeMutablePointer<FieldValue>, next: UnsafeMutablePointer<Int8>) {
        self.table = table
        self.values = values
        self.next = next
        previous = table.count
    }

    @inline(__always)
    mutating func recognizeKey(_ key: UnsafePointer<UInt8>, available: Int) -> Int {
        let expected = Int(next[previous])
        guard expected >= 0 else { return 0 }
        let length = table.matches(expected, at: key, available: available)
        if length > 0 { recognized = expected }
        return length
    }

    @inline(__always)
    mutating func take(_ member: JSONMember, line: UnsafePointer<UInt8>) {
        var field = recognized
        if field >= 0 {
            recognized = -1
        } else {
            field = member.keyIsEscaped
                ? Self.escapedField(line + member.keyStart, count: member.keyEnd - member.keyStart, table: table)
                : table.field(named: line + member.keyStart, length: member.keyEnd - member.keyStart)
            guard field >= 0 else { return }  // unknown fields are ignored
            next[previous] = Int8(field)
        }
        previous = field
        let bit: UInt64 = 1 << UInt64(field)
        guard seen & bit == 0 else {
            if duplicate < 0 { duplicate = field }
            return
        }
        seen |= bit
        switch member.kind {
        case .string: strings |= bit
        case .null: nulls |= bit
        case .bool: bools |= bit
        default: break
        }
        values[field] = FieldValue(start: member.valueStart, end: member.valueEnd, kind: member.kind,
                                   isEscaped: member.valueIsEscaped, isPlain: member.valueIsPlain,
                                   isTerminalSafe: member.valueIsTerminalSafe, bool: member.boolValue)
    }

    /// Whether every field has a kind its expectation allows (then no need to check them one by
    /// one, which is only needed to name the first wrong one, or to read a count's digits).
    var kindsAreFine: Bool {
        seen & table.required == table.required
            && table.required & ~strings == 0
            && table.optionalStrings & seen & ~(strings | nulls) == 0
            && table.optionalBools & seen & ~(bools | nulls) == 0
            && table.optionalCounts & seen & ~nulls == 0
    }

    /// A key written with escapes is compared decoded (rare: only hand-edited lines have them).
    private static func escapedField(_ raw: UnsafePointer<UInt8>, count: Int, table: RecordKeyTable) -> Int {
        var decoded: [UInt8] = []
        JSONStringDecoder.decode(UnsafeRawBufferPointer(start: raw, count: count), appendingTo: &decoded)
        return decoded.withUnsafeBufferPointer { name in
            guard let base = name.baseAddress else { return table.field(named: raw, length: 0) }
            return table.field(named: base, length: name.count)
        }
    }
}
