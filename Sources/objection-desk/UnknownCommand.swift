/// An unknown subcommand (`lsit`) is named as such, with the nearest known one, instead of being
/// taken as an argument of the default `review` ("Unexpected argument 'lsit'").
enum UnknownCommand {
    /// The message for `arguments` (without the program name), or nil when the first argument is
    /// an option or a known command. `review` takes no positional arguments, so a first word
    /// that is not a command can only be a typo.
    static func message(for arguments: [String], commands: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first) else { return nil }
        var message = "unknown command '\(first)'"
        let distances = commands.map { ($0, distance(first.lowercased(), $0)) }
        if let nearest = distances.min(by: { $0.1 < $1.1 }), nearest.1 <= max(2, first.count / 2) {
            message += "; did you mean '\(nearest.0)'?"
        }
        return message + " (commands: \(commands.joined(separator: ", ")); see objection-desk --help)"
    }

    /// Edit distance with adjacent transpositions counted as one edit (`lsit` → `list` is 1).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
