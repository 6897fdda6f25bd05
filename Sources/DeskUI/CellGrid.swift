import DeskCore

/// What a cell's colour means; the terminal adapter maps roles to colour pairs, or to nothing
/// when colour is off (`NO_COLOR`, monochrome terminals), so meaning never depends on colour alone.
public enum ColorRole: UInt8, CaseIterable, Sendable {
    case normal, header, pending, awaiting, accepted, rejected, overdue, warning, dim, tag, accent
}

/// How one cell is drawn.
public struct CellStyle: Equatable, Hashable, Sendable {
    public var role: ColorRole
    public var reverse: Bool
    public var bold: Bool
    public var underline: Bool

    public init(role: ColorRole = .normal, reverse: Bool = false, bold: Bool = false, underline: Bool = false) {
        self.role = role
        self.reverse = reverse
        self.bold = bold
        self.underline = underline
    }

    public static let plain = CellStyle()
}

/// One terminal cell: a character (plus any combining marks) and its style.
///
/// A wide character occupies its cell and the next; the next one is a `continuation` cell that
/// the painter skips, as in ratatui's buffer.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: CellStyle
    public var isContinuation: Bool

    public init(_ text: String = " ", style: CellStyle = .plain, isContinuation: Bool = false) {
        self.text = text
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

/// A screen's worth of cells: what `render` produces and the terminal adapter paints.
public struct CellGrid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = [Cell](repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// The cells of one row.
    public func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<((y + 1) * width)] }

    /// Writes sanitized `text` at (x, y), clipped to `limit` cells (default: the row's end).
    /// Never splits a character: a wide one that would cross the edge becomes a space. Returns
    /// the column after the last cell written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .plain, limit: Int? = nil) -> Int {
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
    public mutating func writeFitted(_ text: String, x: Int, y: Int, width fieldWidth: Int, style: CellStyle = .plain) {
        let fitted = DisplayWidth.pad(text, toWidth: fieldWidth)
        write(fitted, x: x, y: y, style: style, limit: fieldWidth)
    }

    /// Fills a rectangle with blanks of `style`.
    public mutating func fill(x: Int, y: Int, width fillWidth: Int, height fillHeight: Int, style: CellStyle = .plain) {
        for row in max(0, y)..<min(height, y + fillHeight) {
            for column in max(0, x)..<min(width, x + fillWidth) { self[column, row] = Cell(" ", style: style) }
        }
    }

    /// The rows as text, wide characters counted once: what snapshot tests compare.
    public var lines: [String] {
        (0..<height).map { y in
            row(y).filter { !$0.isContinuation }.map(\.text).joined()
        }
    }

    /// One letter per cell for snapshots: R reverse, B bold, U underline, . plain (reverse wins).
    public var styleLines: [String] {
        (0..<height).map { y in
            String(row(y).map { cell in
                cell.style.reverse ? "R" : cell.style.bold ? "B" : cell.style.underline ? "U" : "."
            })
        }
    }
}
