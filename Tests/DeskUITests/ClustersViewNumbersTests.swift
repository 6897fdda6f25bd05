import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// The clusters view's counts keep a gap between columns whatever their size, grouped by thousands.
@Suite struct ClustersViewNumbersTests {
    @Test func largeCountsNeverRunTogether() throws {
        let text = "I object to the use of my posts, photos and comments for training artificial intelligence models."
        var lines = (0..<10_500).map { submissionLineForUI(id: "v\($0)", justification: $0 < 4_000 ? text + " My account is private." : text) }
        lines.append(submissionLineForUI(id: "other", justification: "Something else entirely, about my holiday photos and nothing more at all."))
        let fixture = try Fixture(queue: lines.joined(separator: "\n") + "\n")
        _ = fixture.desk.clusters
        var state = fixture.state()
        _ = state.press(.character("5"))
        #expect(state.mode == .clusters(cursor: 0))
        let screen = Screen.render(state).lines
        let row = try #require(screen.first { $0.contains("10,500") }, "\(screen.joined(separator: "\n"))")
        #expect(row.contains("10,500  10,500   +4,000"), "\(row)")
        let heading = try #require(screen.first { $0.contains("Size") })
        // Right-aligned over their columns.
        #expect(heading.range(of: "Size")!.upperBound.utf16Offset(in: heading) == row.range(of: "10,500")!.upperBound.utf16Offset(in: row))
    }
}

private func submissionLineForUI(id: String, justification: String) -> String {
    let escaped = justification.replacingOccurrences(of: "\"", with: "\\\"")
    return #"{"id":"\#(id)","submitted_at":"2026-11-10T10:00:00Z","country":"FR","email":"a@example.org","justification":"\#(escaped)"}"#
}
