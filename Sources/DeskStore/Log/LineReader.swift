#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line handed out by `LineReader`: its bytes (without `\n` or `\r\n`), where it starts in the
/// file, and its 1-based number counted from where reading began.
package struct RawLine {
    package var bytes: UnsafeRawBufferPointer
    package var offset: Int64
    package var number: Int
    /// The line did not end with `\n`: it is the file's last bytes, possibly still being written.
    package var isUnterminated: Bool
    /// The line ended with `\r\n` (the `\r` is not in `bytes`): readers accept it, but the desk
    /// never writes it, so `verify` reports it.
    package var endsWithCarriageReturn = false
}

/// Reads newline-terminated lines from a file descriptor in large blocks with `pread`.
///
/// Block reads rather than mmap keep the resident set bounded (a mapped 500 MB queue would count
/// fully towards the process's RSS) while costing about as little as `cat`.
package struct LineReader {
    package static let blockSize = 8 << 20
    /// Longer lines are reported and skipped instead of growing the buffer without bound.
    package static let maximumLineLength = 16 << 20

    /// A read buffer kept from one `read` to the next by a caller that reads many ranges (a load
    /// worker): each fresh 8 MiB buffer was pages the kernel had to zero again.
    package final class ReadBuffer {
        fileprivate var bytes: UnsafeMutableRawBufferPointer?

        package init() {}

        deinit { bytes?.deallocate() }
    }

    package enum Event {
        case line(RawLine)
        case tooLong(offset: Int64, number: Int, length: Int64)
    }

    /// Reads `[start, end)` of `descriptor`, calling `body` for each line; an unterminated last
    /// line is delivered with `isUnterminated` set. Returns the number of lines seen.
    /// `afterRead` sees the bytes of each read and their file offset; with `alignment`, reads
    /// before the last end at multiples of it where they can (so that a whole aligned block of
    /// the range is always within one read).
    @discardableResult
    package static func read(
        descriptor: Int32, from start: Int64, to end: Int64, firstLineNumber: Int = 1,
        progress: LoadProgress? = nil, alignment: Int64 = 0, reusing kept: ReadBuffer? = nil,
        afterRead: ((UnsafeRawBufferPointer, Int64) -> Void)? = nil, body: (Event) throws -> Void
    ) throws -> Int {
        let wanted = min(blockSize, Int(max(end - start, 1)))
        var buffer: UnsafeMutableRawBufferPointer
        if let reused = kept?.bytes, reused.count >= wanted {
            buffer = reused
            kept!.bytes = nil
        } else {
            buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: wanted, alignment: 16)
        }
        defer {
            if let kept, (kept.bytes?.count ?? 0) < buffer.count {
                kept.bytes?.deallocate()
                kept.bytes = buffer
            } else {
                buffer.deallocate()
            }
        }
        var filled = 0  // bytes of the current partial line at the start of the buffer
        var fileOffset = start  // file offset of buffer[0]
        var readOffset = start
        var lineNumber = firstLineNumber
        var skippingLongLine: (offset: Int64, number: Int)?
        while readOffset < end {
            if filled == buffer.count {
                if buffer.count >= maximumLineLength {
                    if skippingLongLine == nil { skippingLongLine = (fileOffset, lineNumber) }
                    fileOffset += Int64(filled)
                    filled = 0
                } else {
                    let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: min(buffer.count * 2, maximumLineLength), alignment: 16)
                    larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
                    buffer.deallocate()
                    buffer = larger
                }
            }
            var wanted = min(buffer.count - filled, Int(end - readOffset))
            if alignment > 0, readOffset + Int64(wanted) < end {
                let alignedEnd = (readOffset + Int64(wanted)) / alignment * alignment
                if alignedEnd > readOffset { wanted = Int(alignedEnd - readOffset) }
            }
            let got = pread(descriptor, buffer.baseAddress! + filled, wanted, off_t(readOffset))
            if got < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(operation: "read", errno: errno)
            }
            if got == 0 { break }  // file shrank under us; the caller notices on its next stat
            afterRead?(UnsafeRawBufferPointer(start: buffer.baseAddress! + filled, count: got), readOffset)
            readOffset += Int64(got)
            progress?.add(got)
            let available = filled + got
            var lineStart = 0
            var searchFrom = filled
            while searchFrom < available,
                  let newline = memchr(buffer.baseAddress! + searchFrom, 0x0A, available - searchFrom) {
                let newlineIndex = buffer.baseAddress!.distance(to: newline)
                if let skipped = skippingLongLine {
                    let length = fileOffset + Int64(newlineIndex) - skipped.offset
                    try body(.tooLong(offset: skipped.offset, number: skipped.number, length: length))
                    skippingLongLine = nil
                } else {
                    var lineEnd = newlineIndex
                    let carriageReturn = lineEnd > lineStart && buffer[lineEnd - 1] == 0x0D
                    if carriageReturn { lineEnd -= 1 }
                    let line = UnsafeRawBufferPointer(start: buffer.baseAddress! + lineStart, count: lineEnd - lineStart)
                    try body(.line(RawLine(bytes: line, offset: fileOffset + Int64(lineStart), number: lineNumber,
                                           isUnterminated: false, endsWithCarriageReturn: carriageReturn)))
                }
                lineNumber += 1
                lineStart = newlineIndex + 1
                searchFrom = lineStart
            }
            // Keep the partial line at the start of the buffer for the next read.
            let remainder = available - lineStart
            if lineStart > 0 && remainder > 0 {
                memmove(buffer.baseAddress!, buffer.baseAddress! + lineStart, remainder)
            }
            fileOffset += Int64(lineStart)
            filled = remainder
        }
        if let skipped = skippingLongLine {
            try body(.tooLong(offset: skipped.offset, number: skipped.number, length: fileOffset + Int64(filled) - skipped.offset))
            lineNumber += 1
        } else if filled > 0 {
            let line = UnsafeRawBufferPointer(start: buffer.baseAddress!, count: filled)
            try body(.line(RawLine(bytes: line, offset: fileOffset, number: lineNumber, isUnterminated: true)))
            lineNumber += 1
        }
        return lineNumber - firstLineNumber
    }

    /// True for a line holding only JSON whitespace (such lines are skipped, not errors).
    package static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        for byte in line where !(byte == 0x20 || byte == 0x09 || byte == 0x0D) { return false }
        return true
    }

    /// The UTF-8 byte order mark, tolerated at the very start of a file.
    package static func hasByteOrderMark(_ line: UnsafeRawBufferPointer) -> Bool {
        line.count >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF
    }
}
