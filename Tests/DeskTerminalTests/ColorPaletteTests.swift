import CNcursesW
import DeskUI
import Testing
@testable import DeskTerminal

@Suite("Colour palette")
struct ColorPaletteTests {
    @Test func everyRoleHasItsOwnPairAfterPairZero() {
        let pairs = ColorRole.allCases.map { ColorPalette.spec(for: $0).pair }
        #expect(Set(pairs).count == ColorRole.allCases.count)
        #expect(pairs.allSatisfy { $0 >= 1 && Int($0) < ColorPalette.pairsNeeded })
    }

    @Test func rolesUseTheAgreedColours() {
        func colours(_ role: ColorRole) -> [Int16] {
            let spec = ColorPalette.spec(for: role)
            return [spec.foreground, spec.background]
        }
        let fallback = ColorPalette.defaultColor
        #expect(colours(.normal) == [fallback, fallback])
        #expect(colours(.header) == [Int16(COLOR_WHITE), Int16(COLOR_BLUE)])
        #expect(colours(.pending) == [Int16(COLOR_YELLOW), fallback])
        #expect(colours(.awaiting) == [Int16(COLOR_CYAN), fallback])
        #expect(colours(.accepted) == [Int16(COLOR_GREEN), fallback])
        #expect(colours(.rejected) == [Int16(COLOR_RED), fallback])
        #expect(colours(.overdue) == [Int16(COLOR_RED), fallback])
        #expect(colours(.warning) == [Int16(COLOR_YELLOW), fallback])
        #expect(colours(.dim) == [fallback, fallback])
        #expect(colours(.tag) == [Int16(COLOR_MAGENTA), fallback])
        #expect(colours(.accent) == [Int16(COLOR_BLUE), fallback])
    }

    @Test func onlyDimAddsAnAttribute() {
        for role in ColorRole.allCases {
            #expect(ColorPalette.spec(for: role).attributes == (role == .dim ? desk_attr_dim : desk_attr_normal))
        }
    }

    @Test func styleFlagsMapToCursesAttributes() {
        #expect(ColorPalette.attributes(for: .plain) == desk_attr_normal)
        #expect(ColorPalette.attributes(for: CellStyle(reverse: true)) == desk_attr_reverse)
        #expect(ColorPalette.attributes(for: CellStyle(role: .accepted, bold: true, underline: true)) == desk_attr_bold | desk_attr_underline)
        #expect(desk_attr_reverse != desk_attr_normal && desk_attr_bold != desk_attr_underline)
    }
}
