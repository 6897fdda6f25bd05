import Testing
@testable import DeskCore

@Test func statusNamesRoundTrip() {
    for status in SubmissionStatus.allCases { #expect(SubmissionStatus(name: status.name) == status) }
    for kind in DecisionKind.allCases { #expect(DecisionKind(name: kind.name) == kind) }
    #expect(DecisionKind.rejected.requiresReason && !DecisionKind.accepted.requiresReason)
}

@Test func theCountryBitTableAgreesWithTheListOfAssignedCodes() {
    for first in UInt16(0)...255 {
        for second in UInt16(0)...255 {
            let packed = first << 8 | second
            #expect(CountryCode.isAssigned(packed) == CountryCode.assigned.contains(packed))
        }
    }
    #expect(CountryCode(normalizing: " el ")?.description == "GR")
    #expect(CountryCode(normalizing: "uk")?.description == "GB")
    #expect(CountryCode(normalizing: "zz") == nil)
    #expect(CountryCode(packed: CountryCode.pack("XK"))?.description == "XK")
}
