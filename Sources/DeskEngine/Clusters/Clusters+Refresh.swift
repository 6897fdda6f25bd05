import DeskCore
import DeskStore

/// Clustering rows that arrive after the clusters were built, without clustering everything again.
///
/// A new row whose words equal an earlier row's joins that row's group at once. A new text is
/// sketched and looked up in the band keys kept from the build (`persistedBands` of them, scanned
/// with a 64-Kibit filter of the new keys, so a million old texts cost a few milliseconds); it
/// joins the group of the first candidate whose representative it is near-identical to, compared
/// like at the build against tokens read again from the folded text. Representatives never
/// change on a refresh, so cluster ids (the first member in file order) stay as they are until
/// the next full build.
extension Clusters {
    /// Clusters the rows appended to `table` since the last build or refresh; returns whether any
    /// cluster changed.
    @discardableResult
    package mutating func rowsAppended(to table: SubmissionTable) -> Bool {
        guard table.count > grouping.kinds.count else { return false }
        grouping.table = table  // for the representatives' openings when these clusters are saved
        if pendingGrouping != nil {
            restoreGrouping(table: table)
            if rowCount == table.count { return true }  // the cache was damaged: built again from every row
        }
        let firstNew = grouping.kinds.count
        var worker = SketchPass.Worker(parameters: parameters, table: table)
        var changedRows: [Int32] = []
        var start = firstNew
        while start < table.count {
            let end = min(table.count, start + SketchPass.runLength)
            let batch = SketchPass.sketch(table: table, rows: start..<end, parameters: parameters, worker: &worker)
            grouping.absorbAppended(batch, table: table, changedRows: &changedRows)
            start = end
        }
        let before = Dictionary(uniqueKeysWithValues: (0..<count).map { (firstRows[$0], representativeRows[$0]) })
        assemble(rowCount: table.count)
        // `adds` for the new rows; for every member of a cluster whose representative text
        // changed (or that is new), since added words are relative to it.
        var renewed = Set<Int>()
        for cluster in 0..<count where before[firstRows[cluster]] != representativeRows[cluster] { renewed.insert(cluster) }
        computeAdds(table: table, clusters: renewed.sorted())
        var computer = AddsComputer(table: table, corpus: nil, textOfRow: grouping.textOfRow, minimumTokens: parameters.minimumTokens)
        var representative: Int32 = -1
        for row in changedRows {
            guard let cluster = cluster(ofRow: Int(row)), !renewed.contains(cluster) else { continue }
            let root = grouping.exactRoot[Int(row)]
            if root != row {
                addsFlags[Int(row)] = addsFlags[Int(root)]
                continue
            }
            if representativeRows[cluster] != representative {
                representative = representativeRows[cluster]
                computer.setRepresentative(representative)
            }
            addsFlags[Int(row)] = grouping.kinds[Int(representative)] == .text && row != representative && computer.adds(row)
        }
        return !changedRows.isEmpty
    }
}

