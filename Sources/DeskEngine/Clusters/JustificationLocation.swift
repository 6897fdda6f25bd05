/// Where the queue file holds a justification's content (between its quotes, escapes as they
/// are), in one word: the character yardstick then reads those bytes alone, instead of the whole
/// line, its fields found again and the row's id checked.
struct JustificationLocation: Sendable, Equatable {
    private let packed: UInt64

    private init(packed: UInt64) { self.packed = packed }

    static let unknown = JustificationLocation(packed: .max)

    /// Offsets from 1 TiB and lengths from 16 MiB on are not kept (unknown).
    init(fileOffset: Int64, length: Int) {
        guard fileOffset >= 0, fileOffset < 1 << 40, length >= 0, length < 1 << 24 else {
            self = .unknown
            return
        }
        packed = UInt64(fileOffset) << 24 | UInt64(length)
    }

    var fileOffset: Int64? { packed == .max ? nil : Int64(packed >> 24) }
    var length: Int { Int(packed & 0xFF_FFFF) }
}

extension Array where Element == JustificationLocation {
    /// The location of text `text`, unknown for texts numbered after these were kept (appended
    /// rows, or clusters restored from their saved copy, which keeps none).
    func location(ofText text: Int) -> JustificationLocation {
        text >= 0 && text < count ? self[text] : .unknown
    }
}
