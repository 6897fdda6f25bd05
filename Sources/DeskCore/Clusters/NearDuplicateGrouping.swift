#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMemoryTrim

/// Counters from one clustering run, for the benchmark and for tuning.
public struct ClusterStatistics: Sendable, Equatable {
    /// Distinct texts that were sketched (after exact grouping).
    public var texts = 0
    /// Candidate pairs whose overlap was counted.
    public var verifications = 0
    /// Candidate pairs that passed as similar, and those merged.
    public var similarPairs = 0
    public var merges = 0
    /// Merges refused because the two groups' anchors differed.
    public var refusedMerges = 0
    /// Lone texts attached to a group by containment, and those left alone because they were
    /// contained in several groups.
    public var attachedByContainment = 0
    public var ambiguousContainment = 0
    /// Wall-clock seconds of each phase: tokenize and sketch, exact groups, candidates and
    /// merging, cluster assembly, `adds` flags.
    public var sketchSeconds = 0.0
    public var exactSeconds = 0.0
    public var linkSeconds = 0.0
    public var assembleSeconds = 0.0
    public var addsSeconds = 0.0
    /// CPU seconds of all threads over the same phases.
    public var cpuSeconds: [Double] = []

    public init() {}
}

/// Measures phases for `ClusterStatistics`: wall-clock time, and the process's CPU time.
struct PhaseClock {
    private let clock = ContinuousClock()
    private var start: ContinuousClock.Instant
    private var cpuStart: Double
    private(set) var cpuLaps: [Double] = []

    init() {
        start = clock.now
        cpuStart = Self.processCPU()
    }

