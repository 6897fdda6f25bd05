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
        lineOffsets.reserveAmortized(capacity)
        lineLengths.reserveAmortized(capacity)
        lineNumbers.reserveAmortized(capacity)
        submittedAt.reserveAmortized(capacity)
        countries.reserveAmortized(capacity)
        attributes.reserveAmortized(capacity)
        platforms.reserveAmortized(capacity)
        locales.reserveAmortized(capacity)
        requesters.reserveAmortized(capacity)
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
    /// Values of at most 15 bytes (platforms, locales: a few dozen, repeated by every row), packed
    /// into two words and found by one probe: building and hashing a String per row was a
    /// twentieth of the load, and a short list of recent arrays missed once a queue had more
    /// locales than it held (and retained and released each array it looked at).
    private var short = ShortValueTable()

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
        guard let key = ShortValueTable.Key(bytes) else { return number(for: String(decoding: bytes, as: UTF8.self)) }
        if let known = short.number(of: key) { return known }
        let number = number(for: String(decoding: bytes, as: UTF8.self))
        short.insert(key, number: number)
        return number
    }

    package func value(_ number: UInt16) -> String? { number == 0 ? nil : values[Int(number) - 1] }
}

/// An open-addressing table from values of at most 15 bytes to their numbers, with no reference
/// counting on the way (`StringInterner`'s per-row lookup).
struct ShortValueTable: Sendable {
    struct Key: Equatable, Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        /// The length in the top byte of `high` (bytes 8...14 fill the rest), so "a" and "a\0" differ.
        init?(_ bytes: UnsafeRawBufferPointer) {
            guard bytes.count <= 15 else { return nil }
            for (index, byte) in bytes.enumerated() {
                if index < 8 { low |= UInt64(byte) << UInt64(8 * index) } else { high |= UInt64(byte) << UInt64(8 * (index - 8)) }
            }
            high |= UInt64(bytes.count) << 56
        }
        var hash: Int { Int(truncatingIfNeeded: (((low &* 0x9E37_79B9_7F4A_7C15) ^ high) &* 0xBF58_476D_1CE4_E5B9) >> 32) }
    }

    private var keys: [Key?] = Array(repeating: nil, count: 256)
    private var numbers = [UInt16](repeating: 0, count: 256)
    private var used = 0

    func number(of key: Key) -> UInt16? {
        let mask = keys.count - 1
        var slot = key.hash & mask
        while let stored = keys[slot] {
            if stored == key { return numbers[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Adds `key` (absent); stops remembering new keys once half full (values then go through
    /// the dictionary, as they did before).
    mutating func insert(_ key: Key, number: UInt16) {
        guard (used + 1) * 2 <= keys.count else { return }
        let mask = keys.count - 1
        var slot = key.hash & mask
        while keys[slot] != nil { slot = (slot + 1) & mask }
        keys[slot] = key
        numbers[slot] = number
        used += 1
    }
}
