#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The queue index file's layout (DECISIONS.md, "The queue index"). All integers little-endian.
///
///     0    8  magic "ODXINDEX"
///     8    4  format version (2)
///     12   4  section count n
///     16   8  header length: 256 + 48·n + 8
///     24   8  fingerprint of the code that derived the facts (`QueueIndexFingerprint`)
///     32   8  reserved, zero
///     40   8  queue device     48  8  queue inode
///     56   8  queue size when indexed, 64  8  its mtime (ns)
///     72   8  indexed end: the prefix [0, end) the index describes (QueueFile's consumed end)
///     80   8  digest of the whole prefix (`QueuePrefixHash`)   88  56  reserved, zero
///     144  8  rows   152  8  next line number
///     160  8  in-flight tail offset (-1: none)   168  8  its line
///     176  8  flags: bit 0 = the last line was taken without its newline
///     184 72  reserved, zero
///     256     section table, 48 bytes each: name (16, ASCII, zero-padded), version (4),
///             element size (4), offset (8), length (8), XXH64 of the section's bytes (8)
///     then    XXH64 of every header byte before it (8)
///
/// Sections start at offsets aligned to 64 bytes, after the header. Readers skip sections they
/// do not know, and treat a known one with another version as absent.
enum QueueIndexFormat {
    static let magic = Array("ODXINDEX".utf8)
    /// 2: the whole indexed prefix is hashed (version 1 hashed its first and last 64 KiB).
    static let version: UInt32 = 2
    static let fixedHeaderLength = 256
    static let sectionEntryLength = 48
    static let sectionAlignment = 64

    /// The sections of format version 2 (as of version 1); all are required.
    enum Section: String, CaseIterable {
        case offsets = "row.offset"
        case lengths = "row.length"
        case lineNumbers = "row.line"
        case submittedAt = "row.submitted"
        case countries = "row.country"
        case attributes = "row.attributes"
        case platforms = "row.platform"
        case locales = "row.locale"
        case requesters = "row.requester"
        case idBytes = "id.bytes"
        case idEnds = "id.ends"
        case idSlots = "id.slots"
        case requesterKeys = "requester.keys"
        case requesterCounts = "requester.counts"
        case platformNames = "names.platform"
        case localeNames = "names.locale"
        case problems = "problems"

        /// Bump when this section's layout or meaning changes: older readers then ignore the index.
        var version: UInt32 { 1 }

        /// Bytes per element; 1 for the variable-length encodings.
        var elementSize: Int {
            switch self {
            case .offsets, .submittedAt, .requesters, .idSlots, .requesterKeys: 8
            case .lengths, .lineNumbers, .idEnds, .requesterCounts: 4
            case .countries, .platforms, .locales: 2
            case .attributes, .idBytes, .platformNames, .localeNames, .problems: 1
            }
        }

        /// One element per row.
        var isPerRow: Bool {
            switch self {
            case .offsets, .lengths, .lineNumbers, .submittedAt, .countries, .attributes, .platforms,
                 .locales, .requesters, .idEnds: true
            default: false
            }
        }
    }

    /// One entry of the section table.
    struct SectionEntry: Equatable {
        var name: String
        var version: UInt32
        var elementSize: UInt32
        var offset: UInt64
        var length: UInt64
        var checksum: UInt64
    }

    /// The header's fixed fields.
    struct Header: Equatable {
        var fingerprint: UInt64 = 0
        var reserved: Int64 = 0
        var device: UInt64 = 0
        var inode: UInt64 = 0
        var queueSize: UInt64 = 0
        var queueModified: Int64 = 0
        var indexedEnd: UInt64 = 0
        var prefixHash: UInt64 = 0
        var rows: UInt64 = 0
        var nextLineNumber: UInt64 = 1
        var inFlightOffset: Int64 = -1
        var inFlightLine: Int64 = 0
        var tookUnterminatedTail = false
        var sections: [SectionEntry] = []

        var length: Int { QueueIndexFormat.fixedHeaderLength + sections.count * QueueIndexFormat.sectionEntryLength + 8 }
    }

    static func nanoseconds(_ time: timespec) -> Int64 { Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) }
}
