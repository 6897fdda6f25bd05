import DeskUI

/// Which rows of a new grid must be sent to the terminal.
///
/// Over SSH every byte counts: moving the selection down one line should send two rows, not a
/// screen. ncurses would also diff, but only after we have copied every cell into its window;
/// comparing our own grids first skips that work for unchanged rows.
enum RowDiff {
    /// The rows of `new` that differ from `old`; every row when there is no usable `old`
    /// (first paint, after an invalidation, or a different size).
    static func changedRows(old: CellGrid?, new: CellGrid) -> [Int] {
        guard let old, old.width == new.width, old.height == new.height else {
            return Array(0..<new.height)
        }
        return (0..<new.height).filter { old.row($0) != new.row($0) }
    }
}
