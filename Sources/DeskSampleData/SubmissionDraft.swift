import DeskCore

/// The `account_url` field of a submission: left out, explicitly null, or a link.
enum AccountURLField: Sendable, Equatable {
    case absent
    case null
    case url(String)
}

/// A sample submission before it is given an id and a submission time.
struct SubmissionDraft: Sendable {
    /// The country exactly as the form sent it (possibly " de" or "EL").
    var country: String
    /// The country whose clock the submitter's device uses, for local-time offsets.
    var zone: CountryProfile
    var email: String
    /// `nil` leaves the field out.
    var emailVerified: Bool?
    /// `nil` leaves the field out.
    var platform: String?
    /// `nil` leaves the field out.
    var locale: String?
    var accountURL: AccountURLField
    var justification: String
    /// Whether the device reported local time with an offset rather than UTC.
    var usesLocalOffset = false
    /// Submitted again a few seconds after the previous record (a double click).
    var isDoubleSubmit = false
    /// Whether a later follow-up from the same person may be attached to this one.
    var mayHaveFollowUp = false
    /// The person's writing language, for follow-ups.
    var language: Language = .english

    /// The JSON line for this draft, without a trailing newline.
    ///
    /// Field order: id, submitted_at, country, email, then the optional fields, and the
    /// justification last so that metadata stays readable at the start of long lines.
    func jsonLine(id: String, submittedAt: Int64) -> [UInt8] {
        var timestamp: [UInt8] = []
        let offset = usesLocalOffset ? zone.offsetMinutes(atUTC: submittedAt) : nil
        CivilTime.appendRFC3339(utcSeconds: submittedAt, offsetMinutes: offset, to: &timestamp)
        var writer = JSONObjectWriter()
        writer.add("id", id)
        writer.add("submitted_at", String(decoding: timestamp, as: UTF8.self))
        writer.add("country", country)
        writer.add("email", email)
        if let emailVerified { writer.add("email_verified", emailVerified) }
        if let platform { writer.add("platform", platform) }
        if let locale { writer.add("locale", locale) }
        switch accountURL {
        case .absent: break
        case .null: writer.addNull("account_url")
        case .url(let url): writer.add("account_url", url)
        }
        writer.add("justification", justification)
        return writer.finish()
    }
}

/// A made-up person: the name they sign with and the address they write from.
struct SamplePerson: Sendable {
    let displayName: String
    let email: String
    let handle: String
    let country: CountryProfile
    let language: Language

    /// Invents a person living in `country` and writing in `language`.
    static func make(in country: CountryProfile, writing language: Language, _ rng: inout SplitMix64) -> SamplePerson {
        let texts = LanguageTexts.of(language)
        let given = rng.pick(texts.givenNames)
        let family = rng.pick(texts.familyNames).form(for: given.gender)
        let first = given.name.ascii
        let last = family.ascii
        let number = rng.int(in: 1...99)
        let year = rng.int(in: 1958...2006)
        let local: String
        switch rng.below(6) {
        case 0: local = "\(first).\(last)"
        case 1: local = "\(first)\(last)\(number)"
        case 2: local = "\(first.prefix(1)).\(last)"
        case 3: local = "\(last).\(first)"
        case 4: local = "\(first)_\(last)\(year)"
        default: local = "\(first)\(year % 100 < 10 ? "0" : "")\(year % 100)"
        }
        let handle: String
        switch rng.below(3) {
        case 0: handle = "\(first)_\(last)"
        case 1: handle = "\(first)\(number)"
        default: handle = "\(first.prefix(1))\(last)"
        }
        return SamplePerson(
            displayName: given.name.display + " " + family.display,
            email: local + "@" + rng.pick(texts.mailDomains),
            handle: handle,
            country: country,
            language: language
        )
    }

    /// A draft from this person with typical optional fields filled in at random.
    func draft(justification: String, _ rng: inout SplitMix64) -> SubmissionDraft {
        let verifiedRoll = rng.below(100)
        let platformRoll = rng.below(100)
        let platform: String? = platformRoll < 45 ? "web" : platformRoll < 70 ? "ios" : platformRoll < 95 ? "android" : nil
        let urlRoll = rng.below(100)
        let accountURL: AccountURLField = urlRoll < 55 ? .url("https://social.example/@" + handle) : urlRoll < 80 ? .null : .absent
        var draft = SubmissionDraft(
            country: country.code,
            zone: country,
            email: email,
            emailVerified: verifiedRoll < 65 ? true : verifiedRoll < 90 ? false : nil,
            platform: platform,
            locale: rng.percent(85) ? country.locale(writingIn: language) : nil,
            accountURL: accountURL,
            justification: justification
        )
        draft.usesLocalOffset = rng.percent(25)
        draft.language = language
        return draft
    }
}
