#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// The queue of submissions: reads the file once, then only the bytes appended since.
///
/// The platform's form appends to this file while agents work, so reading is incremental:
/// `refresh()` stats the file and parses just the new complete lines. A file that shrank or was
/// replaced (another inode) is read again from the start.
public final class QueueFile {
    public let path: String
    public private(set) var table = SubmissionTable()
    public private(set) var problems: [DataProblem] = []
    /// An unterminated last line that is not yet a valid record (still being written, or torn).
    public private(set) var inFlightTail: (offset: Int64, line: Int)?
    private var descriptor: Int32
    private var identity: (device: UInt64, inode: UInt64)
    private var consumedEnd: Int64 = 0
    private var nextLineNumber = 1
    private var tookUnterminatedTail = false
    private var recordParser = SubmissionLineParser()
    /// Moves submission times as they are read (the bundled sample); nil: as written.
    public let mapping: SubmittedAtMapping?

    /// What a refresh found.
    public struct Growth: Sendable, Equatable {
        public var newRows: Range<Int>
        public var newProblems: Int
        /// The file was replaced or truncated and has been read again from the start.
        public var wasReplaced: Bool
    }

    /// Opens and reads the whole queue. Problems in its lines are collected, not thrown.
    public init(path: String, parallelism: Int = ProcessInfoCores.count, progress: LoadProgress? = nil,
                mapping: SubmittedAtMapping? = nil) throws {
        self.path = path
        self.mapping = mapping
        let (descriptor, status) = try RegularFile.openChecked(path, flags: O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.cannotOpen(path: path, errno: errno) }
        self.descriptor = descriptor
        identity = (UInt64(status.st_dev), UInt64(status.st_ino))
        progress?.setTotal(Int(status.st_size))
        try readInitial(size: Int64(status.st_size), parallelism: parallelism, progress: progress)
    }

    deinit { close(descriptor) }

    private func readInitial(size: Int64, parallelism: Int, progress: LoadProgress? = nil) throws {
        let boundaries = try splitPoints(size: size, parts: size < 8 << 20 ? 1 : max(1, parallelism))
        let ranges = zip(boundaries, boundaries.dropFirst()).map { ($0, $1) }
        let results = UnsafeMutableBufferPointer<Result<QueueChunk, Error>?>.allocate(capacity: ranges.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let resultsBox = SendablePointer(results)
        let descriptor = self.descriptor
        let path = self.path
        let mapping = self.mapping
        DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
            var parser = QueueChunkParser(file: path, mapping: mapping)
            let (start, end) = ranges[part]
            resultsBox.buffer[part] = Result { try parser.parse(descriptor: descriptor, from: start, to: end, firstLineNumber: 1, progress: progress) }
        }
        var lines = 0
        for part in 0..<ranges.count {
            var chunk = try results[part]!.get()
            results[part] = nil
            chunk.shiftLineNumbers(by: lines)
            lines += chunk.linesRead
            absorb(chunk)
        }
    }

    /// Offsets that cut `[0, size)` into `parts` ranges, each starting at a line start.
    private func splitPoints(size: Int64, parts: Int) throws -> [Int64] {
        var points: [Int64] = [0]
        var probe = [UInt8](repeating: 0, count: 64 << 10)
        for part in 1..<max(parts, 1) {
            var offset = size * Int64(part) / Int64(parts)
            guard offset > points.last! else { continue }
            var found = false
            while !found && offset < size {
                let got = probe.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(offset)) }
                guard got > 0 else { break }
                if let index = probe[0..<got].firstIndex(of: 0x0A) {
                    offset += Int64(index + 1)
                    found = true
                } else {
                    offset += Int64(got)
                }
            }
            if found && offset < size { points.append(offset) }
        }
        points.append(size)
        return points
    }

    private func absorb(_ chunk: QueueChunk) {
        problems += chunk.problems
        problems += table.append(chunk, file: path)
        consumedEnd = chunk.consumedEnd
        nextLineNumber += chunk.linesRead
        inFlightTail = chunk.inFlightTail
        tookUnterminatedTail = chunk.tookUnterminatedTail
    }

    /// Reads whatever was appended since the last read; rereads everything if the file was replaced.
    public func refresh() throws -> Growth {
        let firstRow = table.count
        let problemCount = problems.count
        var status = stat()
        let pathStatus = stat(path, &status)
        let replaced = pathStatus == 0 && (UInt64(status.st_dev), UInt64(status.st_ino)) != identity
        if replaced {
            let (fresh, _) = try RegularFile.openChecked(path, flags: O_RDONLY | O_CLOEXEC)
            guard fresh >= 0 else { throw StoreError.cannotOpen(path: path, errno: errno) }
            close(descriptor)
            descriptor = fresh
        }
        guard fstat(descriptor, &status) == 0 else { throw StoreError.io(operation: "stat \(path)", errno: errno) }
        let size = Int64(status.st_size)
        if replaced || size < consumedEnd {
            identity = (UInt64(status.st_dev), UInt64(status.st_ino))
            table = SubmissionTable()
            problems = []
            consumedEnd = 0
            nextLineNumber = 1
            tookUnterminatedTail = false
            try readInitial(size: size, parallelism: ProcessInfoCores.count)
            return Growth(newRows: 0..<table.count, newProblems: problems.count, wasReplaced: true)
        }
        guard size > consumedEnd else { return Growth(newRows: firstRow..<firstRow, newProblems: 0, wasReplaced: false) }
        var parser = QueueChunkParser(file: path, mapping: mapping)
        let chunk = try parser.parse(descriptor: descriptor, from: consumedEnd, to: size, firstLineNumber: nextLineNumber,
                                     skipLeadingNewline: tookUnterminatedTail)
        absorb(chunk)
        return Growth(newRows: firstRow..<table.count, newProblems: problems.count - problemCount, wasReplaced: false)
    }

    /// The full record of a row, read back from the file.
    public func submission(at row: Int) throws -> Submission {
        let length = Int(table.columns.lineLengths[row])
        var bytes = [UInt8](repeating: 0, count: length)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, length, off_t(table.columns.lineOffsets[row])) }
        guard got == length else { throw StoreError.io(operation: "read \(path)", errno: got < 0 ? errno : EIO) }
        if table.columns.lineOffsets[row] == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let parsed = bytes.withUnsafeBytes { raw in Result { () throws(LineError) in try recordParser.parse(raw) } }
        switch parsed {
        case .success(var submission):
            if let mapping {
                submission.submittedAt = mapping.apply(submission.submittedAt)
                submission.submittedAtText = Timestamp.formatUTCMillis(submission.submittedAt).replacingOccurrences(of: ".000Z", with: "Z")
            }
            return submission
        case .failure(let error):
            throw StoreError.io(operation: "reread \(path):\(table.columns.lineNumbers[row]) (\(error.message)); the file changed under us", errno: EIO)
        }
    }
}

/// The number of cores to parse with.
public enum ProcessInfoCores {
    public static var count: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

