extension SubmissionStatus {
    /// Pending or awaiting verification: not answered yet, so the deadline runs, the row can be
    /// claimed and a bulk decision takes it unless a status is named.
    package var isOpen: Bool { self == .pending || self == .awaitingVerification }

    /// The open statuses, in their order (`status:` terms that mean "open").
    package static let open: [SubmissionStatus] = [.pending, .awaitingVerification]
}
