import DeskCore
import Foundation

/// Canned reasons an agent can cycle through with Tab in the reason prompt.
///
/// Loaded from `Resources/reply-texts.txt`: lines `reject: …` and `verify: …`; `#` starts a comment.
public struct ReplyTemplates: Equatable, Sendable {
    public var rejection: [String]
    public var verification: [String]

    public init(rejection: [String] = [], verification: [String] = []) {
        self.rejection = rejection
        self.verification = verification
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
        kind == .rejected ? rejection : kind == .verificationRequested ? verification : []
    }
}
