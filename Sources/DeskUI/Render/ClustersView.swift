import DeskStore
import DeskEngine
import DeskCore

/// The clusters view (`5`): one row per cluster — size, open members, members that add words, the
/// top countries and the representative text — largest first, over the list and detail panes.
enum ClustersView {
    static func draw(_ state: AppState, cursor: Int, layout: Layout, into grid: inout CellGrid) {
        let rows = state.clusterRows
        let top = 1
        let height = layout.bottomY - top
        grid.fill(x: 0, y: top, width: grid.width, height: height)
        let titleStyle = CellStyle(role: .accent, bold: true, underline: true)
        grid.fill(x: 0, y: top, width: grid.width, height: 1, style: titleStyle)
        grid.write(" 5 Clusters: \(rows.count) (2 or more near-identical justifications), largest first",
                   x: 0, y: top, style: titleStyle, limit: grid.width)
        guard let clusters = state.desk.clusters else {
            grid.write(" Size  Open  Adds  Countries  Text", x: 0, y: top + 1, style: CellStyle(role: .dim, bold: true), limit: grid.width)
            return
        }
        let page = state.clusterPage(cursor: cursor)
        let first = page.startIndex
        // Wide enough for the largest cluster shown (sizes bound the other two counts), grouped
        // as people read them, so columns never run together (`28,617  28,617  +28,129`).
        let widest = page.map { clusters.size(ofCluster: $0) }.max() ?? 0
        let width = max(4, CountText.grouped(widest).count)
        let addsWidth = max(4, CountText.grouped(widest).count + 1)  // room for its `+`
        let heading = " " + pad("Size", width) + "  " + pad("Open", width) + "  " + pad("Adds", addsWidth) + "  Countries  Text"
        grid.write(heading, x: 0, y: top + 1, style: CellStyle(role: .dim, bold: true), limit: grid.width)
        let statuses = state.desk.ledger.statuses
        for (offset, cluster) in page.enumerated() {
            let index = first + offset
            let members = clusters.members(ofCluster: cluster)
            var open = 0, adds = 0
            var countries: [UInt16: Int] = [:]
            for row in members {
                let status = statuses[Int(row)]
                if status.isOpen { open += 1 }
                if clusters.addsWords(Int(row)) { adds += 1 }
                countries[state.desk.table.columns.countries[Int(row)], default: 0] += 1
            }
            let topCountries = countries.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
                .compactMap { CountryCode(packed: $0.key)?.description }.joined(separator: ",")
            let text = state.records[Int32(clusters.representativeRow(ofCluster: cluster))].map { Safe.firstLine($0.justification) } ?? ""
            let isCurrent = index == cursor
            let style = CellStyle(role: .normal, reverse: isCurrent)
            let y = top + 2 + offset
            grid.fill(x: 0, y: y, width: grid.width, height: 1, style: style)
            let numbers = " " + pad(CountText.grouped(members.count), width) + "  " + pad(CountText.grouped(open), width) + "  "
                + pad(adds > 0 ? "+" + CountText.grouped(adds) : "", addsWidth) + "  "
            var x = grid.write(numbers, x: 0, y: y, style: style)
            x = grid.write(DisplayWidth.pad(topCountries, toWidth: 9) + "  ", x: x, y: y, style: style)
            grid.write(DisplayWidth.truncate(text, toWidth: max(0, grid.width - x)), x: x, y: y,
                       style: CellStyle(role: adds > 0 ? .warning : .normal, reverse: isCurrent), limit: grid.width - x)
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
