import CLibPQ

/// Feeds `COPY … FROM STDIN`: bytes in COPY's format, buffered and handed to libpq in blocks.
package struct CopyInWriter: ~Copyable {
    let handle: OpaquePointer
    let connection: PostgresConnection
    private var buffer: [UInt8] = []
    private var rowHasFields = false
    static let blockSize = 256 << 10

    init(connection: PostgresConnection) {
        self.connection = connection
        handle = connection.handle
        buffer.reserveCapacity(Self.blockSize + 4096)
    }

    /// Appends raw bytes (whole rows, or parts of them: rows may span calls).
    package mutating func write(_ bytes: UnsafeRawBufferPointer) throws(PostgresError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.blockSize { try flush() }
    }

    package mutating func write(_ bytes: [UInt8]) throws(PostgresError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Appends one row in COPY's text format: fields escaped, tab-separated, nil as `\N`.
    package mutating func writeRow(_ fields: [String?]) throws(PostgresError) {
        for field in fields {
            if let field { appendField(field) } else { appendNull() }
        }
        try endRow()
    }

    /// Adds a field to the current row (COPY text format, escaped).
    package mutating func appendField(_ bytes: UnsafeRawBufferPointer) {
        if rowHasFields { buffer.append(0x09) }
        rowHasFields = true
        CopyText.appendEscaped(bytes, to: &buffer)
    }

    package mutating func appendField(_ text: String) {
        var text = text
        text.withUTF8 { appendField(UnsafeRawBufferPointer($0)) }
    }

    /// Adds an SQL NULL to the current row.
    package mutating func appendNull() {
        if rowHasFields { buffer.append(0x09) }
        rowHasFields = true
        buffer.append(contentsOf: [0x5C, 0x4E])
    }

    /// Ends the current row.
    package mutating func endRow() throws(PostgresError) {
        connection.stall.noteProgress()
        buffer.append(0x0A)
        rowHasFields = false
        if buffer.count >= Self.blockSize { try flush() }
    }

    mutating func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBytes { raw in
            PQputCopyData(handle, raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count))
        }
        buffer.removeAll(keepingCapacity: true)
        connection.stall.noteProgress()
        if sent != 1 { throw connection.connectionError("sending COPY data failed") }
    }
}

/// COPY's text format: a backslash, tab, newline and carriage return inside a field are escaped
/// (`\\`, `\t`, `\n`, `\r`); `\N` is NULL.
package enum CopyText {
    package static func appendEscaped<Bytes: Sequence<UInt8>>(_ bytes: Bytes, to output: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case 0x5C: output += [0x5C, 0x5C]
            case 0x09: output += [0x5C, 0x74]
            case 0x0A: output += [0x5C, 0x6E]
            case 0x0D: output += [0x5C, 0x72]
            default: output.append(byte)
            }
        }
    }

    /// Decodes one field as COPY TO writes it (`\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v`, octal
    /// `\ooo` and `\xhh`); nil for `\N`.
    package static func decodeField(_ field: UnsafeRawBufferPointer) -> [UInt8]? {
        if field.count == 2 && field[0] == 0x5C && field[1] == 0x4E { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(field.count)
        var index = 0
        while index < field.count {
            let byte = field[index]
            index += 1
            guard byte == 0x5C, index < field.count else {
                output.append(byte)
                continue
            }
            let code = field[index]
            index += 1
            switch code {
            case 0x6E: output.append(0x0A)  // n
            case 0x72: output.append(0x0D)  // r
            case 0x74: output.append(0x09)  // t
            case 0x62: output.append(0x08)  // b
            case 0x66: output.append(0x0C)  // f
            case 0x76: output.append(0x0B)  // v
            case 0x30...0x37:
                var value = Int(code - 0x30)
                var digits = 1
                while digits < 3, index < field.count, (0x30...0x37).contains(field[index]) {
                    value = value * 8 + Int(field[index] - 0x30)
                    index += 1
                    digits += 1
                }
                output.append(UInt8(truncatingIfNeeded: value))
            case 0x78:  // x
                var value = 0
                var digits = 0
                while digits < 2, index < field.count, let digit = hexValue(field[index]) {
                    value = value * 16 + digit
                    index += 1
                    digits += 1
                }
                if digits == 0 { output.append(0x78) } else { output.append(UInt8(value)) }
            default: output.append(code)
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
        }
    }
}

extension PostgresConnection {
    /// Runs `COPY … FROM STDIN` and lets `body` write the data; returns the rows copied.
    ///
    /// If `body` throws, the COPY is ended with an error (the server rolls the statement back)
    /// and the body's error is rethrown.
    @discardableResult
    package func copyIn(_ sql: String, _ body: (inout CopyInWriter) throws -> Void) throws -> Int {
        try stall.watch(socket: PQsocket(handle)) { () throws -> Int in try copyInWatched(sql, body) }
    }

    private func copyInWatched(_ sql: String, _ body: (inout CopyInWriter) throws -> Void) throws -> Int {
        let start = PQexec(handle, sql)
        _ = try check(start, accepting: [PGRES_COPY_IN])
        var writer = CopyInWriter(connection: self)
        var failure: Error?
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            failure = error
        }
        let ended = failure == nil ? PQputCopyEnd(handle, nil) : PQputCopyEnd(handle, "the client stopped the copy")
        var outcome: Result<Int, Error> = .success(0)
        if ended != 1 { outcome = .failure(connectionError("ending COPY failed")) }
        // Read every result (the COPY's status, then nil) so the connection is ready again.
        outcome = drainResults(after: outcome)
        if let failure { throw failure }
        return try outcome.get()
    }

    /// Runs `COPY … TO STDOUT` and hands each row's bytes (as the server formats them: text
    /// format ends each row with `\n`) to `consume`; returns the rows copied.
    ///
    /// If `consume` throws, the statement is cancelled, the rest of its data is discarded, and the
    /// error is rethrown.
    @discardableResult
    package func copyOut(_ sql: String, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try stall.watch(socket: PQsocket(handle)) { () throws -> Int in try copyOutWatched(sql, consume) }
    }

    private func copyOutWatched(_ sql: String, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let start = PQexec(handle, sql)
        _ = try check(start, accepting: [PGRES_COPY_OUT])
        var failure: Error?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &buffer, 0)
            if length > 0, let buffer {
                stall.noteProgress()
                if failure == nil {
                    do {
                        try consume(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
                    } catch {
                        failure = error
                        cancelRunningStatement()
                    }
                }
                PQfreemem(buffer)
                continue
            }
            if length == -2 && failure == nil { failure = connectionError("reading COPY data failed") }
            break
        }
        var outcome: Result<Int, Error> = .success(0)
        outcome = drainResults(after: outcome)
        if let failure { throw failure }
        return try outcome.get()
    }

    /// Asks the server to cancel what this connection is running (`PQcancel`, on its own socket).
    package func cancelRunningStatement() {
        guard let cancel = PQgetCancel(handle) else { return }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &message, Int32(message.count))
        PQfreeCancel(cancel)
    }

    /// Reads every result left (a COPY's status, then nil) so the connection is ready again; the
    /// first failure, or the rows the COPY reports.
    private func drainResults(after start: Result<Int, Error>) -> Result<Int, Error> {
        var outcome = start
        while let result = PQgetResult(handle) {
            if case .success = outcome {
                do throws(PostgresError) {
                    outcome = .success(try check(result, accepting: [PGRES_COMMAND_OK]).affectedRows)
                } catch {
                    outcome = .failure(error)
                }
            } else {
                PQclear(result)
            }
            if !isOpen { break }
        }
        return outcome
    }
}
