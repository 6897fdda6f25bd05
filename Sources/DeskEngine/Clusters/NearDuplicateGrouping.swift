#if canImport(Glibc)
import DeskCore
import DeskStore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMemoryTrim

/// Stage 1 (exact groups) and stage 2 (MinHash LSH candidates, verified against representatives
/// in star groups) of near-duplicate clustering, over the whole table.
struct NearDuplicateGrouping {
    /// Changes whenever the grouping rule changes, so saved clusters of another rule are not used.
    static let version: UInt64 = 4
    let parameters: ClusterParameters
    var kinds: [JustificationKind] = []
    /// Per row: the first row with the same token sequence (-1 for rows without words).
    var exactRoot: [Int32] = []
    var exactTable = RowKeyTable()
    var corpus = TextCorpus()
    /// Per row: its text number when the row is the first of its exact text, else -1.
    var textOfRow: [Int32] = []
    /// Band-major: `bandKeys[band][text]`. After linking only the first `persistedBands` are kept,
    /// for matching rows that arrive on refresh.
    var bandKeys: [[UInt32]] = []
    static let persistedBands = 10
    var union = TextUnion(count: 0, typicality: [])
    /// Text → row (kept after the corpus's tokens are dropped).
    var textRows: [Int32] = []
    /// Text → where its justification is in the queue file (for the yardstick; not saved).
    var textLocations: [JustificationLocation] = []
    var statistics = ClusterStatistics()
    /// The rows' table, for the character yardstick (`ShingleYardstick`) of pairs in the gray zone.
    var table: SubmissionTable?
    /// Texts placed per block by `assignRepresentatives` (a test compares sizes).
    var representativeBlockSize = 8_192

    init(parameters: ClusterParameters) {
        self.parameters = parameters
    }

    /// Groups every row of `table`; `sketched`, when given, are the sketch batches of all its rows
    /// (made while the queue loaded, `LoadSketch`), else the sketch pass reads them now.
    static func run(table: SubmissionTable, parameters: ClusterParameters, sketched: [SketchBatch]? = nil,
                    progress: ClusterProgress? = nil, representativeBlockSize: Int = 8_192) -> NearDuplicateGrouping {
        var grouping = NearDuplicateGrouping(parameters: parameters)
        grouping.representativeBlockSize = representativeBlockSize
        grouping.table = table
        var clock = PhaseClock()
        progress?.begin(.sketch, units: table.count)
        let batches = sketched ?? SketchPass.run(table: table, rows: 0..<table.count, parameters: parameters, progress: progress)
        grouping.statistics.sketchSeconds = clock.lap()
        grouping.statistics.sketchedWhileLoading = sketched != nil
        grouping.absorb(consume batches, rowCount: table.count)
        grouping.statistics.exactSeconds = clock.lap()
        grouping.linkCandidates(progress: progress)
        release_free_memory()
        grouping.statistics.linkSeconds = clock.lap()
        grouping.statistics.cpuSeconds = clock.cpuLaps
        return grouping
    }

