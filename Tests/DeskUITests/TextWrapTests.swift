import DeskCore
import DeskEngine
import DeskStore
import Testing
@testable import DeskUI

/// Wrapping is one pass over at most `TextWrap.maximumCharacters` characters, whatever the text.
@Suite("Text wrapping")
struct TextWrapTests {
    @Test func wrapsAtSpacesKeepsLineBreaksAndCutsWordsWiderThanTheLine() {
        #expect(TextWrap.lines("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextWrap.lines("a\n\nb", width: 5) == ["a", "", "b"])
        #expect(TextWrap.lines("", width: 5) == [""])
        #expect(TextWrap.lines("ab abcdefghij xy", width: 4) == ["ab", "abcd", "efgh", "ij", "xy"])
        #expect(TextWrap.lines("a  b", width: 10) == ["a  b"])
        #expect(TextWrap.lines("日本語のテキスト", width: 5) == ["日本", "語の", "テキ", "スト"])
        #expect(TextWrap.lines("x", width: 0).isEmpty)
    }

    /// A million "é" without a space (the text that froze the screen): the wrapper reads the
    /// first `maximumCharacters` of them, each once, and says it cut the rest.
    @Test func aMillionCharacterWordIsReadOnlyUpToTheLimit() {
        let text = String(repeating: "é", count: 1_000_000)
        let wrapped = TextWrap.wrap(text, width: 70)
        #expect(wrapped.visited == TextWrap.maximumCharacters)
        #expect(wrapped.isCut)
        #expect(wrapped.lines.allSatisfy { DisplayWidth.of($0) <= 70 })
        #expect(wrapped.lines.reduce(0) { $0 + $1.count } == TextWrap.maximumCharacters)
        #expect(TextWrap.lines(text, width: 70).last == "…")
    }

    /// Below the limit every character is looked at exactly once: twice the text, twice the work.
    @Test func theWorkGrowsLinearlyWithTheText() {
        for count in [1_000, 2_000, 4_000, 8_000] {
            let wrapped = TextWrap.wrap(String(repeating: "é", count: count), width: 33)
            #expect(wrapped.visited == count && !wrapped.isCut)
            #expect(wrapped.lines.count == (count + 32) / 33)
        }
    }
}
