/// One value returned by `wget_wch`, before any interpretation.
///
/// Keeping this separate from curses lets `InputDecoder` be tested without a terminal.
enum RawInput: Equatable, Sendable {
    /// A character (`wget_wch` returned OK): a Unicode scalar value, possibly a control.
    case character(UInt32)
    /// A function key (`wget_wch` returned KEY_CODE_YES): `KEY_UP`, `KEY_RESIZE`...
    case keyCode(Int32)
}
