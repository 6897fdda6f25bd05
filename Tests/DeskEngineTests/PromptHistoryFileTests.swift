import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("Prompt history file")
struct PromptHistoryFileTests {
    @Test func entriesSurviveARoundTripInAPrivateFile() throws {
        let directory = TemporaryDirectory()
        let file = PromptHistoryFile(directory: directory.path + "/state/objection-desk")
        file.append("country:DE", to: "filter")
        file.append("a \\ b\nc", to: "filter")
        #expect(file.load("filter") == ["country:DE", "a \\ b\nc"])
        #expect(file.load("reject").isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/state/objection-desk/filter-history")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func theDirectoryFollowsXDGStateHome() {
        #expect(PromptHistoryFile.defaultDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/objection-desk")
        #expect(PromptHistoryFile.defaultDirectory(environment: ["HOME": "/h"]) == "/h/.local/state/objection-desk")
        #expect(PromptHistoryFile.defaultDirectory(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]) == "/h/.local/state/objection-desk")
    }
}
