import DeskStore
import DeskEngine
import DeskCore

extension AppState {
    mutating func handlePromptKey(_ key: Key, prompt original: Prompt) -> [Effect] {
        var prompt = original
        switch key {
        case .escape, .control("c"):
            var cancelled = "cancelled; nothing was recorded"
            if case .filter(let previous) = prompt.purpose {
                invalidFilter = nil
                applyFilter(previous, from: placeBeforeFilterPrompt)
                placeBeforeFilterPrompt = nil
                cancelled = "filter unchanged"  // a filter prompt records nothing anyway
            }
            if case .search(let previous, let startRow) = prompt.purpose {
                setSearch(previous ?? "")
                if let startRow, let index = rows.firstIndex(of: startRow) { moveCursor(to: index) }
            }
            mode = .browsing
            message = StatusMessage(text: cancelled, isError: false)
            return []
        case .enter:
            return confirm(prompt)
        case .tab, .backTab:
            guard !prompt.isEditingNote, let kind = prompt.decisionKind else { return [] }
            let choices = templates.texts(for: kind)
            guard !choices.isEmpty else { return [] }
            cycleTemplates(&prompt, choices: choices, forward: key == .tab)
        case .control("n"):
            // The second field, the internal note; an accept's prompt is the note already.
            guard let kind = prompt.decisionKind, kind != .accepted else { return [] }
            prompt.isEditingNote.toggle()
            prompt.historyIndex = nil
        case .up, .down:
            walkHistory(&prompt, older: key == .up)
        default:
            if pickCannedReason(key, in: &prompt) { break }
            var field = prompt.activeField
            guard field.apply(key) else { return [] }
            if field.text != prompt.activeField.text {
                if !prompt.isEditingNote {
                    // Edited: the text is the agent's own now, not a canned reply.
                    prompt.templateIndex = nil
                    prompt.draft = nil
                }
                prompt.historyIndex = nil
            }
            prompt.activeField = field
        }
        prompt.error = nil
        return updatePrompt(prompt)
    }

    /// On an empty reason, a number picks the canned reason listed with it; false: not such a key.
    /// (A separate function: folded into the switch above, the release build's optimizer crashed.)
    private func pickCannedReason(_ key: Key, in prompt: inout Prompt) -> Bool {
        guard case .character(let digit) = key, let number = digit.wholeNumberValue, (1...9).contains(number),
              !prompt.isEditingNote, prompt.field.text.isEmpty, let kind = prompt.decisionKind else { return false }
        let choices = templates.texts(for: kind)
        guard !choices.isEmpty else { return false }
        guard number <= choices.count else { return true }
        prompt.draft = ""
        prompt.field.replace(with: choices[number - 1])
        prompt.templateIndex = number - 1
        return true
    }

    /// Tab: the next canned reply; after the last, back to what the agent had typed (never lost).
    private func cycleTemplates(_ prompt: inout Prompt, choices: [String], forward: Bool) {
        if prompt.templateIndex == nil { prompt.draft = prompt.field.text }
        let current = prompt.templateIndex ?? (forward ? -1 : choices.count)
        let next = current + (forward ? 1 : -1)
        if next < 0 || next >= choices.count {
            prompt.field.replace(with: prompt.draft ?? "")
            prompt.templateIndex = nil
            prompt.draft = nil
        } else {
            prompt.field.replace(with: choices[next])
            prompt.templateIndex = next
        }
    }

    /// Up: an earlier entry of this prompt's history; Down: a later one, then the text typed.
    private func walkHistory(_ prompt: inout Prompt, older: Bool) {
        let entries = history.list(prompt.historyKind)
        guard !entries.isEmpty else { return }
        var field = prompt.activeField
        switch (prompt.historyIndex, older) {
        case (nil, true):
            prompt.historyDraft = field.text
            prompt.historyIndex = entries.count - 1
        case (nil, false):
            return
        case (let index?, true):
            prompt.historyIndex = max(0, index - 1)
        case (let index?, false):
            prompt.historyIndex = index + 1 < entries.count ? index + 1 : nil
        }
        field.replace(with: prompt.historyIndex.map { entries[$0] } ?? prompt.historyDraft)
        prompt.activeField = field
        if !prompt.isEditingNote {
            prompt.templateIndex = nil
            prompt.draft = nil
        }
    }

