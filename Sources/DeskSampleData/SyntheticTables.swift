/// Text fragments in two JSON spellings: the usual one (UTF-8 kept as is) and one where every
/// non-ASCII character is a `\uXXXX` escape, which sends a parser down its slow path.
struct FragmentSet: Sendable {
    let plain: [[UInt8]]
    let unicodeEscaped: [[UInt8]]

    init(_ texts: [String]) {
        plain = texts.map(JSONBytes.escaped)
        unicodeEscaped = texts.map(JSONBytes.unicodeEscaped)
    }

    var count: Int { plain.count }

    func fragment(_ index: Int, escaped: Bool) -> [UInt8] {
        escaped ? unicodeEscaped[index] : plain[index]
    }
}

/// One language's material, escaped once so the hot loop only copies bytes.
struct SyntheticLanguage: Sendable {
    let greetings: FragmentSet
    let closings: FragmentSet
    /// Objections, situations, follow-ups and the chain letter: the bulk of justifications.
    let bodies: FragmentSet
    /// Texts of at most `shortLimit` bytes, for very short justifications.
    let shortBodies: FragmentSet
    let givenNames: [[UInt8]]
    let familyNames: [[UInt8]]
    let mailDomains: [[UInt8]]

    /// The longest text counted as short.
    static let shortLimit = 72

    init(_ texts: LanguageTexts) {
        greetings = FragmentSet(texts.greetings)
        closings = FragmentSet(texts.closings)
        let all = texts.objections + texts.situations + texts.followUps + ViralTexts.text(in: texts.language)
        bodies = FragmentSet(all)
        shortBodies = FragmentSet((texts.oneLiners + all).filter { $0.utf8.count <= SyntheticLanguage.shortLimit })
        givenNames = texts.givenNames.map { Array($0.name.ascii.utf8) }
        familyNames = texts.familyNames.flatMap { family in
            family.male.ascii == family.female.ascii
                ? [Array(family.male.ascii.utf8)]
                : [Array(family.male.ascii.utf8), Array(family.female.ascii.utf8)]
        }
        mailDomains = texts.mailDomains.map { Array($0.utf8) }
    }
}

/// Everything the synthetic generator copies into lines, prepared once.
struct SyntheticTables: Sendable {
    let languages: [SyntheticLanguage]
    /// The EEA countries followed by the others.
    let countries: [CountryProfile]
    let countryCodes: [[UInt8]]
    /// Device locale per country and writing language (`locales[country][language.rawValue]`).
    let locales: [[[UInt8]]]
    let eeaTable: WeightedTable
    let outsideEEATable: WeightedTable

    static let shared = SyntheticTables()

    private init() {
        languages = LanguageTexts.all.map(SyntheticLanguage.init)
        countries = Countries.eea + Countries.outsideEEA
        countryCodes = countries.map { Array($0.code.utf8) }
        locales = countries.map { country in
            Language.allCases.map { Array(country.locale(writingIn: $0).utf8) }
        }
        eeaTable = Countries.eeaTable
        outsideEEATable = Countries.outsideEEATable
    }

    /// A country index: inside the EEA with probability `eeaPercent`.
    func pickCountry(_ rng: inout SplitMix64, eeaPercent: Int) -> Int {
        if rng.percent(eeaPercent) { return eeaTable.pick(&rng) }
        return Countries.eea.count + outsideEEATable.pick(&rng)
    }
}

extension ViralTexts {
    /// The chain letter in `language`, if it circulates in that language.
    static func text(in language: Language) -> [String] {
        switch language {
        case .english: [english]
        case .french: [french]
        case .german: [german]
        case .spanish: [spanish]
        case .italian: [italian]
        default: []
        }
    }
}