extension NearDuplicateGrouping {
    /// Adds one sketched run of new rows: exact groups first, then the new texts' candidates.
    mutating func absorbAppended(_ batch: SketchBatch, table: SubmissionTable, changedRows: inout [Int32]) {
        let bands = parameters.keysPerText
        var newTexts: [(text: Int32, local: Int)] = []
        let textLocal = Dictionary(uniqueKeysWithValues: batch.textRows.enumerated().map { ($0.element, $0.offset) })
        for local in batch.kinds.indices {
            let row = Int32(batch.firstRow + local)
            kinds.append(batch.kinds[local])
            textOfRow.append(-1)
            let key = batch.exactKeys[local]
            guard key != 0 else {
                exactRoot.append(-1)
                continue
            }
            let root = exactTable.insertIfAbsent(key, row)
            exactRoot.append(root)
            changedRows.append(row)
            if root != row {
                if textOfRow[Int(root)] >= 0 { union.addRow(toText: textOfRow[Int(root)]) }
                continue
            }
            guard batch.kinds[local] == .text, let sketched = textLocal[row] else { continue }
            let text = Int32(textRows.count)
            textRows.append(row)
            textOfRow[Int(row)] = text
            let tokens = batch.tokens(ofText: sketched)
            union.add(typicality: TextUnion.typicality(rows: 1, tokens: tokens.count))
            for band in 0..<min(bands, Self.persistedBands) { bandKeys[band].append(batch.bandKeys[sketched * bands + band]) }
            newTexts.append((text, sketched))
        }
        guard !newTexts.isEmpty else { return }
        let leaders = appendedLeaders(newTexts.map(\.text))
        var reader = TokenReader(table: table, minimumTokens: parameters.minimumTokens)
        var comparer = BigramOverlap(yardstick: ShingleYardstick(table: table, textRows: textRows))
        let parameters = self.parameters
        for (index, (text, sketched)) in newTexts.enumerated() {
            let tokens = batch.tokens(ofText: sketched)
            for leader in leaders[index] {
                // Compared with the group's representative itself, as at the build.
                let representative = union.rootReadOnly(leader)
                let representativeTokens = reader.tokens(ofRow: textRows[Int(representative)])
                let near = tokens.withUnsafeBufferPointer { new in
                    representativeTokens.withUnsafeBufferPointer {
                        comparer.isNearIdentical(new, to: $0, texts: (text, representative), parameters: parameters)
                    }
                }
                if near {
                    union.attach(text, to: representative)
                    break
                }
            }
        }
    }

    /// For each new text, the distinct earlier texts that are first with one of its kept band
    /// keys. Old keys are scanned once per band against a bit filter of the new keys.
    private func appendedLeaders(_ newTexts: [Int32]) -> [[Int32]] {
        var result = [[Int32]](repeating: [], count: newTexts.count)
        let firstNewText = Int(newTexts[0])
        for band in 0..<min(parameters.keysPerText, Self.persistedBands) {
            let keys = bandKeys[band]
            var filter = [UInt64](repeating: 0, count: 1024)
            var wanted: [UInt32: Int32] = [:]  // key → first text with it (so far)
            for text in newTexts {
                let key = keys[Int(text)]
                filter[Int(key & 0xFFFF) >> 6] |= 1 << UInt64(key & 63)
                if wanted[key] == nil { wanted[key] = -1 }
            }
            keys.withUnsafeBufferPointer { keys in
                for text in 0..<firstNewText {
                    let key = keys[text]
                    guard filter[Int(key & 0xFFFF) >> 6] & (1 << UInt64(key & 63)) != 0, wanted[key] == -1 else { continue }
                    wanted[key] = Int32(text)
                }
            }
            for (index, text) in newTexts.enumerated() {
                let key = keys[Int(text)]
                if let leader = wanted[key], leader >= 0 {
                    if !result[index].contains(leader) { result[index].append(leader) }
                } else {
                    wanted[key] = text  // the first new text with this key leads the later ones
                }
            }
        }
        return result
    }
}

/// Reads a row's stored tokens again from its folded text (the build's token buffers are gone).
struct TokenReader {
    let minimumTokens: Int
    private var reader: FoldedRowReader
    private var tokenizer = ClusterTokenizer()

    init(table: SubmissionTable, minimumTokens: Int) {
        reader = FoldedRowReader(table: table)
        self.minimumTokens = minimumTokens
    }

    mutating func tokens(ofRow row: Int32) -> [StoredToken] {
        let minimumTokens = self.minimumTokens
        _ = reader.withJustification(Int(row)) { tokenizer.tokenize($0, minimumTokens: minimumTokens) }
        return tokenizer.withTokens { $0.map(storedToken) }
    }
}

extension SketchBatch {
    /// The stored tokens of sketched text `index`.
    func tokens(ofText index: Int) -> [StoredToken] {
        let start = index == 0 ? 0 : Int(tokenEnds[index - 1])
        return Array(UnsafeBufferPointer(start: tokens.pointer + start, count: Int(tokenEnds[index]) - start))
    }
}