    /// Stage 1: exact groups, and the numbering of distinct texts. Takes the batches over and
    /// frees what each one no longer needs as soon as it is absorbed (peak memory).
    private mutating func absorb(_ batches: consuming [SketchBatch], rowCount: Int) {
        kinds = [JustificationKind](repeating: .empty, count: rowCount)
        exactRoot = [Int32](repeating: -1, count: rowCount)
        textOfRow = [Int32](repeating: -1, count: rowCount)
        corpus.batches = consume batches
        // Distinct texts are at most the texts new within their runs, plus the short rows.
        var distinctBound = 0
        for batch in corpus.batches {
            distinctBound += batch.textRows.count
            for kind in batch.kinds where kind == .short { distinctBound += 1 }
        }
        exactTable = RowKeyTable(capacity: distinctBound)
        var sketched = 0
        for index in corpus.batches.indices {
            do {
                let batch = corpus.batches[index]
                sketched += batch.textRows.count
                let ahead = 16
                for local in batch.kinds.indices {
                    if local + ahead < batch.exactKeys.count, batch.exactKeys[local + ahead] != 0 {
                        exactTable.prefetch(batch.exactKeys[local + ahead])
                    }
                    let row = batch.firstRow + local
                    kinds[row] = batch.kinds[local]
                    let key = batch.exactKeys[local]
                    if key != 0 { exactRoot[row] = exactTable.insertIfAbsent(key, Int32(row)) }
                }
            }
            corpus.batches[index].kinds = []
            corpus.batches[index].exactKeys = []
        }
        // The batches were built on worker threads, whose glibc arenas keep freed memory resident
        // unless trimmed: without this the per-batch copies and the band-major copy of the keys
        // were resident together (+56 MB at the peak for a million rows).
        release_free_memory()
        corpus.reserve(sketched)
        // Each batch's texts (their places in the batch) in text order, then the band-major copy
        // of their keys on every core: on one thread, this copy and the zeroing of its fresh
        // pages kept the main thread busy while the other core had nothing to do. (The batches'
        // keys are freed after the copy, not during it: +65 MB here, below the later peak.)
        var textStarts = [0]
        var sketchedPlaces: [Int32] = []
        sketchedPlaces.reserveCapacity(sketched)
        for index in corpus.batches.indices {
            for (local, row) in corpus.batches[index].textRows.enumerated() where exactRoot[Int(row)] == row {
                textOfRow[Int(row)] = Int32(corpus.count)
                corpus.append(batch: index, local: local)
                sketchedPlaces.append(Int32(local))
            }
            textStarts.append(corpus.count)
            corpus.batches[index].locations = []
        }
        bandKeys = Self.bandMajor(corpus.batches, textStarts: textStarts, places: sketchedPlaces,
                                  bands: parameters.keysPerText, parallelism: parameters.parallelism)
        for index in corpus.batches.indices { corpus.batches[index].bandKeys = [] }
        release_free_memory()
        let textCount = corpus.count
        textRows = corpus.rows
        textLocations = corpus.locations
        var rowsOfText = [Int32](repeating: 0, count: textCount)
        for row in 0..<rowCount {
            let root = exactRoot[row]
            if root >= 0, textOfRow[Int(root)] >= 0 { rowsOfText[Int(textOfRow[Int(root)])] += 1 }
        }
        let corpus = self.corpus
        union = TextUnion(count: textCount, typicality: (0..<textCount).map {
            TextUnion.typicality(rows: Int(rowsOfText[$0]), tokens: corpus.tokens(Int32($0)).count)
        })
        statistics.texts = textCount
    }

