import Testing
@testable import DeskCore

@Test func statusNamesRoundTrip() {
    for status in SubmissionStatus.allCases { #expect(SubmissionStatus(name: status.name) == status) }
    for kind in DecisionKind.allCases { #expect(DecisionKind(name: kind.name) == kind) }
    #expect(DecisionKind.rejected.requiresReason && !DecisionKind.accepted.requiresReason)
}