    /// Seconds since the last lap (or the start).
    mutating func lap() -> Double {
        let now = clock.now
        let elapsed = now - start
        start = now
        let cpu = Self.processCPU()
        cpuLaps.append(cpu - cpuStart)
        cpuStart = cpu
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static func processCPU() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Stage 1 (exact groups) and stage 2 (MinHash LSH candidates, verified, merged with union-find)
/// of near-duplicate clustering, over the whole table.
struct NearDuplicateGrouping {
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
    var statistics = ClusterStatistics()

    init(parameters: ClusterParameters) {
        self.parameters = parameters
    }

    /// Groups every row of `table`.
    static func run(table: SubmissionTable, parameters: ClusterParameters) -> NearDuplicateGrouping {
        var grouping = NearDuplicateGrouping(parameters: parameters)
        var clock = PhaseClock()
        let batches = SketchPass.run(table: table, rows: 0..<table.count, parameters: parameters)
        grouping.statistics.sketchSeconds = clock.lap()
        grouping.absorb(consume batches, rowCount: table.count)
        grouping.statistics.exactSeconds = clock.lap()
        grouping.linkCandidates()
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
                for local in batch.kinds.indices {
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
        let bands = parameters.keysPerText
        bandKeys = (0..<bands).map { _ in
            var keys: [UInt32] = []
            keys.reserveCapacity(sketched)
            return keys
        }
        for index in corpus.batches.indices {
            do {
                let batch = corpus.batches[index]
                for (local, row) in batch.textRows.enumerated() where exactRoot[Int(row)] == row {
                    textOfRow[Int(row)] = Int32(corpus.count)
                    corpus.append(batch: index, local: local)
                    for band in 0..<bands { bandKeys[band].append(batch.bandKeys[local * bands + band]) }
                }
            }
            corpus.batches[index].bandKeys = []
            if index % 16 == 15 { release_free_memory() }
        }
        release_free_memory()
        let textCount = corpus.count
        textRows = corpus.rows
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

    /// Stage 2: for each band, each text is a candidate of the first text with the same band key;
    /// candidates are verified in parallel, then merged in file order. Containment pairs are
    /// settled at the end, for texts still alone.
    private mutating func linkCandidates() {
        let textCount = corpus.count
        guard textCount > 1 else { return }
        var containmentPairs: [(Int32, Int32)] = []
        // The leader each text was last compared with: a pair that failed in one band is not
        // compared again when another band pairs the same texts.
        var lastCompared = [Int32](repeating: -1, count: textCount)
        let parallelism = parameters.parallelism
        var band = 0
        while band < parameters.keysPerText {
            let group = band..<min(parameters.keysPerText, band + parallelism)
            let leaders = Self.leaders(of: group.map { bandKeys[$0] }, parallelism: parallelism)
            for (offset, leader) in leaders.enumerated() {
                // Bands beyond those kept for refreshes are not needed once linked.
                if group.lowerBound + offset >= Self.persistedBands { bandKeys[group.lowerBound + offset] = [] }
                let found = verifyCandidates(leader, lastCompared: &lastCompared)
                for (text, other, relation) in found {
                    if relation == .similar {
                        statistics.similarPairs += 1
                        if unite(text, other) { statistics.merges += 1 }
                    } else {
                        containmentPairs.append((text, other))
                    }
                }
            }
            band = group.upperBound
        }
        attachContained(containmentPairs)
    }

    /// Merges two texts' groups, refusing when both are groups whose anchors disagree.
    private mutating func unite(_ first: Int32, _ second: Int32) -> Bool {
        var comparer = BigramOverlap()
        let corpus = self.corpus
        let parameters = self.parameters
        var refused = false
        var anchorChecks = 0
        let rootsDiffered = union.rootReadOnly(first) != union.rootReadOnly(second)
        let united = union.unite(first, second) { anchorA, anchorB in
            anchorChecks += 1
            let agree = comparer.anchorsAgree(corpus.tokens(anchorA), corpus.tokens(anchorB), parameters: parameters)
            refused = !agree
            return agree
        }
        statistics.verifications += anchorChecks
        if refused { statistics.refusedMerges += 1 }
        return united && rootsDiffered
    }

    /// For each band, the first text (in file order) with the same key as each text.
    private static func leaders(of keys: [[UInt32]], parallelism: Int) -> [[Int32]] {
        var result = [[Int32]](repeating: [], count: keys.count)
        result.withUnsafeMutableBufferPointer { buffer in
            let slots = SendableSlots(buffer)
            runConcurrently(keys.count, parallelism: parallelism) { index in
                let bandKeys = keys[index]
                var table = BandLeaderTable(capacity: bandKeys.count)
                defer { table.deallocate() }
                var leaders = [Int32](repeating: 0, count: bandKeys.count)
                bandKeys.withUnsafeBufferPointer { bandKeys in
                    leaders.withUnsafeMutableBufferPointer { leaders in
                        for text in 0..<bandKeys.count {
                            leaders[text] = table.leader(for: bandKeys[text], text: Int32(text))
                        }
                    }
                }
                slots.buffer[index] = leaders
            }
        }
        return result
    }

    /// The candidate pairs of one band that are not yet in one group and pass verification, in
    /// text order.
    private mutating func verifyCandidates(_ leaders: [Int32], lastCompared: inout [Int32]) -> [(Int32, Int32, TextRelation)] {
        let textCount = leaders.count
        let pieces = min(textCount / 1024 + 1, parameters.parallelism * 8)
        var found = [[(Int32, Int32, TextRelation)]](repeating: [], count: pieces)
        var verified = [Int](repeating: 0, count: pieces)
        let union = self.union
        let corpus = self.corpus
        let parameters = self.parameters
        found.withUnsafeMutableBufferPointer { foundBuffer in
            verified.withUnsafeMutableBufferPointer { verifiedBuffer in
              lastCompared.withUnsafeMutableBufferPointer { lastBuffer in
                let foundSlots = SendableSlots(foundBuffer)
                let verifiedSlots = SendableSlots(verifiedBuffer)
                let last = SendableSlots(lastBuffer)
                runConcurrently(pieces, parallelism: parameters.parallelism) { piece in
                    var comparer = BigramOverlap()
                    var local: [(Int32, Int32, TextRelation)] = []
                    var count = 0
                    for text in (textCount * piece / pieces)..<(textCount * (piece + 1) / pieces) {
                        let leader = leaders[text]
                        guard leader != Int32(text), last.buffer[text] != leader,
                              union.rootReadOnly(leader) != union.rootReadOnly(Int32(text)) else { continue }
                        last.buffer[text] = leader
                        count += 1
                        let relation = comparer.relation(corpus.tokens(Int32(text)), corpus.tokens(leader), parameters: parameters)
                        if relation != .different { local.append((Int32(text), leader, relation)) }
                    }
                    foundSlots.buffer[piece] = local
                    verifiedSlots.buffer[piece] = count
                }
              }
            }
        }
        statistics.verifications += verified.reduce(0, +)
        return found.flatMap { $0 }
    }

    /// Attaches each text that is still alone to the group of a text that contains it, unless
    /// the texts containing it belong to several groups (it is then ambiguous, like an opening
    /// shared by different letters, and stays alone).
    private mutating func attachContained(_ pairs: [(Int32, Int32)]) {
        var targets: [(lone: Int32, container: Int32)] = []
        var comparer = BigramOverlap()
        let corpus = self.corpus
        let parameters = self.parameters
        for (first, second) in pairs {
            let firstLength = corpus.withTokens(first) { $0.count }
            let secondLength = corpus.withTokens(second) { $0.count }
            let (contained, container) = firstLength <= secondLength ? (first, second) : (second, first)
            let root = union.root(contained)
            guard union.size(ofRoot: root) == 1, union.root(container) != root else { continue }
            targets.append((contained, container))
        }
        targets.sort { $0.lone < $1.lone }
        var index = 0
        while index < targets.count {
            let lone = targets[index].lone
            var end = index
            var groups = Set<Int32>()
            while end < targets.count && targets[end].lone == lone {
                groups.insert(union.root(targets[end].container))
                end += 1
            }
            if groups.count == 1 {
                let attached = union.unite(lone, targets[index].container) { a, b in
                    comparer.anchorsAgree(corpus.tokens(a), corpus.tokens(b), parameters: parameters)
                }
                if attached { statistics.attachedByContainment += 1 } else { statistics.refusedMerges += 1 }
            } else {
                statistics.ambiguousContainment += 1
            }
            index = end
        }
    }
}
