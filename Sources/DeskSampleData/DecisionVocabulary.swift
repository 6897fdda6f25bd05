/// Who decides and why: the reviewers, their operating-system logins and the reasons they give.
enum DecisionVocabulary {
    /// Reviewers as they sign decisions, with the login each one normally uses.
    static let reviewers: [(name: String, login: String)] = [
        ("a.kowalska", "akowalska"),
        ("j.oconnor", "joconnor"),
        ("m.rossi", "mrossi"),
        ("s.lindqvist", "slindqvist"),
        ("t.nguyen", "tnguyen"),
    ]

    /// A shared workstation account that any reviewer may be logged in as.
    static let sharedLogin = "support"

    /// Reasons for a refusal (GDPR Art. 12(4): a refusal must say why).
    static let rejectionReasons = [
        "Duplicate of an earlier request from the same account; handled there.",
        "No account is registered to this address, and the verification email sent 30 days ago was not answered.",
        "Request withdrawn by the data subject by email.",
        "The request concerns another person's account and no authorisation from that person was provided.",
        "Account was deleted at the person's earlier request; no posts remain to be processed.",
        "Submitted from a spoofed address (mixed-script domain); the account holder confirmed they did not send it.",
    ]

    /// Reasons for asking the submitter to prove who they are first.
    static let verificationReasons = [
        "Email address not verified; verification link sent.",
        "Account URL missing; asked the person to confirm their profile from within the app.",
        "Email domain mixes scripts (possible spoofing); asked to confirm from the account settings page.",
        "Email does not match the address on the account; asked the person to reply from the registered address.",
        "Justification names a second account; asked which accounts the objection covers.",
    ]

    /// Reasons given when a decision is reopened.
    static let reopenReasons = [
        "Accepted by mistake during a bulk approval of the filtered list.",
        "Person replied with new information.",
        "Verification reply arrived after the request had been closed.",
    ]

    /// Occasional free-text notes.
    static let notes = [
        "Confirmation email sent.",
        "Second request from the same person; linked to the first.",
        "Escalated to the DPO for a second opinion.",
        "Antwort auf Deutsch verschickt.",
        "Réponse envoyée en français.",
        "Submitter outside the EEA; objection honoured all the same.",
        "Hostile control characters in the justification; reported to security.",
    ]
}
