/// Earlier entries of each kind of prompt, oldest first: Up and Down walk them.
///
/// The app loads them at start and appends each confirmed entry (`Effect.remember`), so they
/// survive between runs; the reducer only keeps them in memory.
package struct PromptHistory: Equatable, Sendable {
    package enum Kind: String, CaseIterable, Sendable {
        case filter, search, reject, verify, reopen, note
    }

    /// Entries kept per kind; older ones are dropped.
    package static let limit = 200

    package private(set) var entries: [Kind: [String]] = [:]

    package init(_ entries: [Kind: [String]] = [:]) {
        for (kind, list) in entries {
            for text in list { add(text, to: kind) }
        }
    }

    package func list(_ kind: Kind) -> [String] { entries[kind] ?? [] }

    /// Appends `text`, moving an equal earlier entry to the end. Blank entries are not kept.
    package mutating func add(_ text: String, to kind: Kind) {
        guard !text.allSatisfy(\.isWhitespace) else { return }
        var list = entries[kind] ?? []
        list.removeAll { $0 == text }
        list.append(text)
        if list.count > Self.limit { list.removeFirst(list.count - Self.limit) }
        entries[kind] = list
    }
}
