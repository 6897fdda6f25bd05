import DeskStore
import DeskEngine
import DeskCore

/// A full-screen text read like `less`: the `?` help and the `m` message log.
package struct Pager: Equatable, Sendable {
    package enum Content: Equatable, Sendable {
        case help, messages
    }

    package var content: Content
    /// The first line shown.
    package var scroll = 0
    /// While `/` is being typed: the text so far.
    package var query: String?
    /// The last text searched for: `n` finds its next line, `N` the previous.
    package var lastQuery = ""
    /// The last search found nothing.
    package var notFound = false

    package init(content: Content, scroll: Int = 0) {
        self.content = content
        self.scroll = scroll
    }
}

extension AppState {
    /// The lines a pager shows, wrapped to the screen: the same function draws them and searches them.
    func pagerLines(_ content: Pager.Content) -> [(String, CellStyle)] {
        switch content {
        case .help: HelpView.lines(self, width: width)
        case .messages: MessagesView.lines(self, width: width)
        }
    }

    /// Rows a pager shows at once (the title, then text down to the bottom line).
    var pagerHeight: Int { max(1, layout.bottomY - 2) }

    mutating func handlePagerKey(_ key: Key, pager original: Pager) -> [Effect] {
        var pager = original
        let lines = pagerLines(pager.content)
        let lastStart = max(0, lines.count - pagerHeight)
        if let query = pager.query {
            switch key {
            case .escape, .control("c"): pager.query = nil
            case .enter:
                pager.query = nil
                if !query.isEmpty { pager.lastQuery = query }
                find(in: lines, &pager, forward: true, from: pager.scroll)
            case .backspace: pager.query = String(query.dropLast())
            case .character(let character): pager.query = query + String(character)
            default: break
            }
            mode = .pager(pager)
            return []
        }
        pager.notFound = false
        switch key {
        case .character("q"), .escape, .control("c"), .character("?"):
            mode = .browsing
            return []
        case .character("j"), .down, .enter: pager.scroll += 1
        case .character("k"), .up: pager.scroll -= 1
        case .character(" "), .pageDown, .control("f"), .character("f"): pager.scroll += pagerHeight - 1
        case .character("b"), .pageUp, .control("b"): pager.scroll -= pagerHeight - 1
        case .character("d"), .control("d"): pager.scroll += pagerHeight / 2
        case .character("u"), .control("u"): pager.scroll -= pagerHeight / 2
        case .character("g"), .home, .character("<"): pager.scroll = 0
        case .character("G"), .end, .character(">"): pager.scroll = lastStart
        case .character("/"): pager.query = ""
        case .character("n"): find(in: lines, &pager, forward: true, from: pager.scroll + 1)
        case .character("N"): find(in: lines, &pager, forward: false, from: pager.scroll - 1)
        default: break  // like less: a stray key does not throw the page away
        }
        pager.scroll = max(0, min(pager.scroll, lastStart))
        mode = .pager(pager)
        return []
    }

    /// Scrolls to the next (or previous) line holding `lastQuery`, ignoring case.
    private func find(in lines: [(String, CellStyle)], _ pager: inout Pager, forward: Bool, from start: Int) {
        guard !pager.lastQuery.isEmpty, !lines.isEmpty else { return }
        let needle = pager.lastQuery.lowercased()
        let order = forward ? Array(max(0, start)..<lines.count) : Array((0...min(lines.count - 1, max(0, start))).reversed())
        if let found = order.first(where: { lines[$0].0.lowercased().contains(needle) }) {
            pager.scroll = found
        } else {
            pager.notFound = true
        }
    }
}
