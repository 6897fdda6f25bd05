import DeskSampleData
import Foundation
import Testing

/// The repository root: this file lives at `Tests/DeskCoreTests/SampleDataTests.swift`.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private let eeaCountries: Set<String> = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
    "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
]

/// Splits JSONL bytes on `\n`, requiring a final newline and no empty lines.
private func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
    #expect(bytes.last == 0x0A, "file must end with a newline")
    return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
}

/// Parses one line as a JSON object with Foundation, recording a failure if it is not one.
private func parseObject(_ line: [UInt8]) -> [String: Any]? {
    let object = try? JSONSerialization.jsonObject(with: Data(line))
    let dictionary = object as? [String: Any]
    #expect(dictionary != nil, "not a JSON object: \(String(decoding: line.prefix(120), as: UTF8.self))")
    return dictionary
}

private func isRFC3339(_ text: String) -> Bool {
    text.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/#) != nil
}

private func parseTime(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
    return formatter.date(from: text)
}

/// Checks the submission contract: required fields and the types of optional ones.
private func checkSubmission(_ object: [String: Any]) {
    let id = object["id"] as? String
    #expect(id?.isEmpty == false, "id must be a non-empty string")
    let submittedAt = object["submitted_at"] as? String ?? ""
    #expect(isRFC3339(submittedAt) && parseTime(submittedAt) != nil, "bad submitted_at \(submittedAt)")
    let country = (object["country"] as? String ?? "").trimmingCharacters(in: .whitespaces)
    #expect(country.count == 2 && country.allSatisfy(\.isLetter), "bad country in \(id ?? "?")")
    #expect(object["email"] is String)
    #expect(object["justification"] is String)
    if let verified = object["email_verified"] { #expect(verified is Bool) }
    for key in ["platform", "locale"] {
        if let value = object[key] { #expect(value is String, "\(key) must be a string") }
    }
    if let url = object["account_url"] { #expect(url is String || url is NSNull) }
}

@Suite("Sample data")
struct SampleDataTests {
    let sampleObjects: [[String: Any]] = SampleQueue.lines().compactMap(parseObject)

    @Test func committedSampleMatchesGenerator() throws {
        let path = repositoryRoot.appendingPathComponent("Resources/sample-queue.jsonl")
        let committed = try [UInt8](Data(contentsOf: path))
        #expect(
            committed == SampleQueue.fileContents(),
            "Resources/sample-queue.jsonl is stale; regenerate with: swift run objection-desk-bench generate --sample --queue Resources/sample-queue.jsonl"
        )
    }

    @Test func sampleLinesFollowTheContract() {
        let lines = SampleQueue.lines()
        #expect((180...220).contains(lines.count))
        #expect(sampleObjects.count == lines.count)
        #expect(!lines.contains { $0.contains(0x0A) }, "a line holds a raw newline")
        sampleObjects.forEach(checkSubmission)
        let ids = sampleObjects.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count, "ids must be unique")
        #expect(ids.allSatisfy { $0.wholeMatch(of: #/obj-2026-\d{6}/#) != nil })
    }

    @Test func sampleSpansTheDeadline() throws {
        let times = sampleObjects.compactMap { ($0["submitted_at"] as? String).flatMap(parseTime) }
        let reference = try #require(parseTime(SampleQueue.referenceTimestamp))
        let oneMonthEarlier = reference.addingTimeInterval(-30 * 86_400)
        #expect(times.count == sampleObjects.count)
        #expect(times.allSatisfy { $0 < reference && $0 > reference.addingTimeInterval(-46 * 86_400) })
        #expect(times.filter { $0 < oneMonthEarlier }.count >= 20, "some submissions must be overdue")
        #expect(sampleObjects.contains { ($0["submitted_at"] as? String)?.hasSuffix("Z") == false })
    }

    @Test func sampleCoversEveryVariety() {
        let texts = sampleObjects.compactMap { $0["justification"] as? String }
        func some(_ predicate: (Unicode.Scalar) -> Bool) -> Bool {
            texts.contains { $0.unicodeScalars.contains(where: predicate) }
        }
        #expect(some { (0x0370...0x03FF).contains($0.value) }, "Greek")
        #expect(some { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }, "CJK")
        #expect(some { (0x1F300...0x1FAFF).contains($0.value) }, "emoji")
        #expect(texts.contains { $0.contains("\n") }, "multi-line")
        #expect(texts.filter(\.isEmpty).count >= 2, "empty")
        #expect(texts.contains { text in
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.hasPrefix("https://") && !trimmed.contains(" ")
        }, "URL-only")
        #expect(some { $0.value == 0x1B }, "terminal escape")
        #expect(some { $0.value == 0x9B }, "C1 control")
        #expect(some { $0.value == 0x202E }, "bidi override")
        #expect(some { $0.value == 0x200D }, "zero-width joiner")
        #expect(texts.contains { $0.contains("\u{0}") && !$0.hasSuffix("\u{0}") }, "NUL with text after it")
        #expect(texts.filter { $0.contains("Article 21 GDPR. Copying and sharing") }.count >= 3, "chain letter")
    }

    @Test func sampleCoversAwkwardMetadata() {
        let countries = sampleObjects.compactMap { $0["country"] as? String }
        let normalized = countries.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        #expect(normalized.contains { !eeaCountries.contains($0) && $0 != "EL" }, "non-EEA")
        #expect(countries.contains("EL"))
        #expect(countries.contains { $0 != $0.trimmingCharacters(in: .whitespaces) })
        #expect(countries.contains { $0.contains(where: \.isLowercase) })
        let emails = sampleObjects.compactMap { ($0["email"] as? String)?.lowercased() }
        #expect(Set(emails).count < emails.count, "repeated email")
        #expect(emails.contains { $0.unicodeScalars.contains { $0.value == 0x0430 } }, "Cyrillic a in a domain")
        #expect(sampleObjects.contains { $0["email_verified"] as? Bool == false }, "unverified")
        #expect(sampleObjects.contains { $0["email_verified"] == nil }, "email_verified absent")
        #expect(sampleObjects.contains { $0["account_url"] is NSNull })
    }

    @Test func syntheticGenerationIsDeterministic() {
        let first = SyntheticQueueWriter(seed: 42).generate(count: 2_000)
        let second = SyntheticQueueWriter(seed: 42).generate(count: 2_000)
        #expect(first.queue == second.queue)
        #expect(first.decisions == second.decisions)
        #expect(first.summary == second.summary)
        #expect(SyntheticQueueWriter(seed: 43).generate(count: 2_000).queue != first.queue)
        let withoutDecisions = SyntheticQueueWriter(seed: 42).generate(count: 2_000, decidedFraction: nil)
        #expect(withoutDecisions.queue == first.queue, "the queue must not depend on the decisions")
        #expect(withoutDecisions.decisions.isEmpty)
    }

    @Test func syntheticLinesAreValid() throws {
        let (queue, _, summary) = SyntheticQueueWriter(seed: 7).generate(count: 2_000)
        let lines = splitLines(queue)
        #expect(lines.count == 2_000 && summary.submissionLines == 2_000)
        #expect(summary.submissionBytes == queue.count)
        #expect((380...580).contains(summary.averageLineLength), "average \(summary.averageLineLength)")
        let objects = lines.compactMap(parseObject)
        #expect(objects.count == lines.count)
        objects.forEach(checkSubmission)
        let ids = objects.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count)
        let longest = objects.compactMap { ($0["justification"] as? String)?.utf8.count }.max() ?? 0
        #expect(longest <= 1_500)
        #expect(lines.contains { $0.contains(0x5C) }, "some lines use escapes")
        #expect(lines.contains { $0.contains { $0 >= 0x80 } }, "some lines are not ASCII")
    }

    @Test func syntheticDecisionsAreValid() throws {
        let (queue, decisions, summary) = SyntheticQueueWriter(seed: 7).generate(count: 2_000, decidedFraction: 0.3)
        var submittedAt: [String: Date] = [:]
        for object in splitLines(queue).compactMap(parseObject) {
            if let id = object["id"] as? String, let time = (object["submitted_at"] as? String).flatMap(parseTime) {
                submittedAt[id] = time
            }
        }
        let lines = splitLines(decisions)
        #expect(lines.count == summary.decisionLines && summary.decisionBytes == decisions.count)
        let decided = Set(lines.compactMap { parseObject($0)?["submission_id"] as? String })
        #expect((400...800).contains(decided.count), "about 30% of 2,000 submissions decided")
        let keyOrder = ["\"submission_id\":", "\"decision\":", "\"reviewer\":", "\"os_user\":", "\"decided_at\":"]
        var kinds: Set<String> = []
        for line in lines {
            let text = String(decoding: line, as: UTF8.self)
            let positions = keyOrder.compactMap { text.range(of: $0)?.lowerBound }
            #expect(positions.count == keyOrder.count && positions == positions.sorted(), "field order in \(text)")
            guard let object = parseObject(line) else { continue }
            let kind = object["decision"] as? String ?? ""
            kinds.insert(kind)
            #expect(["accepted", "rejected", "verification_requested", "reopened"].contains(kind))
            if kind == "rejected" || kind == "verification_requested" {
                #expect((object["reason"] as? String)?.isEmpty == false, "\(kind) needs a reason")
            }
            let decidedAt = object["decided_at"] as? String ?? ""
            #expect(decidedAt.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/#) != nil)
            let id = object["submission_id"] as? String ?? ""
            let submitted = try #require(submittedAt[id], "unknown submission \(id)")
            #expect(try #require(parseTime(decidedAt)) > submitted)
        }
        #expect(kinds.count == 4)
    }

    @Test func writtenFilesMatchAndArePrivate() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("objection-desk-sample-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let queuePath = directory.appendingPathComponent("queue.jsonl").path
        let decisionsPath = directory.appendingPathComponent("decisions.jsonl").path
        let writer = SyntheticQueueWriter(seed: 9)
        let summary = try writer.write(count: 500, queueTo: queuePath, decisionsTo: decisionsPath, decidedFraction: 0.5)
        let expected = writer.generate(count: 500, decidedFraction: 0.5)
        #expect(summary == expected.summary)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: queuePath))) == expected.queue)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: decisionsPath))) == expected.decisions)
        for path in [queuePath, decisionsPath] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path) has mode \(String(mode ?? 0, radix: 8))")
        }
    }
}
