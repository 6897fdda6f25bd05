import DeskCore
import DeskEngine
import DeskStore
@testable import DeskReplies

/// Submissions and decisions for the reply tests.
enum ReplyFixtures {
    /// 2026-11-03T14:22:05Z.
    static let submittedAt: Int64 = 1_793_715_725_000
    /// 2026-11-20T09:00:00Z.
    static let decidedAt: Int64 = 1_795_165_200_000

    static func submission(locale: String?, id: String = "obj-2026-004183", email: String = "marie@example.fr") -> Submission {
        Submission(id: id, submittedAt: submittedAt, submittedAtText: "2026-11-03T14:22:05Z",
                   country: CountryCode(normalizing: "FR")!, countryText: "FR", email: email, emailVerified: true,
                   justification: "Je refuse.", locale: locale)
    }

    static func decision(_ kind: DecisionKind, reason: String? = nil, reasonCode: String? = nil,
                         note: String? = "internal: do not send") -> Decision {
        Decision(submissionID: "obj-2026-004183", kind: kind, reviewer: "ana", osUser: "ana", decidedAt: decidedAt,
                 reason: reason, note: note, reasonCode: reasonCode)
    }

    static let renderer: ReplyRenderer = {
        do { return try ReplyRenderer.bundled() } catch { fatalError("\(error)") }
    }()

    /// A locale tag that selects each language, in several spellings.
    static let locales: [ReplyLanguage: String] = [
        .en: "en-GB", .fr: "fr-FR", .de: "de-AT", .es: "es", .it: "it_IT", .nl: "NL-be", .pl: "pl-PL", .pt: "pt-PT",
    ]
}
