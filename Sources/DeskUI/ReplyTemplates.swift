import DeskCore
import Foundation

/// Canned reasons an agent can cycle through with Tab in the reason prompt.
///
/// Loaded from `Resources/reply-texts.txt`: lines `reject: …` and `verify: …`; `#` starts a comment.
public struct ReplyTemplates: Equatable, Sendable {
    public var rejection: [String]
    public var verification: [String]
    public var extensions: [String] = []
    /// The reason code of each canned text (`Resources/reasons.json`), when it has one.
    public var rejectionCodes: [String?] = []
    public var verificationCodes: [String?] = []
    public var extensionCodes: [String?] = []
    /// A short label per canned text, for the numbered list the prompt shows.
    public var rejectionLabels: [String] = []
    public var verificationLabels: [String] = []
    public var extensionLabels: [String] = []

    public init(rejection: [String] = [], verification: [String] = []) {
        self.rejection = rejection
        self.verification = verification
    }

    /// One canned reason: its code, a label and the text (in the reviewer's language, English).
    public struct CodedReason: Sendable {
        public var code: String
        public var label: String
        public var text: String
        public init(code: String, label: String, text: String) {
            self.code = code
            self.label = label
            self.text = text
        }
    }

    /// Canned texts from the reason catalog: number keys pick them, records carry their code.
    public init(rejection: [CodedReason], verification: [CodedReason], extension extended: [CodedReason] = []) {
        self.rejection = rejection.map(\.text)
        self.verification = verification.map(\.text)
        extensions = extended.map(\.text)
        rejectionCodes = rejection.map(\.code)
        verificationCodes = verification.map(\.code)
        extensionCodes = extended.map(\.code)
        rejectionLabels = rejection.map(\.label)
        verificationLabels = verification.map(\.label)
        extensionLabels = extended.map(\.label)
    }

    func code(for kind: DecisionKind, at index: Int) -> String? {
        let codes: [String?] = switch kind {
        case .rejected: rejectionCodes
        case .verificationRequested: verificationCodes
        case .extended: extensionCodes
        case .accepted, .reopened: []
        }
        return codes.indices.contains(index) ? codes[index] : nil
    }

    func labels(for kind: DecisionKind) -> [String] {
        let labels: [String] = switch kind {
        case .rejected: rejectionLabels
        case .verificationRequested: verificationLabels
        case .extended: extensionLabels
        case .accepted, .reopened: []
        }
        return labels.count == texts(for: kind).count ? labels : texts(for: kind)
    }

    public init(parsing text: String) {
        var rejection: [String] = []
        var verification: [String] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
            let kind = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let body = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !body.isEmpty else { continue }
            if kind == "reject" { rejection.append(body) } else if kind == "verify" { verification.append(body) }
        }
        self.init(rejection: rejection, verification: verification)
    }

    func texts(for kind: DecisionKind) -> [String] {
        switch kind {
        case .rejected: rejection
        case .verificationRequested: verification
        case .extended: extensions
        case .accepted, .reopened: []
        }
    }
}
