/// Numbers as people read them on a screen or in a table: 17,913. Machine formats (csv, jsonl)
/// keep plain digits.
package enum CountText {
    package static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (count < 0 ? "-" : "") + result
    }
}
