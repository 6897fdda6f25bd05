import CNcursesW
import DeskUI
import Glibc

/// Copies rows of a `CellGrid` into a curses window as complex (wide) characters.
///
/// Each row is sent with one `mvwadd_wchnstr`, which neither wraps nor moves the cursor, so the
/// last column and the bottom-right cell are written like any other. Continuation cells are
/// skipped: the wide character before them covers both columns.
struct RowPainter {
    /// `setcchar` keeps at most CCHARW_MAX (5) wide characters: a base and four marks.
    private static let maximumCharactersPerCell = 5
    /// Shown instead of a character whose width curses disagrees about (or cannot print).
    private static let replacement: Unicode.Scalar = "?"

    let window: UnsafeMutablePointer<WINDOW>
    let useColor: Bool
    /// Reused between rows so painting does not allocate per cell.
    private var line: [cchar_t] = []
    private var characters: [wchar_t] = []

    init(window: UnsafeMutablePointer<WINDOW>, useColor: Bool) {
        self.window = window
        self.useColor = useColor
    }

    /// Writes row `y` of `grid`, clipped to the first `columns` columns.
    mutating func paint(row y: Int, of grid: CellGrid, columns: Int) {
        let cells = grid.row(y)
        let end = cells.startIndex + min(columns, grid.width)
        line.removeAll(keepingCapacity: true)
        var index = cells.startIndex
        while index < end {
            let cell = cells[index]
            if cell.isContinuation {
                // Orphaned second half (its first half was clipped or replaced): keep the column.
                appendCell(text: " ", style: cell.style, expectedWidth: 1)
                index += 1
                continue
            }
            let isWide = index + 1 < cells.endIndex && cells[index + 1].isContinuation
            if isWide && index + 1 >= end {
                // The window is narrower than the grid: a wide character would wrap.
                appendCell(text: " ", style: cell.style, expectedWidth: 1)
                index += 1
                continue
            }
            if !appendCell(text: cell.text, style: cell.style, expectedWidth: isWide ? 2 : 1) {
                // Curses measures this character differently from the grid (or the locale
                // cannot show it): keep every later column in place with placeholders.
                appendCell(text: String(Self.replacement), style: cell.style, expectedWidth: 1)
                if isWide { appendCell(text: String(Self.replacement), style: cell.style, expectedWidth: 1) }
            }
            index += isWide ? 2 : 1
        }
        guard !line.isEmpty else { return }
        // ERR here would only mean a row outside the window, which the caller already excludes.
        _ = mvwadd_wchnstr(window, Int32(y), 0, &line, Int32(line.count))
    }

    /// Appends one cell unless curses's width for its first character is not `expectedWidth`.
    @discardableResult
    private mutating func appendCell(text: String, style: CellStyle, expectedWidth: Int32) -> Bool {
        characters.removeAll(keepingCapacity: true)
        for scalar in text.unicodeScalars.prefix(Self.maximumCharactersPerCell) {
            let character = wchar_t(bitPattern: scalar.value)
            // Only the first character may take space; setcchar would cut at a later one anyway.
            if !characters.isEmpty && wcwidth(character) != 0 { break }
            characters.append(character)
        }
        if characters.isEmpty { characters.append(wchar_t(bitPattern: 0x20)) }
        guard wcwidth(characters[0]) == expectedWidth else { return false }
        characters.append(0)

        var attributes = ColorPalette.attributes(for: style)
        var pair: Int16 = 0
        if useColor {
            let spec = ColorPalette.spec(for: style.role)
            attributes |= spec.attributes
            pair = spec.pair
        }
        var cell = cchar_t()
        guard setcchar(&cell, characters, attributes, pair, nil) == OK else { return false }
        line.append(cell)
        return true
    }
}
