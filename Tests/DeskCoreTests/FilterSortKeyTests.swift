import Testing
@testable import DeskCore

@Suite struct FilterSortKeyTests {
    @Test(arguments: [
        ("submitted", SortSpec(key: .submitted)),
        ("-submitted", SortSpec(key: .submitted, descending: true)),
        ("Country", SortSpec(key: .country)),
        ("-EMAIL", SortSpec(key: .email, descending: true)),
        ("status", SortSpec(key: .status)),
    ])
    func parsesKeysWithOptionalMinus(text: String, spec: SortSpec) throws {
        #expect(try SortKey.parse(text) == spec)
        #expect(try SortKey.parse(spec.description) == spec)
    }

    @Test(arguments: ["", "-", "--submitted", "date", " submitted", "submitted "])
    func rejectsUnknownKeysListingTheValidOnes(text: String) {
        #expect(throws: SortKeyError(text: text)) { try SortKey.parse(text) }
        #expect(SortKeyError(text: text).description
            == #"unknown sort key "\#(text)" (submitted, country, email, status, due; prefix "-" for descending)"#)
    }

    @Test func nextCyclesThroughEveryKey() {
        #expect(SortKey.submitted.next == .country)
        #expect(SortKey.country.next == .email)
        #expect(SortKey.email.next == .status)
        #expect(SortKey.status.next == .due)
        #expect(SortKey.due.next == .submitted)
    }
}
