import DeskCore

/// Per-row flags kept in one byte.
package struct RowAttributes: OptionSet, Sendable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `email_verified` was present (true or false).
    package static let verificationKnown = RowAttributes(rawValue: 1)
    package static let emailVerified = RowAttributes(rawValue: 2)
    /// Some field holds characters that are shown escaped (controls, bidi, zero-width...).
    package static let needsEscaping = RowAttributes(rawValue: 4)
    /// The justification has no letter or digit.
    package static let emptyJustification = RowAttributes(rawValue: 8)
    /// The trimmed justification is a single http(s) URL.
    package static let urlOnly = RowAttributes(rawValue: 16)
    /// A label of the email's domain mixes Latin letters with Greek or Cyrillic ones.
    package static let mixedScript = RowAttributes(rawValue: 32)
}

/// The facts about each row that filters and sorts need, one array per fact.
///
/// Column arrays instead of an array of structs: a structured filter reads one or two columns
/// over a million rows, which stays in cache this way. The text itself stays in the file and is
/// read back (`pread`) only for rows on screen or exported.
package struct SubmissionColumns: Sendable {
    package internal(set) var lineOffsets: [Int64] = []
    package internal(set) var lineLengths: [UInt32] = []
    package internal(set) var lineNumbers: [UInt32] = []
    package internal(set) var submittedAt: [Int64] = []
    package internal(set) var countries: [UInt16] = []
    package internal(set) var attributes: [RowAttributes] = []
    /// Index into the table's `platformNames` plus one; 0 when absent.
    package internal(set) var platforms: [UInt16] = []
    /// Index into the table's `localeNames` plus one; 0 when absent.
    package internal(set) var locales: [UInt16] = []
    /// `RequesterKey.hash` of the email: equal for the same requester's spellings.
    package internal(set) var requesters: [UInt64] = []

    package var count: Int { lineOffsets.count }

    mutating func reserve(_ capacity: Int) {
        lineOffsets.reserveCapacity(capacity)
        lineLengths.reserveCapacity(capacity)
        lineNumbers.reserveCapacity(capacity)
        submittedAt.reserveCapacity(capacity)
        countries.reserveCapacity(capacity)
        attributes.reserveCapacity(capacity)
        platforms.reserveCapacity(capacity)
        locales.reserveCapacity(capacity)
        requesters.reserveCapacity(capacity)
    }

    /// Appends `other`'s rows except `skipping` (sorted local indices), mapping interned values.
    mutating func append(_ other: SubmissionColumns, skipping: [Int], platformMap: [UInt16], localeMap: [UInt16]) {
        reserve(count + other.count - skipping.count)
        var skipIndex = 0
        for row in 0..<other.count {
            if skipIndex < skipping.count && skipping[skipIndex] == row {
                skipIndex += 1
                continue
            }
            lineOffsets.append(other.lineOffsets[row])
            lineLengths.append(other.lineLengths[row])
            lineNumbers.append(other.lineNumbers[row])
            submittedAt.append(other.submittedAt[row])
            countries.append(other.countries[row])
            attributes.append(other.attributes[row])
            platforms.append(platformMap[Int(other.platforms[row])])
            locales.append(localeMap[Int(other.locales[row])])
            requesters.append(other.requesters[row])
        }
    }
}

/// Maps the few distinct values of a field (platforms, locales, reviewers) to small numbers.
package struct StringInterner: Sendable {
    package private(set) var values: [String] = []
    private var numbers: [String: UInt16] = [:]
    /// The first few values' bytes and numbers: rows repeat a handful of platforms and locales,
    /// and building and hashing a String for each row was a twentieth of the load.
    private var recent: [(bytes: [UInt8], number: UInt16)] = []

    package init() {}

    /// Interned `values`, numbered in this order; nil when a value repeats or there are too many.
    package init?(values: [String]) {
        guard values.count < Int(UInt16.max) - 1 else { return nil }
        for value in values {
            guard numbers[value] == nil else { return nil }
            numbers[value] = UInt16(numbers.count + 1)
        }
        self.values = values
    }

    /// The value's number plus one (0 is reserved for "absent").
    package mutating func number(for value: String) -> UInt16 {
        if let existing = numbers[value] { return existing }
        precondition(values.count < Int(UInt16.max) - 1, "too many distinct values to intern")
        values.append(value)
        let number = UInt16(values.count)
        numbers[value] = number
        return number
    }

    /// `number(for:)` of the value whose UTF-8 bytes are `bytes`.
    package mutating func number(forUTF8 bytes: UnsafeRawBufferPointer) -> UInt16 {
        for entry in recent where entry.bytes.count == bytes.count {
            if entry.bytes.withUnsafeBytes({ $0.elementsEqual(bytes) }) { return entry.number }
        }
        let number = number(for: String(decoding: bytes, as: UTF8.self))
        if recent.count < 16 { recent.append((Array(bytes), number)) }
        return number
    }

    package func value(_ number: UInt16) -> String? { number == 0 ? nil : values[Int(number) - 1] }
}
