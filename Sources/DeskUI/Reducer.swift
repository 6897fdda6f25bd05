import DeskStore
import DeskEngine
import DeskCore

extension AppState {
    /// Applies one event; returns what the outside world must do. Pure: no I/O, so every key can
    /// be tested without a terminal or a file.
    package mutating func handle(_ event: AppEvent) -> [Effect] {
        switch event {
        case .deskChanged(let snapshot):
            if snapshot.rowNumbering != desk.rowNumbering { forgetRecords(rowNumbering: snapshot.rowNumbering) }
            desk = snapshot
            if !desk.ledger.entries.isEmpty || !desk.ledger.unresolved.isEmpty { dropNewLogNotice() }  // someone else's first decision
            return []
        case .recordsLoaded(let loaded, let requested, let numbering):
            recordsLoaded(loaded, requested: requested, rowNumbering: numbering)
            return []
        case .resize(let newWidth, let newHeight):
            width = newWidth
            height = newHeight
            if !layout.showsDetail { focus = .list }
            scrollCursorIntoView()
            return []
        case .tick(let time):
            now = time
            return []
        case .clustersReady:
            guard desk.hasClusters else { return [] }
            if message?.lastsUntil == .clustersFound { message = nil }
            if rowsAwaitClusters { recomputeRows(.filter) }  // the filter's cluster terms can be answered now
            if opensClustersWhenReady {
                opensClustersWhenReady = false
                if mode == .browsing { return openClusters() }
            }
            return []
        case .filterEvaluated(let generation, let rows):
            filterEvaluated(generation: generation, rows: rows)
            return []
        case .recorded(let request, let conflicts):
            dropNewLogNotice()
            didRecord(request, conflicts: conflicts)
            return []
        case .recordFailed(let request, let failure):
            advanceAfterRecord = nil
            tagsKeptAfterBulk = nil
            undoNotice = nil
            message = StatusMessage(text: "NOT recorded (\(request.kind.name), \(request.submissionIDs.count)): \(failure)", isError: true)
            return []
        case .reloaded(let renumbered):
            if renumbered, case .confirm = mode { mode = .browsing }  // its rows mean other submissions now
            didReload(renumbered: renumbered)
            recountOpenConfirmation()
            return []
        case .claimsChanged(let snapshot):
            claimsChanged(snapshot)
            recountOpenConfirmation()
            return []
        case .reloadFailed(let failure):
            message = StatusMessage(text: "reload failed: \(failure)", isError: true)
            return []
        case .waiting(let notice):
            message = StatusMessage(text: notice, isError: false)
            return []
        case .key(let key):
            if layout.isTooSmall { return key == .character("q") || key == .control("c") ? [.quit] : [] }
            return handleKey(key)
        case .paste(let text):
            return handlePaste(text)
        }
    }

    private mutating func handleKey(_ key: Key) -> [Effect] {
        cursorPlacedByReviewer = true
        switch mode {
        case .prompt(let prompt): return handlePromptKey(key, prompt: prompt)
        case .confirm(let confirmation): return handleConfirmKey(key, confirmation: confirmation)
        case .confirmClaimed(let confirmation): return handleClaimConfirmKey(key, confirmation: confirmation)
        case .confirmUndo(let confirmation): return handleUndoConfirmKey(key, confirmation: confirmation)
        case .pager(let pager): return handlePagerKey(key, pager: pager)
        case .reader(let row, let scroll): return handleReaderKey(key, row: row, scroll: scroll)
        case .clusters(let cursor): return handleClustersKey(key, cursor: cursor)
        case .browsing: break
        }
        message = nil
        if focus == .detail, let effects = handleDetailKey(key) { return effects }
        if key == .escape, search != nil {
            search = nil
            message = StatusMessage(text: "search cleared", isError: false)
            return []
        }
        if key == .escape, let place = placeBeforeClusterMembers {
            // Back from a cluster's members to the list as it was before `5`.
            placeBeforeClusterMembers = nil
            restore(place)
            return []
        }
        guard let action = Keymap.action(for: key) else { return [] }
        return perform(action)
    }

    private mutating func handlePaste(_ text: String) -> [Effect] {
        guard case .prompt(let prompt) = mode else {
            message = StatusMessage(text: "paste ignored: paste into a prompt (/ r v)", isError: true)
            return []
        }
        // A pasted newline never confirms anything: it becomes a space.
        return pasteIntoPrompt(text, prompt: prompt)
    }

