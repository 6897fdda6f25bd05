import CNcursesW
import DeskUI

/// The colour pair behind each `ColorRole`: one pair per role, numbered from 1 (pair 0 is
/// reserved by curses for the terminal's defaults and cannot be redefined).
struct ColorPairSpec: Equatable, Sendable {
    var pair: Int16
    /// A curses colour number, or -1 for the terminal's default.
    var foreground: Int16
    var background: Int16
    /// Extra attributes the role adds when colour is on (dim text uses A_DIM, not a colour).
    var attributes: attr_t
}

/// The fixed role → colour table, kept apart from curses calls so it can be tested.
enum ColorPalette {
    /// The terminal's own colour, as `use_default_colors` understands it.
    static let defaultColor: Int16 = -1

    /// How many pairs the table needs; terminals with fewer get no colour.
    static var pairsNeeded: Int { ColorRole.allCases.count + 1 }

    /// The pair for `role`.
    static func spec(for role: ColorRole) -> ColorPairSpec {
        let pair = Int16(role.rawValue) + 1
        func colors(_ foreground: Int32, _ background: Int16 = defaultColor, attributes: attr_t = desk_attr_normal) -> ColorPairSpec {
            ColorPairSpec(pair: pair, foreground: Int16(foreground), background: background, attributes: attributes)
        }
        switch role {
        case .normal: return ColorPairSpec(pair: pair, foreground: defaultColor, background: defaultColor, attributes: desk_attr_normal)
        case .header: return colors(COLOR_WHITE, Int16(COLOR_BLUE))
        case .pending: return colors(COLOR_YELLOW)
        case .awaiting: return colors(COLOR_CYAN)
        case .accepted: return colors(COLOR_GREEN)
        case .rejected: return colors(COLOR_RED)
        case .overdue: return colors(COLOR_RED)
        case .warning: return colors(COLOR_YELLOW)
        case .dim: return ColorPairSpec(pair: pair, foreground: defaultColor, background: defaultColor, attributes: desk_attr_dim)
        case .tag: return colors(COLOR_MAGENTA)
        case .accent: return colors(COLOR_BLUE)
        }
    }

    /// The attributes for a cell's style flags (reverse, bold, underline), colour aside.
    static func attributes(for style: CellStyle) -> attr_t {
        var attributes = desk_attr_normal
        if style.reverse { attributes |= desk_attr_reverse }
        if style.bold { attributes |= desk_attr_bold }
        if style.underline { attributes |= desk_attr_underline }
        return attributes
    }
}
