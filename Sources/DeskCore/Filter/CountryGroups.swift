/// Country groups and the EU-style spellings that filters and triage rules share.
package enum CountryGroups {
    /// The 27 EU member states as ISO 3166-1 alpha-2 codes, sorted.
    package static let eu: [String] = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ]

    /// The European Economic Area: the EU plus Iceland, Liechtenstein and Norway, sorted.
    package static let eea: [String] = (eu + ["IS", "LI", "NO"]).sorted()

    /// Packed country codes of the EEA, as a lookup table over every packed value.
    private static let eeaPacked: [Bool] = {
        var table = [Bool](repeating: false, count: 1 << 16)
        for code in eea { if let country = CountryCode(normalizing: code) { table[Int(country.packed)] = true } }
        return table
    }()

    package static func isEEA(packed: UInt16) -> Bool { eeaPacked[Int(packed)] }

    /// The sorted members of a group named `eu` or `eea` in any case, or nil for other names.
    package static func members(ofGroup name: some StringProtocol) -> [String]? {
        switch name.lowercased() {
        case "eu": eu
        case "eea": eea
        default: nil
        }
    }

    /// The ISO code for an upper-case code, mapping the EU's own spellings `EL` and `UK`.
    ///
    /// EU documents write Greece as EL and the United Kingdom as UK, so submissions and agents use
    /// both; comparing ISO codes only keeps one spelling per country.
    package static func isoCode(_ code: String) -> String {
        switch code {
        case "EL": "GR"
        case "UK": "GB"
        default: code
        }
    }
}
