import Foundation

/// A temporary working directory holding a queue and (maybe) a decision log.
final class Workspace {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "objection-desk-cli-XXXXXX").utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) {
        _ = FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8))
    }

    func read(_ name: String) -> String { (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "" }

    func lines(_ name: String) -> [String] { read(name).split(separator: "\n").map(String.init) }

    var runner: CLIRunner { CLIRunner(workingDirectory: path) }

    /// A small queue: three EU submissions, one hostile, one outside the EEA.
    static let sampleQueue = [
        #"{"id":"s1","submitted_at":"2026-10-01T09:00:00Z","country":"FR","email":"marie@example.fr","email_verified":true,"justification":"Mes données, mes photos."}"#,
        #"{"id":"s2","submitted_at":"2026-10-02T09:00:00Z","country":"de","email":"hans@example.de","email_verified":false,"justification":"Meine Daten gehören mir."}"#,
        #"{"id":"s3","submitted_at":"2026-10-03T09:00:00Z","country":"DE","email":"eve@example.de","justification":"evil \u001b]0;pwned\u0007 \u202Egnp.exe"}"#,
        #"{"id":"s4","submitted_at":"2026-10-04T09:00:00Z","country":"US","email":"joe@example.com","justification":"I live in Ohio, \"but\" I object, too"}"#,
    ].joined(separator: "\n") + "\n"
}
