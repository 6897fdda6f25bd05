#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a byte range of a file into parts that each start at a line start, for parsing on every
/// core (the queue's load and large reads of the decision log).
enum LineSplit {
    /// Offsets that cut `[start, end)` into at most `parts` ranges: `[start, …, end]`.
    static func points(descriptor: Int32, from start: Int64, to end: Int64, parts: Int) throws -> [Int64] {
        var points: [Int64] = [start]
        var probe = [UInt8](repeating: 0, count: 64 << 10)
        for part in 1..<max(parts, 1) {
            var offset = start + (end - start) * Int64(part) / Int64(parts)
            guard offset > points.last! else { continue }
            var found = false
            while !found && offset < end {
                let got = probe.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(offset)) }
                guard got > 0 else { break }
                if let index = probe[0..<got].firstIndex(of: 0x0A) {
                    offset += Int64(index + 1)
                    found = true
                } else {
                    offset += Int64(got)
                }
            }
            if found && offset < end { points.append(offset) }
        }
        points.append(end)
        return points
    }
}
