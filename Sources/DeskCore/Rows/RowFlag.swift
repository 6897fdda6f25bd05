/// One word about a submission that helps find the few needing a human look; `flag:NAME` filters.
package enum RowFlag: String, CaseIterable, Sendable {
    /// `email_verified` is not true.
    case unverified
    /// The country is outside EU-27 + IS, LI, NO (not by itself a reason to reject).
    case nonEEA = "non_eea"
    /// The justification has no letter or digit.
    case empty
    /// The trimmed justification is a single http(s) URL.
    case urlOnly = "url_only"
    /// The requester (normalised email) filed another submission too.
    case repeated = "repeat"
    /// A label of the email domain mixes Latin letters with Greek or Cyrillic ones.
    case mixedScript = "mixed_script"
    /// Some text is shown escaped (controls, bidi, invisible characters).
    case hostile
    /// Member of a cluster of at least 50 near-identical justifications.
    case viral
    /// Cluster member with words the cluster's representative text does not have.
    case adds

    /// The one-character mark in the list's flag column.
    package var mark: Character {
        switch self {
        case .unverified: "u"
        case .nonEEA: "n"
        case .empty: "e"
        case .urlOnly: "l"
        case .repeated: "r"
        case .mixedScript: "m"
        case .hostile: "!"
        case .viral: "v"
        case .adds: "+"
        }
    }

    /// The flags' legend, for help texts.
    package static var legend: String {
        allCases.map { "\($0.mark) \($0.rawValue)" }.joined(separator: " · ")
    }
}
