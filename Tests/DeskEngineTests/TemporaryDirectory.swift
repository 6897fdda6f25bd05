import Foundation

/// A fresh directory under the system's temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() {
        let template = NSTemporaryDirectory() + "objection-desk-tests-XXXXXX"
        var bytes = Array(template.utf8CString)
        path = bytes.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ contents: String) -> String {
        write(name, Array(contents.utf8))
    }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let target = file(name)
        _ = FileManager.default.createFile(atPath: target, contents: Data(bytes))
        return target
    }

    func append(_ name: String, _ contents: String) {
        let handle = FileHandle(forWritingAtPath: file(name))!
        handle.seekToEndOfFile()
        try! handle.write(contentsOf: Data(contents.utf8))
        try! handle.close()
    }

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
    }
}

/// A valid submission line with the given overrides (nil removes a field).
func submissionLine(id: String, submittedAt: String = "2026-11-01T10:00:00Z", country: String = "FR",
                    email: String = "someone@example.org", justification: String = "I object.",
                    extra: String = "") -> String {
    var writer = "{\"id\":\(quoted(id)),\"submitted_at\":\(quoted(submittedAt)),\"country\":\(quoted(country)),"
    writer += "\"email\":\(quoted(email)),\"justification\":\(quoted(justification))\(extra)}"
    return writer
}

func quoted(_ text: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed, .withoutEscapingSlashes])
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}
