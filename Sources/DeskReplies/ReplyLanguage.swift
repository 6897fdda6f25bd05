import Foundation

/// A language replies are written in: the primary subtag of a submission's locale when there are
/// templates for it, English otherwise.
package enum ReplyLanguage: String, CaseIterable, Sendable, Comparable {
    case en, fr, de, es, it, nl, pl, pt

    /// The language for a BCP 47 tag such as `fr-FR`, `pt_BR` or `DE`: its primary subtag, any
    /// case, if supported; English for anything else, and for none.
    package init(locale: String?) {
        let primary = (locale ?? "").trimmingCharacters(in: .whitespaces)
            .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" })
            .first.map { $0.lowercased() } ?? ""
        self = ReplyLanguage(rawValue: primary) ?? .en
    }

    /// The two-letter code, as in replies' `language` field and the template directories.
    package var code: String { rawValue }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
