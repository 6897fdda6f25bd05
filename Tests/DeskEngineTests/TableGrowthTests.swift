import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The table built in several load parts (room reserved from the first part's rows per byte,
/// hash tables filled in batches with their next probes prefetched) holds exactly what one part
/// builds.
@Suite("table growth across load parts")
struct TableGrowthTests {
    @Test func severalPartsGiveTheFactsOfOne() throws {
        let directory = TemporaryDirectory()
        // Over 8 MiB, so that two cores read it in parts; a repeated id and a bad line inside.
        var lines = generatedQueueLines(count: 30_000, idPrefix: String(repeating: "long-id-", count: 25))
        lines[15_000] = lines[3]
        lines[20_000] = "{not json"
        let path = directory.write("q.jsonl", lines.joined(separator: "\n") + "\n")
        let onePart = try QueueFile(path: path, parallelism: 1, index: .disabled)
        let parts = try QueueFile(path: path, parallelism: 2, index: .disabled)
        #expect(onePart.table.count > 25_000)
        #expect(onePart.problems.contains { $0.message.contains("duplicate id") })
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count > 8 << 20)
        #expect(QueueFacts(parts) == QueueFacts(onePart))
    }

    @Test func batchedRequesterCountsAreThoseOfOneByOne() {
        var random = SystemRandomNumberGenerator()
        // Few distinct keys and many, zero among them, across the table's growth points.
        for distinct in [1, 7, 511, 512, 513, 5_000] {
            let hashes = (0..<12_000).map { _ in UInt64.random(in: 0..<UInt64(distinct), using: &random) &* 0x9E37_79B9_7F4A_7C15 }
            var oneByOne = RequesterIndex()
            for hash in hashes { oneByOne.add(hash) }
            var batched = RequesterIndex()
            for piece in stride(from: 0, to: hashes.count, by: 2_500) {
                hashes[piece..<min(piece + 2_500, hashes.count)].withUnsafeBufferPointer { batched.add(contentsOf: $0) }
            }
            #expect(batched.keys == oneByOne.keys)
            #expect(batched.counts == oneByOne.counts)
            // Room made up front (as a load that knows its rows does), some keys in already.
            var reserved = RequesterIndex()
            hashes[0..<100].withUnsafeBufferPointer { reserved.add(contentsOf: $0) }
            reserved.reserve(hashes.count)
            let capacity = reserved.keys.count
            hashes[100...].withUnsafeBufferPointer { reserved.add(contentsOf: $0) }
            #expect(reserved.keys.count == capacity && capacity >= 2 * hashes.count)
            #expect(Set(hashes).allSatisfy { reserved.count(of: $0) == oneByOne.count(of: $0) })
        }
    }
}
