import Testing
@testable import DeskCore

/// The cut as first written (scalar by scalar into a new string), kept as the reference for the
/// one-walk version.
private func referenceTruncate(_ text: String, toWidth width: Int) -> String {
    guard width > 0 else { return "" }
    if DisplayWidth.of(text) <= width { return text }
    var result = String.UnicodeScalarView()
    var used = 0
    for scalar in text.unicodeScalars {
        let cells = DisplayWidth.of(scalar)
        if used + cells > width - 1 { break }
        result.append(scalar)
        used += cells
    }
    return String(result) + "…"
}

@Test func truncatingTextThatIsNotPlainASCIIKeepsWholeCellsAndEndsInAnEllipsis() {
    let texts = ["Ich widerspreche der Verarbeitung meiner Daten für KI-Training.",
                 "Αντιτίθεμαι στην επεξεργασία των δεδομένων μου.",
                 "日本語のテキストは二つのセルを使います。全角文字",
                 "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}",
                 "短", "", "ż", "a日b日c日d日"]
    for text in texts {
        for width in 0...40 {
            let cut = DisplayWidth.truncate(text, toWidth: width)
            #expect(cut == referenceTruncate(text, toWidth: width), "\(text) at \(width)")
            #expect(DisplayWidth.of(cut) <= width)
        }
    }
    #expect(DisplayWidth.truncate("日本語のテキスト", toWidth: 6) == "日本…")
    #expect(DisplayWidth.truncate("日本語", toWidth: 6) == "日本語")
}
