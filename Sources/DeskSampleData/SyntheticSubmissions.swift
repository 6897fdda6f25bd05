/// Who filed a synthetic submission, stored as table indices so nothing is allocated per line.
struct SyntheticIdentity: Sendable {
    var country: Int
    var language: Language
    var givenName: Int
    var familyName: Int
    var domain: Int
    var pattern: Int
    var number: Int
}

/// What the decision generator needs to know about a submission that was written.
struct SubmissionStamp: Sendable {
    /// Unix seconds.
    let submittedAt: Int64
    /// The sequence number in the id.
    let number: Int
    /// The year in the id.
    let year: Int
}

/// Writes synthetic submission lines, one at a time, straight into a byte buffer.
///
/// Submissions are spread evenly (with jitter) over `spanSeconds` ending at `endTime`, in
/// increasing time order. The mix: about 85% EEA countries weighted by population, 70% verified
/// addresses, 10% addresses reused from earlier submissions, some local-time offsets, `\n` and `\"`
/// escapes from letters and quotes, and 3% of justifications spelled with `\uXXXX` escapes.
struct SyntheticSubmissionGenerator {
    private var rng: SplitMix64
    private let tables = SyntheticTables.shared
    private let count: Int
    private let startTime: Int64
    private let spanSeconds: Int64
    private var recent: [SyntheticIdentity] = []
    private var recentNext = 0
    private static let recentCapacity = 4_096

    init(seed: UInt64, count: Int, endTime: Int64, spanSeconds: Int64) {
        rng = SplitMix64(seed: seed)
        self.count = max(count, 1)
        self.startTime = endTime - spanSeconds
        self.spanSeconds = spanSeconds
        recent.reserveCapacity(Self.recentCapacity)
    }

    private static let idPrefix = Array("{\"id\":\"obj-".utf8)
    private static let submittedKey = Array("\",\"submitted_at\":\"".utf8)
    private static let countryKey = Array("\",\"country\":\"".utf8)
    private static let emailKey = Array("\",\"email\":\"".utf8)
    private static let verifiedTrue = Array(",\"email_verified\":true".utf8)
    private static let verifiedFalse = Array(",\"email_verified\":false".utf8)
    private static let platforms = [",\"platform\":\"web\"", ",\"platform\":\"ios\"", ",\"platform\":\"android\""].map { Array($0.utf8) }
    private static let localeKey = Array(",\"locale\":\"".utf8)
    private static let accountKey = Array(",\"account_url\":".utf8)
    private static let accountNull = Array(",\"account_url\":null".utf8)
    private static let profilePrefix = Array("https://social.example/@".utf8)
    private static let profilePrefixSlashEscaped = Array("https:\\/\\/social.example\\/@".utf8)
    private static let justificationKey = Array(",\"justification\":\"".utf8)
    private static let lineEnd = Array("\"}\n".utf8)
    private static let paragraphBreak = Array("\\n\\n".utf8)

    /// Appends line `index` (0-based) with its newline, and returns its id and time.
    mutating func appendLine(_ index: Int, to out: inout [UInt8]) -> SubmissionStamp {
        let slot = spanSeconds / Int64(count)
        let submittedAt = startTime + spanSeconds * Int64(index) / Int64(count) + Int64(rng.below(Int(max(slot, 1))))
        let year = CivilTime.year(utcSeconds: submittedAt)
        let number = index + 1
        let person = nextIdentity()

        out.append(contentsOf: Self.idPrefix)
        JSONBytes.appendDecimal(year, to: &out)
        out.append(UInt8(ascii: "-"))
        JSONBytes.appendDecimal(number, width: 7, to: &out)
        out.append(contentsOf: Self.submittedKey)
        let offset = rng.percent(15) ? tables.countries[person.country].offsetMinutes(atUTC: submittedAt) : nil
        CivilTime.appendRFC3339(utcSeconds: submittedAt, offsetMinutes: offset, to: &out)
        out.append(contentsOf: Self.countryKey)
        out.append(contentsOf: tables.countryCodes[person.country])
        out.append(contentsOf: Self.emailKey)
        appendEmail(person, to: &out)
        out.append(UInt8(ascii: "\""))
        appendOptionalFields(person, to: &out)
        out.append(contentsOf: Self.justificationKey)
        appendJustification(person, to: &out)
        out.append(contentsOf: Self.lineEnd)
        return SubmissionStamp(submittedAt: submittedAt, number: number, year: year)
    }

    /// A new person, or one seen recently (about 10% of submissions repeat an address).
    private mutating func nextIdentity() -> SyntheticIdentity {
        if !recent.isEmpty && rng.percent(10) {
            return recent[rng.below(recent.count)]
        }
        let country = tables.pickCountry(&rng, eeaPercent: 85)
        let language = rng.pick(tables.countries[country].languages)
        let texts = tables.languages[language.rawValue]
        let person = SyntheticIdentity(
            country: country, language: language,
            givenName: rng.below(texts.givenNames.count), familyName: rng.below(texts.familyNames.count),
            domain: rng.below(texts.mailDomains.count), pattern: rng.below(5), number: rng.int(in: 1...999_999)
        )
        if recent.count < Self.recentCapacity {
            recent.append(person)
        } else {
            recent[recentNext] = person
            recentNext = (recentNext + 1) % Self.recentCapacity
        }
        return person
    }

