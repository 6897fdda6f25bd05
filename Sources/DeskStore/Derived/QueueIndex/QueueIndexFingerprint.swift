import DeskCore

/// What the code that derives an index's facts does to a few probes, hashed: an index written by
/// code that parses, flags, hashes or words problems differently is stale.
///
/// The index stores results of code (flags, requester keys, hash table layouts, problem texts),
/// not just of the file. Tying it to the executable would make the benchmark, the tests and the
/// command line rebuild each other's index; a hand-bumped version alone is forgotten. So the probes
/// go through the real parser, table, id hash and requester table, and `derivationVersion` covers
/// what they miss (bump it when a change could alter the facts of lines unlike the probes).
/// The probes stay below U+0370 so that computing this (about a millisecond) never builds the
/// Unicode table.
enum QueueIndexFingerprint {
    static let derivationVersion: UInt64 = 1

    static let value: UInt64 = {
        var bytes: [UInt8] = []
        func add<Value: FixedWidthInteger>(_ value: Value) { LittleEndian.append(value, to: &bytes) }
        add(derivationVersion)
        add(UInt64(QueueIndexFormat.version))
        let probes = [
            "\u{FEFF}{\"id\":\"p1\",\"submitted_at\":\"2026-03-01T10:00:00.5+02:00\",\"country\":\"fr\",\"email\":\"Ana+x@Example.ORG\",\"email_verified\":true,\"justification\":\"Mes donn\u{E9}es\\u0007 \",\"platform\":\"ios\",\"locale\":\"fr_FR\"}",
            "{\"id\":\"p2\",\"submitted_at\":\"2026-02-28T23:59:59Z\",\"country\":\"GR\",\"email\":\"\u{E9}lodie@exemple.fr\",\"email_verified\":false,\"justification\":\"https://example.org/x\",\"account_url\":\"https://s.example/@a\\u001b\"}",
            "{\"id\":\"p3\",\"submitted_at\":\"2026-01-01T00:00:00Z\",\"country\":\"US\",\"email\":\"ana@example.org\",\"justification\":\"...\\r\\n\\t\",\"platform\":null}",
            "{\"id\":\"p1\",\"submitted_at\":\"2026-01-01T00:00:00Z\",\"country\":\"DE\",\"email\":\"x@y.z\",\"justification\":\"dup\"}",
            "{\"id\":\"p4\",\"submitted_at\":\"2026-02-30T00:00:00Z\",\"country\":\"DE\",\"email\":\"x@y.z\",\"justification\":\"\"}",
            "{\"id\":\"p5\",\"submitted_at\":\"2026-01-01T00:00:00Z\",\"country\":\"ZZ\",\"email\":\"x@y.z\",\"justification\":\"\"}",
            "{\"id\":7,\"email\":\"x\"}",
            "{\"id\":\"p6\",\"id\":\"p6\"}",
            "{not json",
        ].map { Array($0.utf8) }
        var parser = QueueChunkParser(file: "", foldText: false)
        let chunk = parser.parse(lines: probes)
        var table = SubmissionTable()
        let problems = chunk.problems + table.append(chunk, file: "")
        let columns = table.columns
        for row in 0..<table.count {
            add(columns.lineOffsets[row])
            add(columns.lineLengths[row])
            add(columns.submittedAt[row])
            add(columns.countries[row])
            add(columns.attributes[row].rawValue)
            add(columns.platforms[row])
            add(columns.locales[row])
            add(columns.requesters[row])
            add(table.requesterIndex.count(of: columns.requesters[row]))
        }
        for problem in problems { bytes += Array("\(problem.line):\(problem.message)".utf8) }
        bytes += Array((table.platforms.values + ["|"] + table.locales.values).joined(separator: "\n").utf8)
        table.index.slots.forEach { add($0) }
        table.requesterIndex.keys.forEach { add($0) }
        return XXHash64.hash(bytes)
    }()
}
