import DeskStore
import DeskEngine
import DeskCore

/// What a cell's colour means; the terminal adapter maps roles to colour pairs, or to nothing
/// when colour is off (`NO_COLOR`, monochrome terminals), so meaning never depends on colour alone.
package enum ColorRole: UInt8, CaseIterable, Sendable {
    case normal, header, pending, awaiting, accepted, rejected, overdue, warning, dim, tag, accent
}

/// How one cell is drawn.
package struct CellStyle: Equatable, Hashable, Sendable {
    package var role: ColorRole
    package var reverse: Bool
    package var bold: Bool
    package var underline: Bool

    package init(role: ColorRole = .normal, reverse: Bool = false, bold: Bool = false, underline: Bool = false) {
        self.role = role
        self.reverse = reverse
        self.bold = bold
        self.underline = underline
    }

    package static let plain = CellStyle()
}

/// One terminal cell: a character (plus any combining marks) and its style.
///
/// A wide character occupies its cell and the next; the next one is a `continuation` cell that
/// the painter skips, as in ratatui's buffer.
package struct Cell: Equatable, Sendable {
    package var text: String
    package var style: CellStyle
    package var isContinuation: Bool

    package init(_ text: String = " ", style: CellStyle = .plain, isContinuation: Bool = false) {
        self.text = text
        self.style = style
        self.isContinuation = isContinuation
    }

    package static let blank = Cell()
}

/// A screen's worth of cells: what `render` produces and the terminal adapter paints.
package struct CellGrid: Equatable, Sendable {
    package let width: Int
    package let height: Int
    package private(set) var cells: [Cell]

    package init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = [Cell](repeating: .blank, count: self.width * self.height)
    }

    package subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// The cells of one row.
    package func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<((y + 1) * width)] }

    /// Writes sanitized `text` at (x, y), clipped to `limit` cells (default: the row's end).
    /// Never splits a character: a wide one that would cross the edge becomes a space. Returns
    /// the column after the last cell written.
    @discardableResult
    package mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(width, limit.map { x + $0 } ?? width)
        var column = x
        for scalar in text.unicodeScalars {
            let cells = DisplayWidth.of(scalar)
            if cells == 0 {
                // Combining marks join the previous character.
                if column > x, column - 1 < width {
                    var target = column - 1
                    while target > x && self[target, y].isContinuation { target -= 1 }
                    self[target, y].text.unicodeScalars.append(scalar)
                }
                continue
            }
            if column + cells > end {
                if column < end { self[column, y] = Cell(" ", style: style) }
                return end
            }
            self[column, y] = Cell(String(Character(scalar)), style: style)
            if cells == 2 { self[column + 1, y] = Cell("", style: style, isContinuation: true) }
            column += cells
        }
        return column
    }

    /// Writes `text`, cut with an ellipsis to fit `width` cells, then pads with spaces.
    package mutating func writeFitted(_ text: String, x: Int, y: Int, width fieldWidth: Int, style: CellStyle = .plain) {
        let fitted = DisplayWidth.pad(text, toWidth: fieldWidth)
        write(fitted, x: x, y: y, style: style, limit: fieldWidth)
    }

    /// Fills a rectangle with blanks of `style`.
    package mutating func fill(x: Int, y: Int, width fillWidth: Int, height fillHeight: Int, style: CellStyle = .plain) {
        for row in max(0, y)..<min(height, y + fillHeight) {
            for column in max(0, x)..<min(width, x + fillWidth) { self[column, row] = Cell(" ", style: style) }
        }
    }

    /// The rows as text, wide characters counted once: what snapshot tests compare.
    package var lines: [String] {
        (0..<height).map { y in
            row(y).filter { !$0.isContinuation }.map(\.text).joined()
        }
    }

    /// One letter per cell for snapshots: R reverse, B bold, U underline, . plain (reverse wins).
    package var styleLines: [String] {
        (0..<height).map { y in
            String(row(y).map { cell in
                cell.style.reverse ? "R" : cell.style.bold ? "B" : cell.style.underline ? "U" : "."
            })
        }
    }
}
