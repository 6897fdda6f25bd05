import DeskStore
import DeskEngine
import DeskCore
import Foundation

/// Where the bundled sample's decisions go. A forgotten `--queue` in a team directory used to open
/// the sample against the team's real `decisions.jsonl`, so a demo `a` appended a decision for a
/// sample id there (which `check` then reported). The sample now has a log of its own in the state
/// directory; a log named explicitly is used only if every record in it is about a sample id.
enum SampleLog {
    static let fileName = "sample-decisions.jsonl"

    /// The sample's own log: `$XDG_STATE_HOME/objection-desk/sample-decisions.jsonl` (else
    /// `~/.local/state/…`), its directory created 0700; the log itself is created 0600 by the
    /// first decision, like any new log.
    static func defaultPath(environment: [String: String]) throws -> String {
        guard let directory = PromptHistoryFile.defaultDirectory(environment: environment) else {
            throw CLIFailure(message: "no state directory for the bundled sample's decisions (HOME and XDG_STATE_HOME are unset); pass --queue PATH, or --decisions PATH for the sample")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIFailure(message: "cannot create \(Shown.path(directory)) for the bundled sample's decisions: \(error.localizedDescription); pass --queue PATH")
        }
        return directory + "/" + fileName
    }

    /// Refuses (exit 2) a log named for the sample that holds a record about any other submission:
    /// that is a real log, and the sample's decisions must never be mixed into it.
    static func refuseForeignLog(_ logPath: String, samplePath: String) throws {
        guard let log = FileManager.default.contents(atPath: logPath), !log.isEmpty else { return }
        let sampleIDs = ids(inQueue: samplePath)
        var parser = DecisionLineParser()
        for line in log.split(separator: UInt8(ascii: "\n")) {
            guard let decision = try? parser.parse(String(decoding: line, as: UTF8.self)) else { continue }
            if !sampleIDs.contains(decision.submissionID) {
                throw CLIFailure(message: "the decision log \(Shown.path(logPath)) holds decisions for submissions that are not in the bundled sample (\(Shown.path(decision.submissionID)), …): it looks like a real log, and the sample's decisions never go into one; pass --queue PATH for the real queue, or leave out --decisions to keep the sample's decisions in its own log")
            }
        }
    }

    private static func ids(inQueue path: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var ids = Set<String>()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            if let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], let id = object["id"] as? String {
                ids.insert(id)
            }
        }
        return ids
    }
}
