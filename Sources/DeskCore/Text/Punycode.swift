/// RFC 3492 Punycode, to show an internationalized email domain in its ASCII (IDNA) form beside
/// the original: a Cyrillic "а" in "pаypal.com" becomes visible as `xn--pypal-4ve.com`.
package enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
    private static let initialBias = 72, initialN: UInt32 = 128

    /// The domain with every non-ASCII label encoded as `xn--…` (labels lower-cased first).
    package static func asciiDomain(_ domain: String) -> String {
        domain.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            let lower = label.lowercased()
            guard lower.unicodeScalars.contains(where: { !$0.isASCII }) else { return lower }
            return "xn--" + encode(lower)
        }.joined(separator: ".")
    }

    /// The email with its domain in ASCII form, or nil when it is ASCII already.
    package static func asciiEmail(_ email: String) -> String? {
        guard let at = email.lastIndex(of: "@") else { return nil }
        let domain = String(email[email.index(after: at)...])
        guard domain.unicodeScalars.contains(where: { !$0.isASCII }) else { return nil }
        return String(email[..<at]) + "@" + asciiDomain(domain)
    }

    /// Whether a domain label mixes Latin letters with Cyrillic or Greek ones (a spoofing trick).
    package static func mixesScripts(_ domain: String) -> Bool {
        for label in domain.split(separator: ".") {
            var latin = false, other = false
            for scalar in label.unicodeScalars {
                switch scalar.value {
                case 0x41...0x5A, 0x61...0x7A: latin = true
                case 0x0370...0x03FF, 0x0400...0x04FF: other = true
                default: break
                }
            }
            if latin && other { return true }
        }
        return false
    }

    static func encode(_ input: String) -> String {
        let scalars = input.unicodeScalars.map(\.value)
        var output = scalars.filter { $0 < 0x80 }.map { Character(Unicode.Scalar($0)!) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < scalars.count {
            let next = scalars.filter { $0 >= n }.min()!
            delta += Int(next - n) * (handled + 1)
            n = next
            for scalar in scalars {
                if scalar < n { delta += 1 }
                if scalar == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(output)
    }

    private static func digit(_ value: Int) -> Character {
        Character(Unicode.Scalar(UInt8(value < 26 ? 97 + value : 22 + value)))
    }

    private static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}
