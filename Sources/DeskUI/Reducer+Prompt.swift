import DeskCore

extension AppState {
    mutating func handlePromptKey(_ key: Key, prompt original: Prompt) -> [Effect] {
        var prompt = original
        switch key {
        case .escape:
            if case .filter(let previous) = prompt.purpose { applyFilter(previous) }
            mode = .browsing
            message = StatusMessage(text: "cancelled", isError: false)
            return []
        case .enter:
            return confirm(prompt)
        case .backspace:
            if !prompt.text.isEmpty { prompt.text.removeLast() }
        case .control("u"):
            prompt.text = ""
        case .tab:
            guard case .reason(let kind, _, _) = prompt.purpose else { return [] }
            let choices = templates.texts(for: kind)
            guard !choices.isEmpty else { return [] }
            let next = ((prompt.templateIndex ?? -1) + 1) % choices.count
            prompt.templateIndex = next
            prompt.text = choices[next]
        case .character(let character):
            prompt.text.append(character)
        default:
            return []
        }
        prompt.error = nil
        return updatePrompt(prompt)
    }

    /// Stores the edited prompt; a filter prompt applies the text live when it parses.
    mutating func updatePrompt(_ prompt: Prompt) -> [Effect] {
        var prompt = prompt
        if case .filter = prompt.purpose {
            do {
                let expression = try FilterParser.parse(prompt.text)
                filterText = prompt.text
                filter = expression
                recomputeRows(keeping: currentRow)
            } catch {
                prompt.error = error.description
            }
        }
        mode = .prompt(prompt)
        return []
    }

    private mutating func confirm(_ prompt: Prompt) -> [Effect] {
        switch prompt.purpose {
        case .filter:
            if prompt.error != nil { return [] }  // keep editing until it parses
            mode = .browsing
            message = StatusMessage(text: filterText.isEmpty ? "filter cleared" : "filter: \(filterText)", isError: false)
            return []
        case .reason(let kind, let targets, let seen):
            let reason = prompt.text.trimmingSpaces()
            guard !reason.isEmpty else {
                var again = prompt
                again.error = kind == .rejected ? "a rejection needs a reason (GDPR Art. 12(4))"
                    : kind == .reopened ? "say why it is reopened" : "type the message to send"
                mode = .prompt(again)
                return []
            }
            return proceed(request(kind, targets: targets, reason: reason, seen: seen), targets: targets)
        }
    }

    mutating func applyFilter(_ text: String) {
        filterText = text
        filter = (try? FilterParser.parse(text)) ?? .matchAll
        recomputeRows(keeping: currentRow)
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
