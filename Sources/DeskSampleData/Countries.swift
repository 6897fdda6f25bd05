/// A language that generated justifications are written in.
enum Language: Int, CaseIterable, Sendable {
    case english, french, german, spanish, italian, polish, dutch, portuguese, swedish, greek

    /// The ISO 639-1 code, as used at the start of a locale such as "el-GR".
    var code: String {
        switch self {
        case .english: "en"
        case .french: "fr"
        case .german: "de"
        case .spanish: "es"
        case .italian: "it"
        case .polish: "pl"
        case .dutch: "nl"
        case .portuguese: "pt"
        case .swedish: "sv"
        case .greek: "el"
        }
    }
}

/// A country submissions come from: how many people live there, what they write in, and the
/// offset their devices report.
struct CountryProfile: Sendable {
    /// ISO 3166-1 alpha-2 code.
    let code: String
    /// Population in thousands, used as the sampling weight within its group.
    let weight: Int
    /// Languages residents write objections in; picked uniformly, so repeats weight a language.
    let languages: [Language]
    /// Language part of the device locale (residents of Romania write in English here, but their
    /// phones say "ro-RO").
    let localeLanguage: String
    /// Standard (winter) offset from UTC in minutes.
    let standardOffsetMinutes: Int
    /// Whether clocks move forward an hour on the EU summer-time dates.
    let followsEUSummerTime: Bool

    /// The offset in force at a given instant.
    func offsetMinutes(atUTC seconds: Int64) -> Int {
        guard followsEUSummerTime, CivilTime.isEUSummerTime(utcSeconds: seconds) else { return standardOffsetMinutes }
        return standardOffsetMinutes + 60
    }

    /// A plausible device locale for someone writing in `language`.
    func locale(writingIn language: Language) -> String {
        let prefix = languages.count > 1 && language != .english ? language.code : localeLanguage
        return prefix + "-" + code
    }
}

/// Country tables for sampling: the EEA weighted by population, and a handful of other countries
/// whose residents also use the platform (living outside the EEA is no ground for rejection).
enum Countries {
    private static func eu(_ code: String, _ weight: Int, _ languages: [Language], _ locale: String, _ offset: Int) -> CountryProfile {
        CountryProfile(
            code: code, weight: weight, languages: languages, localeLanguage: locale,
            standardOffsetMinutes: offset, followsEUSummerTime: true
        )
    }

    /// EU-27 plus Iceland, Liechtenstein and Norway, weighted by population in thousands.
    static let eea: [CountryProfile] = [
        eu("DE", 83_500, [.german], "de", 60),
        eu("FR", 68_400, [.french], "fr", 60),
        eu("IT", 58_900, [.italian], "it", 60),
        eu("ES", 48_600, [.spanish], "es", 60),
        eu("PL", 36_700, [.polish], "pl", 60),
        eu("RO", 19_000, [.english], "ro", 120),
        eu("NL", 17_900, [.dutch, .dutch, .dutch, .english], "nl", 60),
        eu("BE", 11_800, [.dutch, .french, .dutch, .french, .english], "nl", 60),
        eu("CZ", 10_900, [.english], "cs", 60),
        eu("PT", 10_600, [.portuguese], "pt", 0),
        eu("SE", 10_550, [.swedish, .swedish, .english], "sv", 60),
        eu("GR", 10_400, [.greek, .greek, .greek, .english], "el", 120),
        eu("HU", 9_580, [.english], "hu", 60),
        eu("AT", 9_160, [.german], "de", 60),
        eu("BG", 6_450, [.english], "bg", 120),
        eu("DK", 5_960, [.english], "da", 60),
        eu("FI", 5_600, [.english, .swedish], "fi", 120),
        eu("NO", 5_550, [.english], "nb", 60),
        eu("SK", 5_420, [.english, .polish], "sk", 60),
        eu("IE", 5_270, [.english], "en", 0),
        eu("HR", 3_860, [.english], "hr", 60),
        eu("LT", 2_890, [.english], "lt", 120),
        eu("SI", 2_120, [.english], "sl", 60),
        eu("LV", 1_880, [.english], "lv", 120),
        eu("EE", 1_370, [.english], "et", 120),
        eu("CY", 930, [.greek, .english], "el", 120),
        eu("LU", 670, [.french, .german, .english], "fr", 60),
        eu("MT", 560, [.english], "en", 60),
        CountryProfile(
            code: "IS", weight: 390, languages: [.english], localeLanguage: "is",
            standardOffsetMinutes: 0, followsEUSummerTime: false
        ),
        eu("LI", 40, [.german], "de", 60),
    ]

    /// Countries outside the EEA, weighted by how often their residents write to the desk.
    static let outsideEEA: [CountryProfile] = [
        eu("GB", 30, [.english], "en", 0),
        CountryProfile(
            code: "US", weight: 25, languages: [.english], localeLanguage: "en",
            standardOffsetMinutes: -300, followsEUSummerTime: false
        ),
        eu("CH", 12, [.german, .german, .french, .italian], "de", 60),
        CountryProfile(
            code: "BR", weight: 8, languages: [.portuguese], localeLanguage: "pt",
            standardOffsetMinutes: -180, followsEUSummerTime: false
        ),
        CountryProfile(
            code: "IN", weight: 8, languages: [.english], localeLanguage: "en",
            standardOffsetMinutes: 330, followsEUSummerTime: false
        ),
        CountryProfile(
            code: "CA", weight: 5, languages: [.english, .french], localeLanguage: "en",
            standardOffsetMinutes: -300, followsEUSummerTime: false
        ),
        eu("UA", 5, [.english, .polish], "uk", 120),
        CountryProfile(
            code: "TR", weight: 4, languages: [.english], localeLanguage: "tr",
            standardOffsetMinutes: 180, followsEUSummerTime: false
        ),
        CountryProfile(
            code: "AU", weight: 3, languages: [.english], localeLanguage: "en",
            standardOffsetMinutes: 600, followsEUSummerTime: false
        ),
        eu("RS", 2, [.english], "sr", 60),
    ]

    static let eeaTable = WeightedTable(weights: eea.map(\.weight))
    static let outsideEEATable = WeightedTable(weights: outsideEEA.map(\.weight))

    /// A country: inside the EEA with probability `eeaPercent`, else outside it.
    static func pick(_ rng: inout SplitMix64, eeaPercent: Int = 85) -> CountryProfile {
        if rng.percent(eeaPercent) { return eea[eeaTable.pick(&rng)] }
        return outsideEEA[outsideEEATable.pick(&rng)]
    }

    /// The profile for a code in either table.
    static func profile(_ code: String) -> CountryProfile {
        if let match = eea.first(where: { $0.code == code }) { return match }
        if let match = outsideEEA.first(where: { $0.code == code }) { return match }
        preconditionFailure("no profile for country \(code)")
    }
}
