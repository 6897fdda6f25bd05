#if canImport(Glibc)
import Glibc
#endif
import DeskCore
import DeskStore
import Foundation

/// A local copy of a database desk's queue and decision log, as JSON-lines files in this
/// account's cache, grown by "ord > last seen" and "seq > last seen" at every read.
///
/// The database stays the truth; the copy lets a desk on PostgreSQL reuse everything the file
/// store has (the parallel load, the queue index, the saved ledger and clusters, reading a row
/// back) and start as fast: a warm start reads only what was added since. It holds personal
/// data, so its directory is owner-only, like every derived file. Each line is the stored line's
/// exact bytes; `decisions.who` keeps, line for line, the role that wrote each record
/// (`db_user`), which the record itself does not hold.
///
/// Checked at every sync: the copy belongs to this desk (`desk_identity`, a new one when the
/// schema is created again), the decision log's last copied record still has the hash the copy
/// noted (the log is append-only and chained, so the whole prefix is then the same), and — when
/// the queue changed other than by arrivals since (`queue_changes`, counted by a trigger on
/// UPDATE, DELETE and TRUNCATE) — that the queue still has as many rows up to the last copied
/// `ord` (a row deleted for erasure starts the copy again). One query reads what is needed for
/// these checks and the last `seq` and `ord`; nothing is copied when nothing is new. A copy
/// that does not fit is written again from the start under a new inode, which the queue and
/// log readers take as a replaced file.
///
/// Several desks of one account share the copy; a sync holds an exclusive `flock` on
/// `mirror.lock`. One connection serves the desk, used by one thread at a time (`lock`).
package final class DatabaseMirror: @unchecked Sendable {
    // @unchecked: `queueCounted` changes only during a sync, under the shared connection's lock.
    package let connection: SharedConnection
    package let directory: String
    package let deskID: String
    /// What messages name: the database, not the local copy.
    package let label: String

    package var queuePath: String { directory + "/submissions.jsonl" }
    package var decisionsPath: String { directory + "/decisions.jsonl" }
    var writersPath: String { directory + "/decisions.who" }
    var statePath: String { directory + "/mirror.state" }

    /// What the copy holds, saved after each sync (`mirror.state`, one line of numbers).
    struct State: Equatable {
        var deskID = ""
        var lastOrd: Int64 = 0
        var rows: Int64 = 0
        var queueBytes: Int64 = 0
        var lastSeq: Int64 = 0
        var records: Int64 = 0
        var logBytes: Int64 = 0
        var writerBytes: Int64 = 0
        /// `queue_changes` when the queue's rows up to `lastOrd` were last found as copied (-1:
        /// never, or a state written before schema v4).
        var queueChanges: Int64 = -1
        var lastHash = ""

        var encoded: String {
            [deskID, String(lastOrd), String(rows), String(queueBytes), String(lastSeq), String(records), String(logBytes),
             String(writerBytes), String(queueChanges), lastHash.isEmpty ? "-" : lastHash].joined(separator: " ") + "\n"
        }

        init() {}

        /// The saved line; one without `queueChanges` (9 fields) is read with it unknown.
        init?(_ text: String) {
            let parts = text.split(separator: " ").map(String.init)
            guard parts.count == 9 || parts.count == 10 else { return nil }
            let numbers = parts[1..<(parts.count - 1)].compactMap { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            guard numbers.count == parts.count - 2 else { return nil }
            deskID = parts[0]
            (lastOrd, rows, queueBytes, lastSeq, records, logBytes, writerBytes) =
                (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6])
            queueChanges = numbers.count == 8 ? numbers[7] : -1
            let hash = parts[parts.count - 1].trimmingCharacters(in: .whitespacesAndNewlines)
            lastHash = hash == "-" ? "" : hash
        }
    }

    /// What the database holds now, read in one round trip before copying anything.
    struct Probe {
        var lastSeq: Int64
        /// The hash of the record the copy ends with (nil: the database has no such record).
        var hashAtCopiedSeq: String?
        var lastOrd: Int64
        var queueChanges: Int64

        init(_ connection: PostgresConnection, copiedSeq: Int64) throws {
            // max() on the keys reads one index entry each; no scan whatever the statistics say.
            let row = try connection.execute("""
                SELECT (SELECT coalesce(max(seq), 0) FROM objection_desk.decisions),
                       (SELECT hash FROM objection_desk.decisions WHERE seq = $1),
                       (SELECT coalesce(max(ord), 0) FROM objection_desk.submissions),
                       (SELECT changes FROM objection_desk.queue_changes)
                """, [String(copiedSeq)])
            lastSeq = row.int64(0, 0) ?? 0
            hashAtCopiedSeq = row.string(0, 1)
            lastOrd = row.int64(0, 2) ?? 0
            queueChanges = row.int64(0, 3) ?? 0
        }
    }

    /// Opens (and creates) this desk's copy under `cacheHome/objection-desk/` (default: the
    /// derived files' cache, `$XDG_CACHE_HOME`), and brings both files up to date.
    package init(connection: SharedConnection, cacheHome: String? = nil) throws {
        self.connection = connection
        label = "database \(connection.target)"
        guard let home = cacheHome ?? Self.defaultCacheHome() else {
            throw PostgresError(kind: .usage, message: "no cache directory for the database desk's local copy: set XDG_CACHE_HOME or HOME")
        }
        deskID = try connection.use(Self.deskID)
        directory = Self.directory(home: home, deskID: deskID)
        for path in [home, home + "/objection-desk", directory] where mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw PostgresError(kind: .usage, message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard lstat(directory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == geteuid() else {
            throw PostgresError(kind: .usage, message: "\(directory) is not a directory of this user's: the local copy of the database desk is not kept there")
        }
        chmod(directory, 0o700)
        try sync()
    }

    /// The desk's identity (a new one when its schema is created again).
    package static func deskID(_ connection: PostgresConnection) throws -> String {
        guard let id = try connection.execute("SELECT id::text FROM objection_desk.desk_identity ORDER BY created_at LIMIT 1").scalar else {
            throw PostgresError(kind: .usage, message: "the desk in \(connection.target) has no identity row (objection_desk.desk_identity): run `objection-desk db init`")
        }
        return id
    }

    /// Where the copy of the desk `deskID` lives under `home` (nil: the default cache home).
    package static func directory(home: String? = nil, deskID: String) -> String {
        (home ?? defaultCacheHome() ?? "") + "/objection-desk/db-" + deskID
    }

    static func defaultCacheHome() -> String? {
        if let value = getenv("XDG_CACHE_HOME"), value.pointee == UInt8(ascii: "/") { return String(cString: value) }
        if let value = getenv("HOME"), value.pointee == UInt8(ascii: "/") { return String(cString: value) + "/.cache" }
        return nil
    }

    /// Runs `body` with the connection, one thread at a time (`SharedConnection.use`: writes,
    /// never repeated).
    package func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try connection.use(body)
    }

    /// `withConnection` for what only reads: retried once on a connection found dead
    /// (`SharedConnection.read`).
    package func reading<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try connection.read(body)
    }

    /// Copies what the database gained since the last sync (by anyone). Inside a transaction of
    /// the caller (the decision transaction, under the chain lock) it copies what that
    /// transaction sees.
    package func sync() throws {
        try reading { connection in try syncLocked(connection) {} }
    }

    /// `sync` for a caller that already holds the connection (`withConnection`); `thenRead` runs
    /// while the copy is still locked, so what it reads is never a sync of another desk half done.
    package func syncLocked<T>(_ connection: PostgresConnection, thenRead: () throws -> T) throws -> T {
        let lockDescriptor = try lockCopy()
        defer { close(lockDescriptor) }
        var state = savedState()
        let saved = state
        let probe = try Probe(connection, copiedSeq: state.lastSeq)
        try syncDecisions(connection, &state, probe)
        try syncQueue(connection, &state, probe)
        if state != saved { try writeState(state) }
        return try thenRead()
    }

    /// After this desk committed `records` (under the chain lock, the log's last `seq` being
    /// `previousSeq` before them and `lastSeq` after): adds them to the copy as they were sent,
    /// without reading them back, when the copy still ends at `previousSeq`; a copy that moved
    /// on meanwhile (another desk of this account synced) is synced instead. `thenRead` runs
    /// while the copy is still locked, with the offset the records were added at (nil: synced).
    package func appendCommitted<T>(_ connection: PostgresConnection, _ records: EncodedRecords, writer: String,
                                    after previousSeq: Int64, through lastSeq: Int64, thenRead: (Int64?) throws -> T) throws -> T {
        let lockDescriptor = try lockCopy()
        defer { close(lockDescriptor) }
        var state = savedState()
        guard state.lastSeq == previousSeq, MirrorFile.size(decisionsPath) == state.logBytes, MirrorFile.size(writersPath) == state.writerBytes else {
            let saved = state
            let probe = try Probe(connection, copiedSeq: state.lastSeq)
            try syncDecisions(connection, &state, probe)
            try syncQueue(connection, &state, probe)
            if state != saved { try writeState(state) }
            return try thenRead(nil)
        }
        let start = state.logBytes
        let log = try MirrorFile(decisionsPath, keeping: state.logBytes, replace: false)
        let writers = try MirrorFile(writersPath, keeping: state.writerBytes, replace: false)
        try log.append(records.lines, newline: false)
        let name = Array(writer.utf8) + [0x0A]
        var names: [UInt8] = []
        names.reserveCapacity(name.count * records.count)
        for _ in 0..<records.count { names += name }
        try writers.append(names, newline: false)
        try log.finish()
        try writers.finish()
        state.lastSeq = lastSeq
        state.records += Int64(records.count)
        state.lastHash = records.head
        state.logBytes = log.size
        state.writerBytes = writers.size
        try writeState(state)
        return try thenRead(start)
    }

    private func lockCopy() throws -> Int32 {
        let lockDescriptor = open(directory + "/mirror.lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lockDescriptor >= 0 else {
            throw PostgresError(kind: .usage, message: "cannot open \(directory)/mirror.lock: \(String(cString: strerror(errno)))")
        }
        while flock(lockDescriptor, LOCK_EX) != 0 && errno == EINTR {}
        return lockDescriptor
    }

    private func savedState() -> State {
        let state = (try? String(contentsOfFile: statePath, encoding: .utf8)).flatMap(State.init) ?? State()
        if state.deskID == deskID { return state }
        var fresh = State()
        fresh.deskID = deskID
        return fresh
    }

    private func writeState(_ state: State) throws {
        let temporary = statePath + ".new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw PostgresError(kind: .usage, message: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(state.encoded.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(temporary, statePath) == 0 else {
            throw PostgresError(kind: .usage, message: "cannot write \(statePath): \(String(cString: strerror(errno)))")
        }
    }

    private func syncDecisions(_ connection: PostgresConnection, _ state: inout State, _ probe: Probe) throws {
        var fits = MirrorFile.size(decisionsPath) >= state.logBytes && MirrorFile.size(writersPath) >= state.writerBytes
        if fits && state.lastSeq > 0 { fits = probe.hashAtCopiedSeq == state.lastHash }
        if fits && probe.lastSeq == state.lastSeq && MirrorFile.size(decisionsPath) == state.logBytes { return }
        if !fits {
            state.lastSeq = 0; state.records = 0; state.logBytes = 0; state.writerBytes = 0; state.lastHash = ""
        }
        let log = try MirrorFile(decisionsPath, keeping: state.logBytes, replace: !fits)
        let writers = try MirrorFile(writersPath, keeping: state.writerBytes, replace: !fits)
        var lastSeq = state.lastSeq
        var lastLine: [UInt8] = []
        var added: Int64 = 0
        try connection.copyOut("COPY (SELECT seq, db_user, line FROM objection_desk.decisions WHERE seq > \(state.lastSeq) AND seq <= \(probe.lastSeq) ORDER BY seq) TO STDOUT") { row in
            let fields = CopyRow.fields(row, count: 3)
            guard fields.count == 3, let seq = Int64(String(decoding: fields[0], as: UTF8.self)),
                  let user = CopyText.decodeField(fields[1]), let line = CopyText.decodeField(fields[2]) else {
                throw PostgresError(kind: .server, message: "unexpected row from objection_desk.decisions")
            }
            try log.append(line, newline: true)
            try writers.append(user, newline: true)
            lastSeq = seq
            lastLine = line
            added += 1
        }
        try log.finish()
        try writers.finish()
        if added > 0 {
            state.lastSeq = lastSeq
            state.records += added
            state.lastHash = lastLine.withUnsafeBytes { SHA256Digest.hex($0) }
        }
        state.logBytes = log.size
        state.writerBytes = writers.size
    }

    private func syncQueue(_ connection: PostgresConnection, _ state: inout State, _ probe: Probe) throws {
        var fits = MirrorFile.size(queuePath) >= state.queueBytes
        // Rows are counted only when the queue changed other than by arrivals since the copy
        // was last found whole: a count reads the whole queue (0.3 s on 1M rows).
        if fits && state.lastOrd > 0 && state.queueChanges != probe.queueChanges {
            let rows = try connection.execute("SELECT count(*) FROM objection_desk.submissions WHERE ord <= $1", [String(state.lastOrd)]).int64(0, 0)
            fits = rows == state.rows
        }
        if !fits { state.lastOrd = 0; state.rows = 0; state.queueBytes = 0 }
        state.queueChanges = probe.queueChanges
        if fits && probe.lastOrd == state.lastOrd && MirrorFile.size(queuePath) == state.queueBytes { return }
        let queue = try MirrorFile(queuePath, keeping: state.queueBytes, replace: !fits)
        var lastOrd = state.lastOrd
        var added: Int64 = 0
        try connection.copyOut("COPY (SELECT ord, line FROM objection_desk.submissions WHERE ord > \(state.lastOrd) AND ord <= \(probe.lastOrd) ORDER BY ord) TO STDOUT") { row in
            let fields = CopyRow.fields(row, count: 2)
            guard fields.count == 2, let ord = Int64(String(decoding: fields[0], as: UTF8.self)),
                  let line = CopyText.decodeField(fields[1]) else {
                throw PostgresError(kind: .server, message: "unexpected row from objection_desk.submissions")
            }
            try queue.append(line, newline: true)
            lastOrd = ord
            added += 1
        }
        try queue.finish()
        state.lastOrd = lastOrd
        state.rows += added
        state.queueBytes = queue.size
    }

    /// The role that wrote each record of the copied log, in log order (line 1 first).
    package func writers() -> [String] {
        guard let data = FileManager.default.contents(atPath: writersPath) else { return [] }
        var names: [String] = []
        var interned: [Substring: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if let known = interned[line] { names.append(known) } else {
                let name = String(line)
                interned[line] = name
                names.append(name)
            }
        }
        return names
    }
}

/// Splits one COPY text-format row into its raw (still escaped) fields.
enum CopyRow {
    static func fields(_ row: UnsafeRawBufferPointer, count: Int) -> [UnsafeRawBufferPointer] {
        let end = row.last == 0x0A ? row.count - 1 : row.count
        var fields: [UnsafeRawBufferPointer] = []
        var start = 0
        var index = 0
        while index < end, fields.count < count - 1 {
            if row[index] == 0x09 {
                fields.append(UnsafeRawBufferPointer(rebasing: row[start..<index]))
                start = index + 1
            }
            index += 1
        }
        fields.append(UnsafeRawBufferPointer(rebasing: row[start..<end]))
        return fields
    }
}
