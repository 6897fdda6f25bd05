import Foundation
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// Everything a queue read produces, in comparable form: what an index load must reproduce.
struct QueueFacts: Equatable {
    var offsets: [Int64]
    var lengths: [UInt32]
    var lineNumbers: [UInt32]
    var submittedAt: [Int64]
    var countries: [UInt16]
    var attributes: [UInt8]
    var platforms: [String?]
    var locales: [String?]
    var platformNames: [String]
    var localeNames: [String]
    var requesters: [UInt64]
    var requesterCounts: [Int]
    var ids: [String]
    var lookups: [Int?]
    var problems: [String]
    var consumedEnd: Int64
    var nextLineNumber: Int
    var tookUnterminatedTail: Bool
    var inFlightTail: String

    init(_ queue: QueueFile) {
        let table = queue.table
        let columns = table.columns
        offsets = columns.lineOffsets
        lengths = columns.lineLengths
        lineNumbers = columns.lineNumbers
        submittedAt = columns.submittedAt
        countries = columns.countries
        attributes = columns.attributes.map(\.rawValue)
        platforms = columns.platforms.map { table.platforms.value($0) }
        locales = columns.locales.map { table.locales.value($0) }
        platformNames = table.platforms.values
        localeNames = table.locales.values
        requesters = columns.requesters
        requesterCounts = columns.requesters.map { table.requesterIndex.count(of: $0) }
        ids = (0..<table.count).map { table.id($0) }
        lookups = ids.map { table.row(forID: $0) } + ["", "absent", "x\u{0}"].map { table.row(forID: $0) }
        problems = queue.problems.map { "\($0.line)|\($0.byteOffset.map(String.init) ?? "-")|\($0.file)|\($0.message)" }.sorted()
        consumedEnd = queue.consumedEnd
        nextLineNumber = queue.nextLineNumber
        tookUnterminatedTail = queue.tookUnterminatedTail
        inFlightTail = queue.inFlightTail.map { "\($0.offset):\($0.line)" } ?? "none"
    }
}

/// Every row's folded email and justification.
func foldedRows(_ table: SubmissionTable) -> [[UInt8]] {
    let text = table.foldedText()
    return (0..<table.count).map { row in
        text.withEmail(row) { Array($0) } + [0x01] + text.withJustification(row) { Array($0) }
    }
}

/// A deterministic queue with what a real one holds: a byte order mark, CRLF and blank lines,
/// escapes, hostile and non-Latin text, URL-only and empty justifications, optional fields, and
/// problems (malformed lines, bad values, duplicate ids).
func generatedQueueLines(count: Int, idPrefix: String = "g", seed: Int = 1) -> [String] {
    let platforms = [#","platform":"web""#, #","platform":"ios""#, #","platform":null"#, "", #","platform":"andro\u00efd""#]
    let locales = [#","locale":"fr-FR""#, #","locale":"de_DE""#, "", #","locale":"el""#]
    let verified = [#","email_verified":true"#, #","email_verified":false"#, ""]
    let justifications = [
        "Je m'oppose au traitement de mes donn\u{E9}es.", "https://example.org/x", "...", "Stra\u{DF}e \u{2014} Daten",
        "evil \u{1B}]0;x\u{07} \u{202E}gnp", "\u{391}\u{3B8}\u{3AE}\u{3BD}\u{3B1} line\nbreak", "Ich widerspreche. \u{1F468}\u{200D}\u{1F469}",
    ]
    let emails = ["someone@example.org", "Some.One+tag@Example.org", "\u{E9}lodie@exemple.fr", "ivan@\u{440}ayp\u{430}l.com"]
    var lines: [String] = []
    var state = UInt64(seed)
    func next() -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(state >> 33)
    }
    for index in 0..<count {
        let choice = next()
        if index > 0 && index % 97 == 0 { lines.append("{not json \(index)"); continue }
        if index > 0 && index % 89 == 0 { lines.append(submissionLine(id: "\(idPrefix)\(index / 2)")); continue }
        if index % 50 == 49 { lines.append("   "); continue }
        if index > 0 && index % 113 == 0 { lines.append(submissionLine(id: "\(idPrefix)\(index)", country: "ZZ")); continue }
        let extra = platforms[choice % platforms.count] + locales[(choice / 7) % locales.count] + verified[(choice / 3) % verified.count]
        var line = submissionLine(id: "\(idPrefix)\(index)", submittedAt: "2026-\(String(format: "%02d", 1 + choice % 12))-0\(1 + choice % 9)T10:00:00Z",
                                  country: ["FR", "de", "PL", "US", "GR"][choice % 5], email: emails[(choice / 11) % emails.count],
                                  justification: justifications[(choice / 5) % justifications.count] + " \(index)", extra: extra)
        if index % 31 == 0 { line += "\r" }
        lines.append(line)
    }
    lines[0] = "\u{FEFF}" + lines[0]
    return lines
}

/// Options that keep a test's index in its own directory and write it before returning.
func indexOptions(_ directory: TemporaryDirectory) -> DerivedFileOptions {
    DerivedFileOptions(cacheHome: directory.file("cache"), writesSynchronously: true)
}

/// The notes `queue` has to tell that mention `path` (taken: a second call gives only newer ones).
func notes(about path: String, from queue: QueueFile) -> [String] {
    queue.takeNotes().filter { $0.contains(path) }
}

/// Sets a file's modification time (to hide an in-place edit from the size-and-mtime check).
func setModificationTime(_ path: String, to time: timespec) {
    var times = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2), time]  // UTIME_OMIT: leave atime
    _ = utimensat(AT_FDCWD, path, &times, 0)
}

func modificationTime(_ path: String) -> timespec {
    var status = stat()
    _ = stat(path, &status)
    return status.st_mtim
}

/// Overwrites `bytes.count` bytes of `path` at `offset` in place (same inode, same size).
func overwrite(_ path: String, at offset: Int, with bytes: [UInt8]) {
    let descriptor = open(path, O_WRONLY)
    _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, $0.count, off_t(offset)) }
    close(descriptor)
}

func fileBytes(_ path: String) -> [UInt8] {
    (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
}
