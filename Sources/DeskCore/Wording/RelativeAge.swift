/// How long ago something happened, the way people say it: "4 s ago", "3 min ago", "2 h ago".
package enum RelativeAge {
    package static func describe(since time: Int64, now: Int64) -> String {
        let seconds = max(0, (now - time) / 1000)
        if seconds < 90 { return "\(seconds) s ago" }
        if seconds < 90 * 60 { return "\(seconds / 60) min ago" }
        if seconds < 36 * 3600 { return "\(seconds / 3600) h ago" }
        return "\(seconds / 86_400) d ago"
    }
}
