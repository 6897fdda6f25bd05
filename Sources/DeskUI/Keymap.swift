/// What a key does in the list (or the detail pane, which shares the table).
package enum Action: Equatable, Hashable, Sendable {
    case moveDown, moveUp, pageDown, pageUp, first, last, toggleFocus
    case accept, acceptWithNote, reject, requestVerification, reopen, extendDeadline, showClusters
    case toggleTag, tagAllShown, clearTags
    case undo, editFilter, cycleSort, showView(ViewMode), reload, help, messages, quit
    case searchNext, searchPrevious, read, redraw
}

/// One line of the keymap: the keys, what they do, and the help text shown for them.
package struct KeyBinding: Sendable {
    package enum Section: String, CaseIterable, Sendable {
        case move = "Move", decide = "Decide", tag = "Tag and bulk", view = "Views and filter", other = "Other"
    }

    package let keys: [Key]
    /// How the keys are written in the help (`j ↓`).
    package let label: String
    package let action: Action
    package let help: String
    package let section: Section
}

/// The default keys: a contract that tests and users rely on. The `?` help is generated from this
/// same table, so it can never disagree with what the keys do.
package enum Keymap {
    package static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.character("j"), .down], label: "j ↓", action: .moveDown, help: "next submission (scroll, in the detail pane)", section: .move),
        KeyBinding(keys: [.character("k"), .up], label: "k ↑", action: .moveUp, help: "previous submission", section: .move),
        KeyBinding(keys: [.pageDown, .control("f")], label: "PgDn ^F", action: .pageDown, help: "page down", section: .move),
        KeyBinding(keys: [.pageUp, .control("b")], label: "PgUp ^B", action: .pageUp, help: "page up", section: .move),
        KeyBinding(keys: [.character("g"), .home], label: "g Home", action: .first, help: "first submission", section: .move),
        KeyBinding(keys: [.character("G"), .end], label: "G End", action: .last, help: "last submission", section: .move),
        KeyBinding(keys: [.tab, .enter], label: "Tab Enter", action: .toggleFocus, help: "into the detail pane (space/b page, Enter reads full screen); Tab back", section: .move),
        KeyBinding(keys: [.character("z")], label: "z", action: .read, help: "read the submission full screen (space/b page, q back)", section: .move),
        KeyBinding(keys: [.character("a")], label: "a", action: .accept, help: "accept (all tagged, after confirmation)", section: .decide),
        KeyBinding(keys: [.character("A")], label: "A", action: .acceptWithNote, help: "accept with an internal note (asks for it)", section: .decide),
        KeyBinding(keys: [.character("r")], label: "r", action: .reject, help: "reject, with a reason (Enter confirms, Esc cancels)", section: .decide),
        KeyBinding(keys: [.character("v")], label: "v", action: .requestVerification, help: "request verification, with the message to send", section: .decide),
        KeyBinding(keys: [.character("x")], label: "x", action: .extendDeadline, help: "extend this row's deadline by two months (once, with a reason)", section: .decide),
        KeyBinding(keys: [.character("u")], label: "u", action: .undo, help: "undo your last decision here: back to the state before it", section: .decide),
        KeyBinding(keys: [.character("o")], label: "o", action: .reopen, help: "reopen this decided row, never the tagged ones (asks why)", section: .decide),
        KeyBinding(keys: [.character(" ")], label: "space", action: .toggleTag, help: "tag or untag, and move down", section: .tag),
        KeyBinding(keys: [.character("*")], label: "*", action: .tagAllShown, help: "tag every submission the view shows", section: .tag),
        KeyBinding(keys: [.character("c")], label: "c", action: .clearTags, help: "clear all tags", section: .tag),
        KeyBinding(keys: [.character("/")], label: "/", action: .editFilter, help: "edit the filter (live; Enter keeps, Esc restores)", section: .view),
        KeyBinding(keys: [.character("n")], label: "n", action: .searchNext, help: "search in the view (asks the text), then next match; Esc clears", section: .view),
        KeyBinding(keys: [.character("N")], label: "N", action: .searchPrevious, help: "previous match", section: .view),
        KeyBinding(keys: [.character("s")], label: "s", action: .cycleSort, help: "cycle the sort: submitted, country, email, status, due", section: .view),
        KeyBinding(keys: [.character("1")], label: "1", action: .showView(.pending), help: "pending (the default view)", section: .view),
        KeyBinding(keys: [.character("2")], label: "2", action: .showView(.awaiting), help: "awaiting verification", section: .view),
        KeyBinding(keys: [.character("3")], label: "3", action: .showView(.decided), help: "decided (accepted or rejected)", section: .view),
        KeyBinding(keys: [.character("5")], label: "5", action: .showClusters, help: "clusters of near-identical texts; Enter lists one, a r v decide its pending members", section: .view),
        KeyBinding(keys: [.character("4")], label: "4", action: .showView(.all), help: "all submissions", section: .view),
        KeyBinding(keys: [.character("R")], label: "R", action: .reload, help: "reload now (also automatic every second)", section: .other),
        KeyBinding(keys: [.control("l")], label: "^L", action: .redraw, help: "redraw the screen", section: .other),
        KeyBinding(keys: [.character("?")], label: "?", action: .help, help: "this help (space b page, g G ends, / n search, q closes)", section: .other),
        KeyBinding(keys: [.character("m")], label: "m", action: .messages, help: "the recent messages in full, newest last (paged like the help)", section: .other),
        KeyBinding(keys: [.character("q"), .control("c")], label: "q ^C", action: .quit, help: "quit (decisions are already on disk)", section: .other),
    ]

    private static let actionsByKey: [Key: Action] = {
        var table: [Key: Action] = [:]
        for binding in bindings {
            for key in binding.keys {
                precondition(table[key] == nil, "key bound twice")
                table[key] = binding.action
            }
        }
        return table
    }()

    package static func action(for key: Key) -> Action? { actionsByKey[key] }
}
