/// An ISO 3166-1 alpha-2 country code, packed into two bytes so a million rows cost 2 MB.
package struct CountryCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let packed: UInt16

    package init?(packed: UInt16) {
        guard CountryCode.isAssigned(packed) else { return nil }
        self.packed = packed
    }

    /// Accepts lower case, surrounding spaces, and the EU's own spellings EL (Greece) and UK.
    package init?(normalizing raw: some StringProtocol) {
        var letters: [UInt8] = []
        for byte in raw.utf8 where !(byte == 0x20 || byte == 0x09) {
            letters.append(byte)
            if letters.count > 2 { return nil }
        }
        guard letters.count == 2 else { return nil }
        self.init(letters[0], letters[1])
    }

    /// Same as `init(normalizing:)` for raw bytes, without allocating (load path).
    package init?(normalizing raw: UnsafeRawBufferPointer) {
        var first: UInt8 = 0
        var second: UInt8 = 0
        var count = 0
        for byte in raw where !(byte == 0x20 || byte == 0x09) {
            if count == 0 { first = byte } else if count == 1 { second = byte }
            count += 1
        }
        guard count == 2 else { return nil }
        self.init(first, second)
    }

    private init?(_ first: UInt8, _ second: UInt8) {
        func upper(_ byte: UInt8) -> UInt8? {
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { return byte - 0x20 }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { return byte }
            return nil
        }
        guard let a = upper(first), let b = upper(second) else { return nil }
        var packed = UInt16(a) << 8 | UInt16(b)
        if packed == CountryCode.pack("EL") { packed = CountryCode.pack("GR") } else if packed == CountryCode.pack("UK") { packed = CountryCode.pack("GB") }
        guard CountryCode.isAssigned(packed) else { return nil }
        self.packed = packed
    }

    package var description: String {
        String(decoding: [UInt8(packed >> 8), UInt8(packed & 0xFF)], as: UTF8.self)
    }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.packed < rhs.packed }

    static func pack(_ code: StaticString) -> UInt16 {
        let bytes = code.utf8Start
        return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
    }

    /// EU style (Interinstitutional Style Guide) → ISO: EL is Greece (GR), UK the United Kingdom (GB).

    /// Whether `packed` is in `assigned`: one bit per pair of capital letters, since every row of
    /// a queue (and of a saved index, when it is checked) asks, where a `Set` hashed each time.
    @inline(__always)
    package static func isAssigned(_ packed: UInt16) -> Bool {
        let first = Int(packed >> 8) &- 0x41
        let second = Int(packed & 0xFF) &- 0x41
        guard first >= 0, first < 26, second >= 0, second < 26 else { return false }
        let bit = first * 26 + second
        return assignedBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    private static let assignedBits: [UInt64] = {
        var words = [UInt64](repeating: 0, count: (26 * 26 + 63) / 64)
        for packed in assigned {
            let bit = (Int(packed >> 8) - 0x41) * 26 + (Int(packed & 0xFF) - 0x41)
            words[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        return words
    }()

    /// The officially assigned ISO 3166-1 alpha-2 codes, plus XK (Kosovo), which the EU and most
    /// registries use although ISO has not assigned it.
    static let assigned: Set<UInt16> = {
        let list = """
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS \
        BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE \
        EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM \
        HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC \
        LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA \
        NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
        SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO \
        TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK
        """
        return Set(list.split(separator: " ").map { code in
            let bytes = Array(code.utf8)
            return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        })
    }()
}
