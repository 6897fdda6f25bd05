/// The queue file's bytes that hold the justifications of the texts one walk goes through in
/// corpus order (numbered in the order their justifications come in the file), read in one go
/// when the yardstick first needs one of them.
///
/// The walk's members were read back with a `pread` each (about 190,000 on the composed million),
/// and the system calls were a tenth of comparing texts; a walk's 2,048 texts span about 1.5 MB
/// of the file.
struct MemberBlock {
    private var bytes: [UInt8] = []
    private var start: Int64 = 0
    private var length = 0
    private var expected: Range<Int32> = 0..<0
    private var loaded = false
    /// A walk whose texts are spread wider (very long lines) reads them one by one instead.
    static let largest = 16 << 20

    mutating func expect(_ texts: Range<Int32>) {
        expected = texts
        loaded = false
        length = 0
    }

    func isExpected(_ text: Int32) -> Bool { expected.contains(text) }

    /// Calls `body` with the bytes the file held where `text`'s justification was, from the block
    /// (read now if it was not yet); nothing when the block does not hold them.
    mutating func withBytes(of text: Int32, locations: [JustificationLocation], reader: inout FoldedRowReader,
                            _ body: (UnsafeRawBufferPointer, inout FoldedRowReader) -> Void) {
        if !loaded { load(locations: locations, reader: reader) }
        let location = locations.location(ofText: Int(text))
        guard let offset = location.fileOffset, offset >= start, offset + Int64(location.length) <= start + Int64(length) else { return }
        let from = Int(offset - start)
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[from..<(from + location.length)]), &reader) }
    }

    private mutating func load(locations: [JustificationLocation], reader: FoldedRowReader) {
        loaded = true
        length = 0
        var first = Int64.max
        var end: Int64 = 0
        for text in expected {
            let location = locations.location(ofText: Int(text))
            guard let offset = location.fileOffset else { continue }
            first = min(first, offset)
            end = max(end, offset + Int64(location.length))
        }
        guard first < end, end - first <= Int64(Self.largest) else { return }
        let count = Int(end - first)
        guard reader.readQueueBytes(count, at: first, into: &bytes) else { return }
        start = first
        length = count
    }
}
