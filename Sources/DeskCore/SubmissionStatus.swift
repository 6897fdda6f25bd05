/// Where a submission stands, derived from the latest decision recorded for it.
package enum SubmissionStatus: UInt8, CaseIterable, Sendable, Comparable {
    case pending
    case awaitingVerification
    case accepted
    case rejected

    /// The spelling used in files, filters and CLI output.
    package var name: String {
        switch self {
        case .pending: "pending"
        case .awaitingVerification: "awaiting_verification"
        case .accepted: "accepted"
        case .rejected: "rejected"
        }
    }

    package init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The verb of one decision-log record.
package enum DecisionKind: UInt8, CaseIterable, Sendable {
    case accepted
    case rejected
    case verificationRequested
    case reopened
    /// The answer deadline extended by two further months (GDPR Art. 12(3)); the status stays.
    case extended

    package var name: String {
        switch self {
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .verificationRequested: "verification_requested"
        case .reopened: "reopened"
        case .extended: "extended"
        }
    }

    package init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Rejections and verification requests must say why (GDPR Art. 12(4) for refusals).
    /// Extensions must say why too (the person is told the reasons, Art. 12(3)).
    package var requiresReason: Bool { self == .rejected || self == .verificationRequested || self == .extended }

    /// The status a submission has once this is its latest decision; nil: the status stays.
    package var resultingStatus: SubmissionStatus? {
        switch self {
        case .accepted: .accepted
        case .rejected: .rejected
        case .verificationRequested: .awaitingVerification
        case .reopened: .pending
        case .extended: nil
        }
    }
}
