import DeskCore

extension AppState {
    /// What the confirmation for `request` on `targets` says: how many are shown and hidden, by
    /// status, and who already decided the ones that are accepted or rejected.
    func confirmation(for request: DecisionRequest, targets: [Int32], isBulk: Bool) -> BulkConfirmation {
        var confirmation = BulkConfirmation(request: request, targets: targets, isBulk: isBulk)
        let statuses = desk.ledger.statuses
        for row in targets {
            let status = statuses[Int(row)]
            let isShown = shownSet.rowCount > Int(row) && shownSet.contains(Int(row))
            if isShown {
                confirmation.shownByStatus[Int(status.rawValue)] += 1
            } else {
                confirmation.hidden.append(row)
                confirmation.hiddenByStatus[Int(status.rawValue)] += 1
            }
            if (status == .accepted || status == .rejected) && confirmation.alreadyDecided.count < 3,
               let latest = latestDecision(of: row) {
                confirmation.alreadyDecided.append(latest)
            }
        }
        // One submission, decided: it was opened on purpose, so it counts as shown.
        if !isBulk {
            confirmation.hidden = []
            for index in confirmation.hiddenByStatus.indices {
                confirmation.shownByStatus[index] += confirmation.hiddenByStatus[index]
                confirmation.hiddenByStatus[index] = 0
            }
        }
        return confirmation
    }

    /// The latest decision recorded for `row`, if any.
    func latestDecision(of row: Int32) -> Decision? {
        let index = desk.ledger.latest[Int(row)]
        return index < 0 ? nil : desk.ledger.decision(at: Int(index), table: desk.table)
    }

    /// Whether `request` on `targets` must be confirmed first: with tags, always; for one
    /// submission, when the agent saw it accepted or rejected (a reopening is that on purpose).
    /// A row someone decided after the agent acted goes on to the store, which refuses it and
    /// names who decided it.
    func needsConfirmation(_ request: DecisionRequest, targets: [Int32]) -> Bool {
        if !tags.isEmpty { return true }
        guard request.kind != .reopened else { return false }
        let statuses = desk.ledger.statuses
        return zip(targets, request.expectedLatestLines).contains { row, seen in
            (statuses[Int(row)] == .accepted || statuses[Int(row)] == .rejected) && desk.latestLine(of: Int(row)) == seen
        }
    }

    mutating func handleConfirmKey(_ key: Key, confirmation original: BulkConfirmation) -> [Effect] {
        var confirmation = original
        if key == .character("i"), !confirmation.hidden.isEmpty {
            confirmation.includesHidden.toggle()
            mode = .confirm(confirmation)
            return []
        }
        mode = .browsing
        guard key == .character("y") || key == .character("Y") else {
            message = StatusMessage(text: "cancelled; nothing was recorded" + (tags.isEmpty ? "" : " (tags kept)"), isError: false)
            return []
        }
        let request = confirmation.effectiveRequest(ids: ids(of:))
        guard !request.submissionIDs.isEmpty else {
            message = StatusMessage(text: "nothing recorded: every tagged submission is hidden (i includes them)", isError: true)
            return []
        }
        if confirmation.isBulk {
            tagsKeptAfterBulk = confirmation.includesHidden ? [] : confirmation.hidden
        } else if let row = confirmation.targets.first {
            advanceAfterRecord = (row, rows.firstIndex(of: row) ?? cursor)
        }
        return [.record(request)]
    }
}

extension BulkConfirmation {
    /// How many submissions a `y` decides.
    public var effectiveCount: Int { includesHidden ? targets.count : targets.count - hidden.count }

    /// Per status, how many of the submissions a `y` decides have it now.
    public var effectiveByStatus: [Int] {
        includesHidden ? zip(shownByStatus, hiddenByStatus).map(+) : shownByStatus
    }

    /// The request a `y` records: without the hidden targets unless they were included.
    func effectiveRequest(ids: ([Int32]) -> [String]) -> DecisionRequest {
        guard !includesHidden, !hidden.isEmpty else { return request }
        return request.keeping(Set(request.submissionIDs).subtracting(ids(hidden)))
    }
}