    /// `bandKeys[band][text]` from the batches' text-major keys; `textStarts[batch]` is the first
    /// text of each batch and `places[text]` where that text is in its batch. Pieces of batches
    /// on every core, each reading its texts' keys once and writing its part of every band (a band
    /// per task read every key's cache line once per band).
    static func bandMajor(_ batches: [SketchBatch], textStarts: [Int], places: [Int32], bands: Int,
                          parallelism: Int) -> [[UInt32]] {
        let pieces = min(batches.count, parallelism * 4)
        return withUninitializedColumns(bands, length: places.count) { columns in
            places.withUnsafeBufferPointer { places in
                runConcurrently(pieces, parallelism: parallelism) { piece in
                    for index in (batches.count * piece / pieces)..<(batches.count * (piece + 1) / pieces) {
                        batches[index].bandKeys.withUnsafeBufferPointer { batchKeys in
                            for text in textStarts[index]..<textStarts[index + 1] {
                                let first = Int(places[text]) * bands
                                for band in 0..<bands { columns[band].buffer[text] = batchKeys[first + band] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `count` arrays of `length` entries that `fill` must write in full, left uninitialized
    /// until then so that each fresh page is first touched by the core that fills it. (One array
    /// is made inside the making of the next, so every buffer is valid while `fill` runs.)
    private static func withUninitializedColumns(_ count: Int, length: Int, made: [SendablePointer<UInt32>] = [],
                                         fill: ([SendablePointer<UInt32>]) -> Void) -> [[UInt32]] {
        guard made.count < count else {
            fill(made)
            return []
        }
        var later: [[UInt32]] = []
        let column = [UInt32](unsafeUninitializedCapacity: length) { buffer, initialized in
            later = withUninitializedColumns(count, length: length, made: made + [SendablePointer(buffer)], fill: fill)
            initialized = length
        }
        return [column] + later
    }

    /// Stage 2, star clustering: every text is compared with the most typical texts of its LSH
    /// buckets, most typical first, until it is near-identical to one (`CandidateChecks`, in
    /// parallel); then, most typical texts first, a text joins the group of that text when it is
    /// a representative, or else that text's representative if it is near-identical to it too;
    /// a text that joins nothing represents a group of its own. Every member is thus checked against its representative
    /// itself: A close to B and B close to C never puts C with A unless C is close to A.
    private mutating func linkCandidates(progress: ClusterProgress?) {
        let textCount = corpus.count
        guard textCount > 1 else { return }
        // The bounds need only the corpus: worked out on one thread meanwhile, they fill the
        // moments the order's sort and the lists' allocation leave a core idle.
        let corpus = self.corpus
        let boundsTask = BackgroundTask { PairCountBounds(corpus: corpus, parallelism: 1) }
        let order = Self.typicalFirst(union.typicalities)
        var rank = [Int32](repeating: 0, count: textCount)
        for (position, text) in order.enumerated() { rank[Int(text)] = Int32(position) }
        var lists = CandidateLists(textCount: textCount, width: parameters.keysPerText)
        let parallelism = parameters.parallelism
        var band = 0
        while band < parameters.keysPerText {
            let group = band..<min(parameters.keysPerText, band + parallelism)
            Self.recordTops(of: group, bandKeys: bandKeys, rank: rank, in: &lists, parallelism: parallelism)
            // Bands beyond those kept for refreshes are not needed once their tops are known.
            for band in group where band >= Self.persistedBands { bandKeys[band] = [] }
            band = group.upperBound
        }
        lists.order(rank: rank, texts: order, parallelism: parallelism)
        // Counted in candidates compared; choosing representatives at the end is quick.
        progress?.begin(.compare, units: lists.counts.reduce(0) { $0 + Int($1) })
        var candidates = CandidateTops(textCount: textCount)
        let bounds = boundsTask.take()!
        let checks = CandidateChecks(corpus: corpus, parameters: parameters, yardsticks: yardsticks, bounds: bounds)
        statistics.verifications += checks.run(lists, passed: &candidates, rank: rank, progress: progress)
        lists.release()
        assignRepresentatives(order: order, rank: rank, candidates: candidates, bounds: bounds)
    }

    /// Texts from the most typical to the least (`TextUnion.typicality`, then file order).
    static func typicalFirst(_ typicality: [Int64]) -> [Int32] {
        // Sorting packed keys (inverted typicality, then the text) is several times faster than
        // sorting texts with a comparison closure.
        var keys = typicality.enumerated().map { UInt64(bitPattern: Int64.max - $0.element) << 24 | UInt64($0.offset) }
        keys.sort()
        return keys.map { Int32(truncatingIfNeeded: $0 & 0xFF_FFFF) }
    }

    /// Records in `lists`, for each band of `bands` (one per core), the rank of the most typical
    /// text holding each text's key. Each core writes its band's entries straight into the lists
    /// (copying them there afterwards took a tenth of a second on one core at a million rows),
    /// starting at its own point of the texts: cores writing neighbouring entries of the same
    /// texts at once would fight over their cache lines.
    private static func recordTops(of bands: Range<Int>, bandKeys: [[UInt32]], rank: [Int32], in lists: inout CandidateLists,
                                   parallelism: Int) {
        let width = lists.width
        lists.recordTops { lists in
            runConcurrently(bands.count, parallelism: parallelism) { index in
                let band = bands.lowerBound + index
                let keys = bandKeys[band]
                var table = BandLeaderTable(capacity: keys.count)
                defer { table.deallocate() }
                let ahead = 16
                keys.withUnsafeBufferPointer { keys in
                    rank.withUnsafeBufferPointer { rank in
                        for text in 0..<keys.count {
                            if text + ahead < keys.count { table.prefetch(keys[text + ahead]) }
                            table.offer(keys[text], rank: rank[text])
                        }
                    }
                    let start = keys.count * index / bands.count
                    for range in [start..<keys.count, 0..<start] {
                        for text in range {
                            if text + ahead < range.upperBound { table.prefetch(keys[text + ahead]) }
                            lists.buffer[text * width + band] = table.recorded(for: keys[text])
                        }
                    }
                }
            }
        }
    }

    /// Where the justification of a row's text is in the queue file (`.unknown` for rows the
    /// grouping has not numbered), for reading texts back.
    var locationOfRow: @Sendable (Int32) -> JustificationLocation {
        let (textOfRow, locations) = (textOfRow, textLocations)
        return { row in Int(row) < textOfRow.count ? locations.location(ofText: Int(textOfRow[Int(row)])) : .unknown }
    }

    /// Makes each comparing thread its own yardstick (nil without the table).
    var yardsticks: ShingleYardstick.Maker { ShingleYardstick.Maker(table: table, textRows: textRows, textLocations: textLocations) }
}
