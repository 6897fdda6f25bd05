import DeskStore
import DeskEngine
import DeskCore
import DeskReplies

/// What the detail pane (and the full-screen reader) says about a submission, as lines of styled
/// segments wrapped to a width: every field, its full justification, its history from the
/// decision log and the reply the person gets. The reducer counts these lines to scroll; the
/// renderer draws them (`DetailView`).
enum DetailContent {
    struct Segment {
        var text: String
        var style: CellStyle
        /// Words of the justification that its cluster's text does not have, to highlight.
        var addedWords: Set<String> = []
    }

    typealias Line = [Segment]

    /// The pane's content, wrapped to `width` cells.
    static func lines(_ state: AppState, row: Int32, submission: Submission, status: SubmissionStatus, width: Int) -> [Line] {
        let label = CellStyle(role: .dim, bold: true)
        let plain = CellStyle.plain
        var lines: [Line] = []
        func field(_ name: String, _ value: String, _ style: CellStyle = .plain) {
            let wrapped = TextWrap.lines(value, width: max(1, width - 11))
            for (index, text) in wrapped.enumerated() {
                lines.append([Segment(text: index == 0 ? DisplayWidth.pad(name, toWidth: 11) : String(repeating: " ", count: 11), style: label),
                              Segment(text: text, style: style)])
            }
        }
        let extended = state.desk.ledger.extended[Int(row)]
        let daysLeft = AnswerDeadline.daysLeft(submittedAt: submission.submittedAt, now: state.now, extended: extended)
        let due = Timestamp.formatDate(AnswerDeadline.dueDay(submittedAt: submission.submittedAt, extended: extended))
        var standing = StatusLook.word(status)
        if status.isOpen {
            standing += " · answer due \(due)\(extended ? " (extended)" : ""), " + DueLook.sentence(daysLeft: daysLeft)
        }
        field("Status", standing, CellStyle(role: StatusLook.role(status), bold: true))
        if let claim = state.claims.holder(of: row) {
            let holder = state.isOwnOtherScreen(claim) ? "you, on your other screen (pid \(claim.pid))" : Safe.line(claim.holderDescription)
            field("Claimed", "by \(holder) \(AppState.claimExpiry(claim)); a/r/v ask first",
                  CellStyle(role: .warning, bold: true))
        } else if state.claims.isMine(row), let mine = state.claims.snapshot.mine {
            field("Claimed", "by you (this screen) \(AppState.claimExpiry(mine))", CellStyle(role: .dim))
        }
        field("Submitted", Timestamp.formatUTCMillis(submission.submittedAt).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: ".000Z", with: " UTC") + " (sent as " + Safe.line(submission.submittedAtText) + ")")
        let country = submission.country.description
        let region = CountryGroups.eu.contains(country) ? "EU" : CountryGroups.eea.contains(country) ? "EEA" : "outside the EEA (not by itself a ground to reject)"
        field("Country", "\(country) · \(region)" + (submission.countryText != country ? " (written \"\(Safe.line(submission.countryText))\")" : ""))
        let verified = submission.emailVerified.map { $0 ? "verified" : "NOT verified" } ?? "verification unknown"
        field("Email", Safe.line(submission.email) + " · " + verified, CellStyle(role: submission.emailVerified == true ? .normal : .warning))
        if let ascii = Punycode.asciiEmail(submission.email) {
            let domain = submission.email.split(separator: "@").last.map(String.init) ?? ""
            let warning = Punycode.mixesScripts(domain) ? " · MIXED SCRIPTS: possible look-alike domain" : ""
            field("As ASCII", Safe.line(ascii) + warning, CellStyle(role: .warning, bold: !warning.isEmpty))
        }
        var context: [String] = []
        if let platform = submission.platform { context.append("platform " + Safe.line(platform)) }
        if let locale = submission.locale { context.append("locale " + Safe.line(locale)) }
        if !context.isEmpty { field("Context", context.joined(separator: " · ")) }
        if let account = submission.accountURL { field("Account", Safe.line(account)) }
        // hostile and unverified have their own lines (Warning, Email).
        let flags = state.desk.table.flags(of: Int(row), clusterFacts: state.desk.clusterFacts).filter { $0 != .hostile && $0 != .unverified }
        if !flags.isEmpty { field("Flags", flags.map(\.rawValue).joined(separator: " · "), CellStyle(role: .warning)) }
        if state.desk.table.isRepeat(Int(row)) {
            // The same requester (normalised email) objected more than once: show where it stands.
            let others = state.desk.table.rows(ofRequester: state.desk.table.columns.requesters[Int(row)]).filter { $0 != Int(row) }
            let shown = others.prefix(4).map { "\(Safe.line(state.desk.table.id($0))) (\(StatusLook.word(state.desk.status(of: $0))))" }
            field("Also filed", shown.joined(separator: ", ") + (others.count > 4 ? ", and \(others.count - 4) more" : ""), CellStyle(role: .warning))
        }
        if state.desk.table.columns.attributes[Int(row)].contains(.needsEscaping) {
            field("Warning", "contains control, bidi or invisible characters, shown escaped (\\e, \\u202E…)", CellStyle(role: .warning, bold: true))
        }
        lines.append([])
        lines.append([Segment(text: "Justification", style: label)])
        let added = state.highlighter.addedWords(of: row, clusters: state.desk.clusters, records: state.records)
        if !added.isEmpty {
            // One in ten thousand copies asks for more ("and delete my account"): a bulk
            // decision on its cluster must not hide that.
            let count = "adds \(added.count) word\(added.count == 1 ? "" : "s") to its cluster's text (highlighted): "
            for line in TextWrap.lines(count + Safe.line(added.sorted().joined(separator: ", ")), width: max(1, width)) {
                lines.append([Segment(text: line, style: CellStyle(role: .warning, bold: true))])
            }
        }
        // Only the start of a huge text is sanitized and wrapped: every paint does this.
        let start = Safe.prefix(submission.justification, scalars: TextWrap.maximumCharacters)
        let text = Safe.multiline(start.text)
        if text.trimmingSpaces().isEmpty && !start.isCut {
            lines.append([Segment(text: "(empty)", style: CellStyle(role: .dim))])
        } else {
            let wrapped = TextWrap.wrap(text, width: max(1, width))
            for line in wrapped.lines { lines.append([Segment(text: line, style: plain, addedWords: added)]) }
            if start.isCut || wrapped.isCut {
                let size = submission.justification.utf8.count
                let more = "… cut here: the text has \(size) bytes; `objection-desk list --format jsonl --filter id:\(Safe.line(submission.id))` prints it whole"
                for line in TextWrap.lines(more, width: max(1, width)) { lines.append([Segment(text: line, style: CellStyle(role: .warning))]) }
            }
        }
        lines.append([])
        let history = state.desk.history(of: Int(row))
        lines.append([Segment(text: history.isEmpty ? "History: no decision yet" : "History", style: label)])
        for decision in history {
            let when = DecisionWording.time(decision.decidedAt)
            var entry = "\(when) \(decision.kind.name) by \(Safe.line(decision.reviewer))"
            if decision.osUser != decision.reviewer { entry += " (os: \(Safe.line(decision.osUser)))" }
            if let role = decision.recordedBy { entry += " [db role: \(Safe.line(role))]" }
            if let reason = decision.reason { entry += ": " + Safe.line(reason) }
            if let note = decision.note { entry += " [note: " + Safe.line(note) + "]" }
            for (index, piece) in TextWrap.lines(entry, width: max(1, width - 2)).enumerated() {
                lines.append([Segment(text: (index == 0 ? "• " : "  ") + piece,
                                      style: CellStyle(role: StatusLook.role(decision.kind.resultingStatus ?? .pending)))])
            }
        }
        // The reply the person gets for the latest decision, as `objection-desk replies` renders it.
        if let renderer = state.replyRenderer,
           let reply = renderer.preview(history: history, submission: submission) {
            lines.append([])
            lines.append([Segment(text: "Reply to the person (\(reply.language.rawValue)), as `replies` sends it", style: label)])
            for line in TextWrap.lines("Subject: " + Safe.line(reply.subject), width: max(1, width)) {
                lines.append([Segment(text: line, style: CellStyle(bold: true))])
            }
            for line in TextWrap.lines(Safe.multiline(reply.body), width: max(1, width)) {
                lines.append([Segment(text: line, style: CellStyle(role: .dim))])
            }
        }
        return lines
    }
}
