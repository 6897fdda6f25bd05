import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts by status and by country, and the oldest pending submission.")

    @OptionGroup var files: FileOptions

    func run() throws {
        let desk = try files.openDesk(sketchingClusters: true)
        let ledger = desk.ledger
        let table = desk.table
        let now = WallClock.now()
        var text = "Submissions: \(table.count)\n\nBy status:\n"
        for status in SubmissionStatus.allCases {
            text += "  \(DisplayWidth.pad(status.name, toWidth: 22)) \(ledger.count(of: status))\n"
        }
        var perCode = [Int](repeating: 0, count: 1 << 16)
        table.columns.countries.withUnsafeBufferPointer { codes in for code in codes { perCode[Int(code)] += 1 } }
        let perCountry = perCode.indices.filter { perCode[$0] > 0 }.map { (key: UInt16($0), value: perCode[$0]) }
        text += "\nBy country:\n"
        let countries = perCountry.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        for (code, count) in countries {
            let country = CountryCode(packed: code)!
            let region = CountryGroups.eea.contains(country.description) ? "" : "  (outside the EEA)"
            text += "  \(country)  \(count)\(region)\n"
        }
        // The deadline figures do not need the clusters: found on another thread meanwhile, they
        // fill the moments the clustering leaves a core idle (its single-threaded steps) instead
        // of running alone after it (0.1 s at a million rows).
        let deadlineTask = BackgroundTask { () -> (oldest: Int?, counts: DeadlineCounts) in
            var oldest: Int?
            for row in 0..<table.count where ledger.statuses[row] == .pending {
                if oldest.map({ table.columns.submittedAt[row] < table.columns.submittedAt[$0] }) ?? true { oldest = row }
            }
            return (oldest, ledger.deadlineCounts(in: table, now: now))
        }
        // `viral` and `adds` need the clusters: read from their saved copy (milliseconds), or found
        // once and saved (seconds at a million rows, the first time a queue file is seen).
        CommandProgress.findingClusters(desk) { desk.buildClusters() }
        let flagCounts = table.flagCounts(clusterFacts: desk.clusterFacts)
        text += "\nFlags (flag:NAME filters them):\n"
        for (index, flag) in RowFlag.allCases.enumerated() {
            text += "  \(flag.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0))\(flagCounts[index])\n"
        }
        let (oldest, deadlines) = deadlineTask.take()!
        let (overdue, dueSoon, extended) = (deadlines.overdue, deadlines.dueSoon, deadlines.extended)
        text += "\nOpen past the answer deadline (GDPR Art. 12(3)): \(overdue)\n"
        text += "Open and due within \(DeadlineCounts.dueSoonDays) days: \(dueSoon)\n"
        text += "Open with an extended deadline (three months): \(extended)\n"
        if let oldest {
            let submitted = table.columns.submittedAt[oldest]
            let age = (now - submitted) / 86_400_000
            let due = AnswerDeadline.daysLeft(submittedAt: submitted, now: now, extended: ledger.extended[oldest])
            text += "Oldest pending: \(TerminalSafety.sanitize(table.id(oldest)).text), submitted \(Timestamp.formatUTCMillis(submitted)), "
            text += "\(age) day\(age == 1 ? "" : "s") ago (\(due < 0 ? "\(-due) days overdue" : "due in \(due) days"))\n"
        } else {
            text += "Oldest pending: none\n"
        }
        try TerminalOutput.writeAll(Array(text.utf8))  // a failed write is exit 2, not a silent 0
    }
}
