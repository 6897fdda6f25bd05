import DeskStore
import DeskEngine
import DeskCore
import Foundation

/// Canned reasons an agent can cycle through with Tab in the reason prompt.
///
/// Loaded from `Resources/reply-texts.txt`: lines `reject: …` and `verify: …`; `#` starts a comment.
package struct ReplyTemplates: Equatable, Sendable {
    package var rejection: [String]
    package var verification: [String]
    package var extensions: [String] = []
    /// The reason code of each canned text (`Resources/reasons.json`), when it has one.
    package var rejectionCodes: [String?] = []
    package var verificationCodes: [String?] = []
    package var extensionCodes: [String?] = []
    /// A short label per canned text, for the numbered list the prompt shows.
    package var rejectionLabels: [String] = []
    package var verificationLabels: [String] = []
    package var extensionLabels: [String] = []

    package init(rejection: [String] = [], verification: [String] = []) {
        self.rejection = rejection
        self.verification = verification
    }

    /// One canned reason: its code, a label and the text (in the reviewer's language, English).
    package struct CodedReason: Sendable {
        package var code: String
        package var label: String
        package var text: String
        package init(code: String, label: String, text: String) {
            self.code = code
            self.label = label
            self.text = text
        }
    }

    /// Canned texts from the reason catalog: number keys pick them, records carry their code.
    package init(rejection: [CodedReason], verification: [CodedReason], extension extended: [CodedReason] = []) {
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

    package init(parsing text: String) {
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