    mutating func perform(_ action: Action) -> [Effect] {
        switch action {
        case .moveDown: moveBy(1)
        case .moveUp: moveBy(-1)
        case .pageDown: moveBy(focus == .detail ? max(1, layout.detail.height - 1) : max(1, layout.listHeight - 1))
        case .pageUp: moveBy(-(focus == .detail ? max(1, layout.detail.height - 1) : max(1, layout.listHeight - 1)))
        case .first:
            if focus == .detail { detailScroll = 0 } else { moveCursor(to: 0) }
        case .last:
            if focus == .detail { detailScroll = maximumDetailScroll } else { moveCursor(to: rows.count - 1) }
        case .toggleFocus:
            if !layout.showsDetail {
                // No room for the pane: read the submission full screen instead.
                if let row = currentRow { mode = .reader(row: row, scroll: 0) }
                focus = .list
            } else {
                focus = focus == .list ? .detail : .list
            }
        case .accept: return decide(.accepted)
        case .acceptWithNote: return decide(.accepted, withNote: true)
        case .reject: return decide(.rejected)
        case .requestVerification: return decide(.verificationRequested)
        case .extendDeadline: return extendDeadline()
        case .undo: return undo()
        case .reopen: return decide(.reopened)
        case .toggleTag:
            if let row = currentRow {
                if tags.contains(Int(row)) {
                    tags.remove(Int(row))
                } else if let claim = claims.holder(of: row) {
                    refuseTagOnClaimedRow(claim)
                } else {
                    tags.insert(Int(row))
                }
                moveBy(1)
            }
        case .tagAllShown:
            let (free, skipped) = claims.withoutOthers(rows)
            tags.insert(contentsOf: free)
            if free.isEmpty && tags.isEmpty && skipped > 0 {
                message = StatusMessage(text: "nothing tagged: all \(skipped) shown are claimed by others", isError: false)
            } else {
                let skippedNote = skipped == 0 ? "" : "; \(skipped) claimed by others skipped"
                // Tags the view or filter hides are left out of a/r/v unless the box's `i` takes
                // them in: "all of them" would promise more than `y` does.
                let hidden = hiddenTaggedCount
                let scope = hidden == 0 ? "a/r/v now apply to all of them"
                    : "a/r/v apply to the \(tags.count - hidden) shown (\(hidden) hidden: i in the box adds them)"
                message = StatusMessage(text: "\(tags.count) tagged\(skippedNote); " + scope, isError: false)
            }
        case .clearTags:
            tags = RowSet(rowCount: desk.table.count, allSelected: false)
            message = StatusMessage(text: "tags cleared", isError: false)
        case .editFilter:
            placeBeforeFilterPrompt = place
            mode = .prompt(Prompt(purpose: .filter(previous: filterText), text: filterText))
        case .cycleSort:
            sort = SortSpec(key: sort.key.next)
            message = StatusMessage(text: "sorted by \(sort.key.rawValue)", isError: false)
            return applyLiveFilter()  // a first sort by status or due at a million rows takes ~0.1 s
        case .showClusters:
            return openClusters()
        case .showView(let newView):
            view = newView
            placeBeforeClusterMembers = nil  // a view of the reviewer's own choosing
            recomputeRows(.view)
        case .reload: return [.reload]
        case .searchNext: return searchStep(forward: true)
        case .searchPrevious: return searchStep(forward: false)
        case .read:
            // With a search on, the reader opens at its first match, as the detail pane does.
            if let row = currentRow {
                let match = search == nil ? nil : lineMatchingSearch(detailLines(of: row, width: max(1, width - 2)), from: 0)
                mode = .reader(row: row, scroll: max(0, (match ?? 0) - 1))
            }
        case .redraw: return [.redraw]
        case .help: mode = .pager(Pager(content: .help))
        case .messages: mode = .pager(Pager(content: .messages, scroll: max(0, pagerLines(.messages).count - pagerHeight)))
        case .quit: return [.quit]
        }
        return []
    }

    mutating func moveBy(_ delta: Int) {
        if focus == .detail {
            detailScroll = max(0, min(maximumDetailScroll, detailScroll + delta))
        } else {
            moveCursor(to: cursor + delta)
        }
    }

    mutating func moveCursor(to index: Int) {
        guard !rows.isEmpty else { return }
        cursor = max(0, min(rows.count - 1, index))
        detailScroll = 0
        scrollCursorIntoView()
        noteCursorShown()
    }

    private mutating func didReload(renumbered: Bool) {
        if renumbered || claims.rowCount != desk.table.count { claims.remap(desk.table) }
        if renumbered {
            if case .reader = mode { mode = .browsing }  // its row number means another line now
            tags = RowSet(rowCount: desk.table.count, allSelected: false)
            // Row numbers changed: the cursor finds its submission by id; the old order means nothing.
            var before = place
            before.rows = []
            recomputeRows(.othersWork, from: before)
            message = StatusMessage(text: "the queue file was replaced; reloaded from the start", isError: true)
            return
        }
        if tags.rowCount != desk.table.count { tags = tags.resized(to: desk.table.count) }
        recomputeRows(.othersWork)
    }
}

extension String {
    /// Line breaks (CR, LF, CRLF) replaced by single spaces.
    func replacingLineBreaks() -> String {
        var result = ""
        var previousWasBreak = false
        for character in self {
            if character == "\n" || character == "\r" || character == "\r\n" {
                if !previousWasBreak { result.append(" ") }
                previousWasBreak = true
            } else {
                result.append(character)
                previousWasBreak = false
            }
        }
        return result
    }
}
