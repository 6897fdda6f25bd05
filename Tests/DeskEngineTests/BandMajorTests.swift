import Testing
@testable import DeskEngine

/// The band-major copy of the sketch batches' keys that stage 1 makes on every core.
@Suite("band-major keys")
struct BandMajorTests {
    @Test(arguments: [1, 2, 3])
    func everyTextGetsItsOwnKeyOfEveryBand(parallelism: Int) {
        var random = SeededGenerator(state: 2026)
        let bands = 21
        var batches: [SketchBatch] = []
        var textStarts = [0]
        var places: [Int32] = []
        var expected = [[UInt32]](repeating: [], count: bands)
        for number in 0..<7 {
            var batch = SketchBatch(firstRow: number * 100, expectedTokens: 0)
            let sketched = Int.random(in: 0...40, using: &random)
            batch.bandKeys = (0..<(sketched * bands)).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) }
            // Only some sketched texts are new (the others repeat an earlier run's text).
            for place in 0..<sketched where Bool.random(using: &random) {
                places.append(Int32(place))
                for band in 0..<bands { expected[band].append(batch.bandKeys[place * bands + band]) }
            }
            textStarts.append(places.count)
            batches.append(batch)
        }
        let keys = NearDuplicateGrouping.bandMajor(batches, textStarts: textStarts, places: places, bands: bands,
                                                   parallelism: parallelism)
        #expect(keys == expected)
    }
}
