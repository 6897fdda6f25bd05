// Temporary stand-in until the real RFC 3339 parser lands from the filter branch.
public enum Timestamp {
    public static func parseRFC3339(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count >= 20 else { return nil }
        func num(_ a: Int, _ n: Int) -> Int64? {
            var v: Int64 = 0
            for i in a..<(a + n) { let d = bytes[i] &- 48; guard d < 10 else { return nil }; v = v * 10 + Int64(d) }
            return v
        }
        guard let y = num(0, 4), let m = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2) else { return nil }
        let yy = m <= 2 ? y - 1 : y
        let era = yy / 400
        let yoe = yy - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return ((days * 24 + h) * 60 + mi) * 60_000 + s * 1000
    }
    public static func parseRFC3339(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBytes { parseRFC3339($0) }
    }
    public static func formatUTCMillis(_ ms: Int64) -> String { String(ms) }
    public static func parseDate(_ text: Substring) -> Int64? { nil }
    public static func formatDate(_ ms: Int64) -> String { String(ms) }
}
