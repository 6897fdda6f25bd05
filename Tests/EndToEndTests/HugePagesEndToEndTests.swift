import Foundation
import Testing

/// The screen runs with glibc's huge-page tunable where the system leaves huge pages to each
/// process (`MallocTunables`), in the same process the terminal started, and without it when told
/// not to. glibc 2.36's loader leaves only the first tunable in the environment it shows.
@Suite("Huge pages (tmux)", .serialized)
struct HugePagesEndToEndTests {
    private static var systemLeavesItToProcesses: Bool {
        (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8))?.contains("[madvise]") ?? false
    }

    /// The environment the running app started with (after it started itself again, if it did).
    private static func environment(of session: TmuxSession) throws -> [String] {
        let pid = try #require(session.pid)
        let data = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func theScreenStartsAgainWithTheTunableInTheSameProcess() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        // Without tunables of the tests' own (the loader may shorten a list of several in the
        // environment it leaves).
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"], wrapper: ["env", "-u", "GLIBC_TUNABLES"])
        _ = try session.waitFor("Pending: 4")
        let tunables = try Self.environment(of: session).filter { $0.hasPrefix("GLIBC_TUNABLES=") }
        let first = Self.systemLeavesItToProcesses ? "glibc.malloc.hugetlb=1" : "glibc.malloc.mmap_threshold=33554432"
        #expect(tunables == ["GLIBC_TUNABLES=" + first])
        #expect(session.isRunning)
        try session.press("q")
        #expect(session.waitForExit(timeout: 10))
    }

    @Test func theOptOutLeavesHugePagesOut() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"],
                                      environment: ["OBJECTION_DESK_NO_HUGE_PAGES": "1"], wrapper: ["env", "-u", "GLIBC_TUNABLES"])
        _ = try session.waitFor("Pending: 4")
        let tunables = try Self.environment(of: session).filter { $0.hasPrefix("GLIBC_TUNABLES=") }
        #expect(tunables == ["GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432"])
    }
}