    /// Text pasted into the prompt, at the cursor; line breaks become spaces.
    mutating func pasteIntoPrompt(_ text: String, prompt original: Prompt) -> [Effect] {
        var prompt = original
        var field = prompt.activeField
        field.insert(text.replacingLineBreaks())
        prompt.activeField = field
        prompt.error = nil
        if !prompt.isEditingNote {
            prompt.templateIndex = nil
            prompt.draft = nil
        }
        return updatePrompt(prompt)
    }

    /// Stores the edited prompt; a filter prompt applies the text live when it parses.
    mutating func updatePrompt(_ prompt: Prompt) -> [Effect] {
        var prompt = prompt
        var effects: [Effect] = []
        if case .search(_, let startRow) = prompt.purpose { updateSearchPrompt(prompt, startRow: startRow) }
        if case .filter = prompt.purpose {
            do {
                let expression = try FilterParser.parse(prompt.text)
                invalidFilter = nil
                filterText = prompt.text
                filter = expression
                effects = applyLiveFilter()
            } catch {
                prompt.error = error.description
                invalidFilter = (prompt.text, error.message)
            }
        }
        mode = .prompt(prompt)
        return effects
    }

    private mutating func confirm(_ prompt: Prompt) -> [Effect] {
        switch prompt.purpose {
        case .filter:
            if prompt.error != nil { return [] }  // keep editing until it parses
            mode = .browsing
            var text = filterText.isEmpty ? "filter cleared" : "filter: \(filterText)"
            if !isFiltering, let start = placeBeforeFilterPrompt, let notice = notice(for: start, change: .filter) { text += " · " + notice.text }
            placeBeforeFilterPrompt = nil
            // A filter of the reviewer's own making, unless it still narrows the cluster's
            // members (`cluster:X country:es`): Esc then still goes back to before `5`.
            let narrowsCluster = filter.terms.contains { term in
                if case .cluster = term.predicate, !term.isNegated { return true }
                return false
            }
            if !narrowsCluster { placeBeforeClusterMembers = nil }
            message = StatusMessage(text: text, isError: false)
            return remember(filterText, as: .filter)
        case .search:
            mode = .browsing
            if search != nil {
                searchScrollPending = currentRow
                scrollDetailToMatch()
            }
            message = StatusMessage(text: search == nil ? "search cleared" : searchSummary(), isError: false)
            return remember(prompt.text, as: .search)
        case .reason(let kind, let targets, let seen):
            let text = prompt.text.trimmingSpaces()
            let note = (kind == .accepted ? text : prompt.note.text.trimmingSpaces())
            guard kind == .accepted || !text.isEmpty else {
                var again = prompt
                again.isEditingNote = false
                again.error = kind == .rejected ? "a rejection needs a reason (GDPR Art. 12(4))"
                    : kind == .reopened ? "say why it is reopened" : "type the message to send"
                mode = .prompt(again)
                return []
            }
            var request = request(kind, targets: targets, reason: kind == .accepted ? nil : text, seen: seen,
                                  note: note.isEmpty ? nil : note)
            request.overridesClaims = prompt.overridesClaims
            // The code goes with the canned text only while it is kept as it is: edited words are
            // the reviewer's own, and the reply must then give those, not the code's translation.
            if let index = prompt.templateIndex, kind != .accepted { request.reasonCode = templates.code(for: kind, at: index) }
            var effects = proceed(request, targets: targets)
            if kind != .accepted { effects += remember(text, as: historyKind(for: kind)) }
            if !note.isEmpty { effects += remember(note, as: .note) }
            return effects
        }
    }

    private func historyKind(for kind: DecisionKind) -> PromptHistory.Kind {
        switch kind {
        case .rejected: .reject
        case .verificationRequested: .verify
        case .reopened, .extended: .reopen
        case .accepted: .note
        }
    }

    /// Adds a confirmed entry to the history and asks the app to keep it.
    private mutating func remember(_ text: String, as kind: PromptHistory.Kind) -> [Effect] {
        guard !text.allSatisfy(\.isWhitespace), history.list(kind).last != text else { return [] }
        history.add(text, to: kind)
        return [.remember(kind, text)]
    }

    mutating func applyFilter(_ text: String, from reference: ListPlace? = nil) {
        filterText = text
        filter = (try? FilterParser.parse(text)) ?? .matchAll
        recomputeRows(.filter, from: reference)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
