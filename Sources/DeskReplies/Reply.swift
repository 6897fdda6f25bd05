import DeskCore

/// The answer a person gets for one decision, ready for the mail system.
package struct Reply: Equatable, Sendable {
    package var submissionID: String
    /// The submission's email, exactly as submitted.
    package var to: String
    /// The language the reply is written in (the submission's locale if supported, else English).
    package var language: ReplyLanguage
    package var subject: String
    /// Plain text, lines ending in `\n`, ending with one.
    package var body: String
    package var decision: DecisionKind
    /// The decision's time, milliseconds since the Unix epoch.
    package var decidedAt: Int64

    package init(submissionID: String, to: String, language: ReplyLanguage, subject: String, body: String,
                decision: DecisionKind, decidedAt: Int64) {
        self.submissionID = submissionID
        self.to = to
        self.language = language
        self.subject = subject
        self.body = body
        self.decision = decision
        self.decidedAt = decidedAt
    }

    /// `{"submission_id","to","language","subject","body","decision","decided_at"}` and a newline.
    package func jsonLine() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.add("submission_id", submissionID)
        writer.add("to", to)
        writer.add("language", language.code)
        writer.add("subject", subject)
        writer.add("body", body)
        writer.add("decision", decision.name)
        writer.add("decided_at", Timestamp.formatUTCMillis(decidedAt))
        var line = writer.finish()
        line.append(0x0A)
        return line
    }
}