    private func appendEmail(_ person: SyntheticIdentity, to out: inout [UInt8]) {
        let texts = tables.languages[person.language.rawValue]
        let given = texts.givenNames[person.givenName]
        let family = texts.familyNames[person.familyName]
        switch person.pattern {
        case 0:
            out.append(contentsOf: given)
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: family)
        case 1:
            out.append(given[0])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: family)
        case 2:
            out.append(contentsOf: given)
            out.append(contentsOf: family)
        case 3:
            out.append(contentsOf: family)
            out.append(UInt8(ascii: "_"))
            out.append(contentsOf: given)
        default:
            out.append(contentsOf: given)
        }
        // A number of up to six digits keeps new addresses distinct; reuse is decided elsewhere.
        JSONBytes.appendDecimal(person.number, to: &out)
        out.append(UInt8(ascii: "@"))
        out.append(contentsOf: texts.mailDomains[person.domain])
    }

    private func appendHandle(_ person: SyntheticIdentity, to out: inout [UInt8]) {
        let texts = tables.languages[person.language.rawValue]
        out.append(contentsOf: texts.givenNames[person.givenName])
        out.append(UInt8(ascii: "_"))
        out.append(contentsOf: texts.familyNames[person.familyName])
        JSONBytes.appendDecimal(person.number % 1_000, to: &out)
    }

    /// email_verified (70% true, 22% false, else absent), platform, locale and account_url.
    private mutating func appendOptionalFields(_ person: SyntheticIdentity, to out: inout [UInt8]) {
        let verified = rng.below(100)
        if verified < 70 {
            out.append(contentsOf: Self.verifiedTrue)
        } else if verified < 92 {
            out.append(contentsOf: Self.verifiedFalse)
        }
        let platform = rng.below(100)
        if platform < 97 { out.append(contentsOf: Self.platforms[platform < 45 ? 0 : platform < 70 ? 1 : 2]) }
        if rng.percent(90) {
            out.append(contentsOf: Self.localeKey)
            out.append(contentsOf: tables.locales[person.country][person.language.rawValue])
            out.append(UInt8(ascii: "\""))
        }
        let account = rng.below(100)
        if account < 55 {
            out.append(contentsOf: Self.accountKey)
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: rng.percent(3) ? Self.profilePrefixSlashEscaped : Self.profilePrefix)
            appendHandle(person, to: &out)
            out.append(UInt8(ascii: "\""))
        } else if account < 80 {
            out.append(contentsOf: Self.accountNull)
        }
    }

    /// The justification's escaped text (without quotes): empty, a bare link, or composed text of
    /// a length drawn from `JustificationLengths`.
    private mutating func appendJustification(_ person: SyntheticIdentity, to out: inout [UInt8]) {
        let kind = rng.below(1_000)
        if kind < 20 { return }
        if kind < 30 {
            out.append(contentsOf: Self.profilePrefix)
            appendHandle(person, to: &out)
            return
        }
        let texts = tables.languages[person.language.rawValue]
        let escaped = rng.percent(3)
        let target = JustificationLengths.target(&rng)
        let limit = JustificationLengths.maximum
        let start = out.count
        let isLetter = target >= 150 && rng.percent(25)
        var closing: [UInt8] = []
        if isLetter {
            out.append(contentsOf: texts.greetings.fragment(rng.below(texts.greetings.count), escaped: escaped))
            out.append(contentsOf: Self.paragraphBreak)
            closing = texts.closings.fragment(rng.below(texts.closings.count), escaped: escaped)
        }
        let reserve = closing.isEmpty ? 0 : closing.count + Self.paragraphBreak.count
        var first = true
        while out.count - start + reserve < target {
            let useShort = target - (out.count - start) < 90
            let set = useShort ? texts.shortBodies : texts.bodies
            var fragment = set.fragment(rng.below(set.count), escaped: escaped)
            let separator = first ? 0 : (rng.percent(15) ? Self.paragraphBreak.count : 1)
            if out.count - start + reserve + separator + fragment.count > limit {
                fragment = texts.shortBodies.fragment(rng.below(texts.shortBodies.count), escaped: escaped)
                if out.count - start + reserve + separator + fragment.count > limit { break }
            }
            if separator == 1 { out.append(UInt8(ascii: " ")) } else if separator > 1 { out.append(contentsOf: Self.paragraphBreak) }
            out.append(contentsOf: fragment)
            first = false
        }
        if isLetter {
            out.append(contentsOf: Self.paragraphBreak)
            out.append(contentsOf: closing)
        }
    }
}
