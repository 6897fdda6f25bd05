/// A person's name as shown in a signature, with the ASCII spelling used in e-mail addresses.
struct PersonName: Sendable {
    let display: String
    let ascii: String
}

/// Whether a given name is usually a man's or a woman's, so family names can agree (Polish
/// "Kowalski"/"Kowalska", Greek "Παπαδόπουλος"/"Παπαδοπούλου").
enum NameGender: Sendable {
    case male, female
}

/// A given name and its gender.
struct GivenName: Sendable {
    let name: PersonName
    let gender: NameGender
}

/// A family name with its masculine and feminine forms (equal in most languages).
struct FamilyName: Sendable {
    let male: PersonName
    let female: PersonName

    func form(for gender: NameGender) -> PersonName { gender == .male ? male : female }
}

/// Hand-written material in one language from which sample justifications, signatures and e-mail
/// addresses are composed.
///
/// Name tables use a compact notation: `"m:Jürgen/juergen"` is a man's given name shown as
/// "Jürgen" and spelled "juergen" in addresses (the `/ascii` part is omitted when equal, lower-cased
/// automatically); a family name `"Kowalski|Kowalska"` lists masculine then feminine forms.
struct LanguageTexts: Sendable {
    let language: Language
    /// Letter openings such as "Bonjour,".
    let greetings: [String]
    /// Sentences that state the objection itself.
    let objections: [String]
    /// Why the person objects: a short paragraph about how training on their posts affects them.
    let situations: [String]
    /// Letter endings such as "Cordialement,"; a signature may follow.
    let closings: [String]
    /// Short, informal messages that stand alone.
    let oneLiners: [String]
    /// Messages from someone writing a second time.
    let followUps: [String]
    let givenNames: [GivenName]
    let familyNames: [FamilyName]
    /// Mail domains (all under the reserved `.example` top-level domain).
    let mailDomains: [String]

    init(
        _ language: Language, greetings: [String], objections: [String], situations: [String],
        closings: [String], oneLiners: [String], followUps: [String],
        givenNames: [String], familyNames: [String], mailDomains: [String]
    ) {
        self.language = language
        self.greetings = greetings
        self.objections = objections
        self.situations = situations
        self.closings = closings
        self.oneLiners = oneLiners
        self.followUps = followUps
        self.givenNames = givenNames.map(LanguageTexts.parseGiven)
        self.familyNames = familyNames.map(LanguageTexts.parseFamily)
        self.mailDomains = mailDomains
    }

    /// The texts for a language.
    static func of(_ language: Language) -> LanguageTexts {
        all[language.rawValue]
    }

    /// Every language, indexed by `Language.rawValue`.
    static let all: [LanguageTexts] = {
        let list = [english, french, german, spanish, italian, polish, dutch, portuguese, swedish, greek]
        for (index, texts) in list.enumerated() {
            precondition(texts.language.rawValue == index, "language tables out of order")
        }
        return list
    }()

    private static func parseName(_ spec: Substring) -> PersonName {
        let parts = spec.split(separator: "/", maxSplits: 1)
        let display = String(parts[0])
        let ascii = parts.count > 1 ? String(parts[1]) : display
        return PersonName(display: display, ascii: ascii.lowercased().replacingSpaces())
    }

    private static func parseGiven(_ spec: String) -> GivenName {
        let gender: NameGender = spec.hasPrefix("f:") ? .female : .male
        return GivenName(name: parseName(spec.dropFirst(2)), gender: gender)
    }

    private static func parseFamily(_ spec: String) -> FamilyName {
        let forms = spec.split(separator: "|", maxSplits: 1)
        let male = parseName(forms[0])
        return FamilyName(male: male, female: forms.count > 1 ? parseName(forms[1]) : male)
    }
}

extension String {
    /// The string with spaces removed, for e-mail local parts ("De Luca" becomes "deluca").
    fileprivate func replacingSpaces() -> String {
        String(unicodeScalars.filter { $0 != " " })
    }
}
