/// Where each part of the screen goes for a terminal size: stacked panes below 140 columns,
/// side by side from 140 on; below 20 rows the list alone (the reader shows the details). Shared
/// by the reducer (page size) and the renderer.
package struct Layout: Equatable, Sendable {
    package static let minimumWidth = 60
    package static let minimumHeight = 15
    /// Below this many rows the stacked layout leaves the detail pane out.
    package static let detailPaneMinimumHeight = 20
    package static let sideBySideWidth = 140

    package struct Rect: Equatable, Sendable {
        package var x: Int, y: Int, width: Int, height: Int
    }

    package let width: Int
    package let height: Int

    package init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    package var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }
    package var isSideBySide: Bool { width >= Self.sideBySideWidth }
    /// Whether the detail pane is on screen (else Tab and Enter open the full-screen reader).
    package var showsDetail: Bool { isSideBySide || height >= Self.detailPaneMinimumHeight }

    package var bottomY: Int { height - 1 }

    /// The list's title bar (view, filter, sort, counts).
    package var listTitle: Rect {
        isSideBySide ? Rect(x: 0, y: 1, width: listWidth, height: 1) : Rect(x: 0, y: 1, width: width, height: 1)
    }

    /// The list's one-line column heading (and the "row n of N" indicator), under its title.
    package var listHeading: Rect {
        Rect(x: 0, y: 2, width: isSideBySide ? listWidth : width, height: 1)
    }

    package var list: Rect {
        isSideBySide
            ? Rect(x: 0, y: 3, width: listWidth, height: max(0, height - 4))
            : Rect(x: 0, y: 3, width: width, height: max(0, showsDetail ? (height - 5) / 2 : height - 4))
    }

    package var detailTitle: Rect {
        isSideBySide
            ? Rect(x: listWidth + 1, y: 1, width: width - listWidth - 1, height: 1)
            : Rect(x: 0, y: list.y + list.height, width: width, height: 1)
    }

    package var detail: Rect {
        isSideBySide
            ? Rect(x: listWidth + 1, y: 2, width: width - listWidth - 1, height: max(0, height - 3))
            : Rect(x: 0, y: detailTitle.y + 1, width: width, height: showsDetail ? max(0, bottomY - detailTitle.y - 1) : 0)
    }

    /// Column of the vertical separator in side-by-side mode.
    package var separatorX: Int { listWidth }

    private var listWidth: Int { width * 55 / 100 }

    package var listHeight: Int { list.height }
}
