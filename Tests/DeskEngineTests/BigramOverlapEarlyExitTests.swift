import Testing
@testable import DeskEngine

/// Giving up on a comparison once it cannot pass must decide exactly as counting to the end.
@Suite("word-pair overlap that stops when it cannot pass")
struct BigramOverlapEarlyExitTests {
    @Test(arguments: [ClusterParameters.standard, ClusterParameters(similarity: 0.3, containment: 0.8),
                      ClusterParameters(similarity: 0.6, containmentSizeRatio: 0.5, maximumAddition: 0.5)])
    func theFewestSharedPairsIsTheFirstCountThatPasses(parameters: ClusterParameters) {
        for member in 0...90 {
            for representative in 0...90 {
                let fewest = parameters.fewestSharedPairs(member: member, representative: representative)
                let passing = (0...min(member, representative)).first {
                    parameters.isNearIdentical(Overlap(shared: $0, first: member, second: representative))
                }
                #expect(fewest == passing, "member \(member), representative \(representative)")
            }
        }
    }

    @Test func stoppingEarlyDecidesAsCountingToTheEnd() {
        var random = SystemRandomNumberGenerator()
        var overlap = BigramOverlap()
        for _ in 0..<2_000 {
            // Few distinct words, so that texts share some pairs and not others.
            let first = (0..<Int.random(in: 0...40, using: &random)).map { _ in StoredToken.random(in: 0...12, using: &random) }
            var second = Array(first.prefix(Int.random(in: 0...first.count, using: &random)))
            second += (0..<Int.random(in: 0...40, using: &random)).map { _ in StoredToken.random(in: 0...12, using: &random) }
            first.withUnsafeBufferPointer { a in
                second.withUnsafeBufferPointer { b in
                    let full = overlap.compare(a, b)
                    for needed in 0...(full.shared + 3) {
                        let early = overlap.compare(a, b, needing: needed)
                        #expect((early == nil) == (full.shared < needed))
                        if let early { #expect(early == full) }
                    }
                }
            }
        }
    }
}
