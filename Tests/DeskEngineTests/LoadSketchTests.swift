import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// A command that needs the clusters (`stats`, `clusters`) sketches each row while the first read
/// of the queue parses it (`LoadSketch`); the clusters must be those of reading the rows back.
@Suite struct LoadSketchTests {
    /// Rows enough for more than one part of the parallel load (parts start at 8 MiB) and more
    /// than one sketch run per part, with escaped copies, typos, short, empty and link-only texts.
    private func queueLines(count: Int, duplicateAt: Int? = nil) -> [String] {
        let letter = "I object under Article 21 GDPR to the use of my posts and photos for training your models, now and later."
        let other = "Please do not use my comments or my pictures to train any artificial intelligence system at all, thank you."
        let forms = [
            letter,
            letter.uppercased(),
            letter.replacingOccurrences(of: "photos", with: "phtoos"),
            other,
            other + " My account is private and I never agreed to this.",
            "Short text here.",
            "",
            "https://social.example/@someone",
            "Ne pas utiliser mes données, merci. \u{202E}",
        ]
        var lines: [String] = []
        for index in 0..<count {
            var text = forms[index % forms.count]
            if index % 97 == 0 { text = "Personal story number \(index): I write about my family and do not want it in a model." }
            if index % 89 == 0 { text = other + " Story \(index % 7) of my own about why this matters to me and my children." }
            let id = duplicateAt == index ? "s0" : "s\(index)"
            var line = submissionLine(id: id, email: "person\(index % 1_000)@example.org", justification: text)
            if index % 5 == 0 { line = line.replacingOccurrences(of: "GDPR", with: "GDP\\u0052") }  // same text, escaped
            lines.append(line)
        }
        return lines
    }

    private func expectSameClusters(_ sketched: Clusters, _ readBack: Clusters, rows: Int) {
        #expect(sketched.count == readBack.count)
        #expect(sketched.count >= 3)
        for row in 0..<rows {
            #expect(sketched.kind(ofRow: row) == readBack.kind(ofRow: row), "row \(row)")
            #expect(sketched.cluster(ofRow: row) == readBack.cluster(ofRow: row), "row \(row)")
            #expect(sketched.addsWords(row) == readBack.addsWords(row), "row \(row)")
        }
        for cluster in 0..<min(sketched.count, readBack.count) {
            #expect(sketched.representativeRow(ofCluster: cluster) == readBack.representativeRow(ofCluster: cluster))
        }
    }

    @Test func clustersSketchedWhileLoadingEqualThoseReadBack() throws {
        let directory = TemporaryDirectory()
        let queue = directory.write("q.jsonl", queueLines(count: 48_000).joined(separator: "\n") + "\n")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: queue)[.size] as? Int)
        #expect(size > 8 << 20, "the load must be cut into parts")
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"), index: .disabled, sketchingClusters: true)
        let sketched = desk.clusters
        #expect(sketched.statistics.sketchedWhileLoading)
        let readBack = Clusters(table: desk.table)
        #expect(!readBack.statistics.sketchedWhileLoading)
        expectSameClusters(sketched, readBack, rows: desk.table.count)
        // Rows that cannot be shown as written are still flagged on every copy of the text.
        #expect(desk.table.columns.attributes[8].contains(.needsEscaping))
        #expect(desk.table.columns.attributes[8 + 9 * 100].contains(.needsEscaping))
        #expect(desk.table.columns.attributes[6].contains(.emptyJustification))
        #expect(desk.table.columns.attributes[7 + 9 * 100].contains(.urlOnly))
    }

    /// The clustering's worker tells the load whether a text it folded needs escaping, so the
    /// load does not scan it again: the flag must be the scan's on every row, repeats included.
    @Test func textsFoldedWhileLoadingAreFlaggedForEscapingAsTheScanFlagsThem() throws {
        let directory = TemporaryDirectory()
        let texts: [(String, Bool)] = [
            ("I object to the use of my posts for training.", false),
            ("Colour me \u{1B}[31mred\u{1B}[0m, I object to this processing of my data.", true),
            ("Ne pas utiliser mes données \u{202E}sdrow desrever, merci beaucoup.", true),
            ("Je travaille 👩\u{200D}💻 et je refuse cet entraînement de vos modèles.", false),
            ("I love my family ❤\u{FE0F} and I refuse that you train on their photos.", false),
            ("Zero\u{200D}width joiner between letters hides words from reviewers here.", true),
            ("Παρακαλώ μη χρησιμοποιείτε τις αναρτήσεις μου για εκπαίδευση.", false),
            ("Tabs\tand\r\nline breaks are fine in a justification like this one.", false),
            ("A lone\rcarriage return rewrites the line on a terminal screen.", true),
            ("Next line \u{85} is a C1 control that terminals may act upon.", true),
        ]
        var lines: [String] = []
        for index in 0..<(texts.count * 3) {
            lines.append(submissionLine(id: "s\(index)", email: "p\(index)@example.org", justification: texts[index % texts.count].0))
        }
        let queue = directory.write("q.jsonl", lines.joined(separator: "\n") + "\n")
        let sketched = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"), index: .disabled, sketchingClusters: true)
        let scanned = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"), index: .disabled, sketchingClusters: false)
        #expect(sketched.table.count == lines.count)
        for row in 0..<lines.count {
            let flagged = sketched.table.columns.attributes[row].contains(.needsEscaping)
            #expect(flagged == texts[row % texts.count].1, "row \(row): \(texts[row % texts.count].0.debugDescription)")
            #expect(flagged == scanned.table.columns.attributes[row].contains(.needsEscaping), "row \(row)")
        }
    }

    @Test func aDroppedDuplicateIDMeansTheRowsAreReadBack() throws {
        let directory = TemporaryDirectory()
        let queue = directory.write("q.jsonl", queueLines(count: 3_000, duplicateAt: 1_200).joined(separator: "\n") + "\n")
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"), index: .disabled, sketchingClusters: true)
        #expect(desk.table.count == 2_999)
        let clusters = desk.clusters
        #expect(!clusters.statistics.sketchedWhileLoading)
        expectSameClusters(clusters, Clusters(table: desk.table), rows: desk.table.count)
    }

    @Test func aQueueReadFromItsIndexIsNotSketchedWhileLoading() throws {
        let directory = TemporaryDirectory()
        let queue = directory.write("q.jsonl", queueLines(count: 2_000).joined(separator: "\n") + "\n")
        let options = indexOptions(directory)
        _ = try QueueFile(path: queue, index: options)  // writes the index
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"), index: options, sketchingClusters: true)
        #expect(desk.queueFile?.rowsFromIndex == 2_000)
        #expect(!desk.clusters.statistics.sketchedWhileLoading)
    }

    @Test func rowsAppendedBeforeTheClustersAreBuiltAreReadBack() throws {
        let directory = TemporaryDirectory()
        let lines = queueLines(count: 2_100)
        let queue = directory.write("q.jsonl", lines[0..<2_000].joined(separator: "\n") + "\n")
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"), index: .disabled, sketchingClusters: true)
        let handle = try #require(FileHandle(forWritingAtPath: queue))
        handle.seekToEndOfFile()
        handle.write(Data((lines[2_000...].joined(separator: "\n") + "\n").utf8))
        try handle.close()
        _ = try desk.refresh()
        #expect(desk.table.count == 2_100)
        let clusters = desk.clusters
        #expect(!clusters.statistics.sketchedWhileLoading)
        expectSameClusters(clusters, Clusters(table: desk.table), rows: desk.table.count)
    }

    @Test func otherParametersMeanTheRowsAreReadBack() throws {
        let directory = TemporaryDirectory()
        let queue = directory.write("q.jsonl", queueLines(count: 1_000).joined(separator: "\n") + "\n")
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"), index: .disabled, sketchingClusters: true)
        desk.clusterParameters.minimumTokens += 1
        #expect(!desk.clusters.statistics.sketchedWhileLoading)
    }

    /// The load notes where each text's justification is in the file; the character yardstick
    /// reads those bytes alone, and must fold exactly what reading the row's line would.
    @Test func theYardstickReadsEachTextWhereTheLoadFoundItAsItsLineHoldsIt() throws {
        let directory = TemporaryDirectory()
        var lines = queueLines(count: 2_000)
        lines[3] = submissionLine(id: "quoted", justification: "She said \"no\" \\ twice, then: \u{1F600} and \\u0041 too, all of it mine.")
        lines[7] = lines[7].replacingOccurrences(of: "photos", with: "ph\\u00f6tos \\ud83d\\ude00 \\n\\/")
        let queue = directory.write("q.jsonl", lines.joined(separator: "\n") + "\n")
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"), index: .disabled, sketchingClusters: true)
        let grouping = desk.clusters.grouping
        #expect(grouping.textLocations.count == grouping.textRows.count)
        #expect(grouping.textRows.count > 20)
        var reader = FoldedRowReader(table: desk.table, waitingForSearchText: false)
        for (text, row) in grouping.textRows.enumerated() {
            let location = grouping.textLocations[text]
            let offset = try #require(location.fileOffset)
            var fromLocation: [UInt8]?
            #expect(reader.withJustification(at: offset, length: location.length) { fromLocation = Array($0) })
            let fromLine = reader.withJustification(Int(row)) { Array($0) }
            #expect(fromLocation == fromLine, "text \(text), row \(row)")
        }
        // A rewritten file: bytes that are no string's content there are refused, not folded.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: queue)[.size] as? Int)
        try Data(repeating: UInt8(ascii: "\""), count: size).write(to: URL(fileURLWithPath: queue))
        let first = grouping.textLocations[0]
        #expect(!reader.withJustification(at: try #require(first.fileOffset), length: first.length) { _ in })
    }
}

@Suite struct LoadPathHelperTests {
    @Test func requesterHashesOfPlainAddressesEqualTheNormalisedForm() {
        func reference(_ email: String) -> UInt64 {
            var value: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in RequesterKey.normalize(email).utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return value
        }
        for email in ["someone@example.org", "Some.One+news@Example.ORG", "no-at-sign+tag", "a+b+c@x.y", "+@x", "@", "",
                      "user@sub.example.org+x", "two@at@signs.org", "tab\there@x.org", "Zoë@example.org", "x@bücher.example"] {
            #expect(RequesterKey.hash(email) == reference(email), "\(email)")
        }
    }

    @Test func internedBytesGetTheNumbersOfTheirStrings() {
        var byBytes = StringInterner()
        var byStrings = StringInterner()
        // More distinct values than the byte table keeps, values at and past its 15-byte limit,
        // and values differing only by a trailing NUL.
        let many = (0..<300).map { "ll-\($0 % 150)" }
        let values = ["web", "ios", "android", "web", "é", "e\u{301}", "ios", ""] + (0..<40).map { "platform\($0 % 20)" }
            + many + ["fifteen-bytes!!", "sixteen-bytes!!!", "fifteen-bytes!!", "sixteen-bytes!!!", "a", "a\u{0}", "a"]
        for value in values {
            let number = Array(value.utf8).withUnsafeBytes { byBytes.number(forUTF8: $0) }
            #expect(number == byStrings.number(for: value), "\(value)")
        }
        #expect(byBytes.values == byStrings.values)
    }
}
