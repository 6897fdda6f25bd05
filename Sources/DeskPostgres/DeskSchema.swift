/// The desk's tables in PostgreSQL, created and upgraded by numbered migrations.
///
/// Everything lives in the schema `objection_desk`, so a desk can share a database with the
/// organisation's own tables (the form's backend, say) without a name clash. `schema_version`
/// lists the migrations applied. Each migration runs in its own transaction under an advisory
/// lock, so two `db init` at once apply it once; running `db init` again changes nothing.
///
/// The tables:
/// - `submissions`: the queue. `line` is the submission's JSON line exactly as the form wrote it
///   (the truth); the other columns are copies of its fields for SQL filters. A form's backend
///   that inserts rows itself fills `id`, `line`, `submitted_at`, `country` (the ISO code, upper
///   case), `email` and, when known, `email_verified`, `platform`, `locale`; a statement-level
///   trigger notifies open screens (channel `objection_desk_submissions`).
/// - `decisions`: the legal record, append-only. A client inserts `line` (the record's exact
///   JSON line, `prev` included) with `submission_id`, `decision` and `prev` as the line has them
///   (`decisionColumns`; since v4 — a line alone still gets them filled from it); the server
///   fills everything else: `seq` (identity, in commit order), `hash` (the SHA-256 of the line's
///   bytes, the next record's `prev`), `db_user` (`session_user`: the authenticated role,
///   whatever the client sends) and `recorded_at`. A statement-level trigger checks that the
///   three columns are what each line says and every new link of the chain — the file log's
///   definition (`ChainVerifier`) — and notifies `objection_desk_decisions` with the last `seq`.
///   UPDATE, DELETE and TRUNCATE fail for every role, owner included: revoked, and refused by a
///   trigger.
/// - `claims`: leases on submissions (one row per claimed submission). `db_user` is set by the
///   server; row-level security lets a role change or remove only its own claims, or expired ones.
package enum DeskSchema {
    package static let name = "objection_desk"

    /// Advisory lock keys (`pg_advisory_xact_lock(key, part)`): "ODES" and a part number.
    package static let lockKey: Int32 = 0x4F44_4553
    package static let migrationLockPart: Int32 = 0
    package static let chainLockPart: Int32 = 1
    package static let queueOrderLockPart: Int32 = 2

    /// NOTIFY channels.
    package static let decisionsChannel = "objection_desk_decisions"
    package static let submissionsChannel = "objection_desk_submissions"

    package struct Migration: Sendable {
        package var version: Int
        package var description: String
        package var sql: String
    }

    package static let migrations: [Migration] = [
        Migration(version: 1, description: "submissions, append-only chained decisions, claims", sql: version1),
        Migration(version: 2, description: "row locks for the decision transaction and for taking claims", sql: version2),
        Migration(version: 3, description: "the queue's arrival order and the desk's identity, for local mirrors", sql: version3),
        Migration(version: 4, description: "decisions: the client sends submission_id, decision and prev, checked per statement", sql: version4),
    ]

    package static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// What `migrate` did.
    package struct MigrationOutcome: Sendable, Equatable {
        /// The version found (0: the schema did not exist).
        package var from: Int
        package var to: Int
        package var applied: [Int]

        package init(from: Int, to: Int, applied: [Int]) {
            self.from = from
            self.to = to
            self.applied = applied
        }
    }

    /// The schema version the database holds; 0 when the schema was never created.
    package static func currentVersion(_ connection: PostgresConnection) throws(PostgresError) -> Int {
        let exists = try connection.execute("SELECT to_regclass('objection_desk.schema_version') IS NOT NULL").scalar == "t"
        guard exists else { return 0 }
        return try connection.execute("SELECT coalesce(max(version), 0) FROM objection_desk.schema_version").int(0, 0) ?? 0
    }

    /// Creates the schema or brings it up to `latestVersion` (or `target`, for tests of an
    /// upgrade), one transaction per migration. A database newer than this program is refused,
    /// not touched.
    @discardableResult
    package static func migrate(_ connection: PostgresConnection, upTo target: Int? = nil) throws -> MigrationOutcome {
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock($1, $2)", [String(lockKey), String(migrationLockPart)])
            try connection.executeScript(bootstrap)
        }
        let from = try currentVersion(connection)
        if from > latestVersion {
            throw PostgresError(kind: .usage, message: "the database's schema is version \(from), newer than this objection-desk knows (\(latestVersion)): use a newer objection-desk")
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > from && migration.version <= (target ?? latestVersion) {
            let ran = try connection.transaction { () throws -> Bool in
                try connection.execute("SELECT pg_advisory_xact_lock($1, $2)", [String(lockKey), String(migrationLockPart)])
                // Another `db init` may have applied it while this one waited for the lock.
                guard try currentVersion(connection) < migration.version else { return false }
                try connection.executeScript(migration.sql)
                try connection.execute("INSERT INTO objection_desk.schema_version (version, description) VALUES ($1, $2)",
                                       [String(migration.version), migration.description])
                return true
            }
            if ran { applied.append(migration.version) }
        }
        return MigrationOutcome(from: from, to: try currentVersion(connection), applied: applied)
    }

    static let bootstrap = """
        CREATE SCHEMA IF NOT EXISTS objection_desk;
        CREATE TABLE IF NOT EXISTS objection_desk.schema_version (
            version integer PRIMARY KEY,
            description text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT statement_timestamp(),
            applied_by text NOT NULL DEFAULT session_user
        );
        """

    // The SQL below is run as a script. Literals with backslashes use E'' strings, whose meaning
    // does not depend on standard_conforming_strings.
    static let version1 = #"""
        CREATE TABLE objection_desk.submissions (
            id text PRIMARY KEY CHECK (id <> ''),
            line text NOT NULL CHECK (strpos(line, chr(10)) = 0),
            submitted_at timestamptz NOT NULL,
            -- translate() rather than a regular expression: a regex CHECK cost 12 µs a row here.
            country text NOT NULL CHECK (octet_length(country) = 2 AND translate(country, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '') = ''),
            email text NOT NULL,
            email_verified boolean,
            platform text,
            locale text,
            imported_at timestamptz NOT NULL DEFAULT statement_timestamp()
        );
        COMMENT ON TABLE objection_desk.submissions IS
            'The queue. line: the submission''s JSON line as the form wrote it (the truth); the other columns copy its fields for SQL filters.';

        CREATE FUNCTION objection_desk.submissions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('objection_desk_submissions', '');
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER submissions_notify AFTER INSERT ON objection_desk.submissions
            FOR EACH STATEMENT EXECUTE FUNCTION objection_desk.submissions_notify();

        CREATE TABLE objection_desk.decisions (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            line text NOT NULL CHECK (strpos(line, chr(10)) = 0),
            submission_id text NOT NULL CHECK (submission_id <> ''),
            decision text NOT NULL
                CHECK (decision IN ('accepted', 'rejected', 'verification_requested', 'reopened', 'extended')),
            prev text CHECK (octet_length(prev) = 64 AND translate(prev, '0123456789abcdef', '') = ''),
            -- The SHA-256 of the line's UTF-8 bytes. convert_to() is not immutable, so the bytes
            -- come from bytea's escape input with every backslash doubled: the same bytes.
            hash text NOT NULL GENERATED ALWAYS AS (encode(sha256(replace(line, E'\\', E'\\\\')::bytea), 'hex')) STORED,
            db_user text NOT NULL DEFAULT session_user,
            recorded_at timestamptz NOT NULL DEFAULT statement_timestamp()
        );
        CREATE INDEX decisions_by_submission ON objection_desk.decisions (submission_id, seq);
        COMMENT ON TABLE objection_desk.decisions IS
            'The decision log, append-only. Clients insert line only; seq, submission_id, decision, prev, hash, db_user and recorded_at are set by the server.';

        -- The fields a record's line gives the columns. PostgreSQL text cannot hold U+0000, and
        -- jsonb refuses a \u0000 escape anywhere in the object, so such escapes (not preceded by
        -- an odd run of backslashes) become \ufffd first: the fields read here never hold them.
        -- A leading BOM (a file log's first line) is skipped.
        CREATE FUNCTION objection_desk.decisions_fill() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            fields jsonb;
        BEGIN
            NEW.db_user := session_user;
            NEW.recorded_at := statement_timestamp();
            IF strpos(NEW.line, E'\\u0000') = 0 AND ascii(NEW.line) <> 65279 THEN
                fields := NEW.line::jsonb;
            ELSE
                fields := regexp_replace(CASE WHEN ascii(NEW.line) = 65279 THEN substr(NEW.line, 2) ELSE NEW.line END,
                                         E'(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000', E'\\1\\\\ufffd', 'g')::jsonb;
            END IF;
            NEW.submission_id := fields->>'submission_id';
            NEW.decision := fields->>'decision';
            NEW.prev := fields->>'prev';
            RETURN NEW;
        END
        $$;
        CREATE TRIGGER decisions_fill BEFORE INSERT ON objection_desk.decisions
            FOR EACH ROW EXECUTE FUNCTION objection_desk.decisions_fill();

        CREATE FUNCTION objection_desk.decisions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the decision log is append-only: % on objection_desk.decisions is refused', TG_OP
                USING ERRCODE = 'OD001', HINT = 'A correction is a new record: reopened, or the earlier decision again.';
        END
        $$;
        CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON objection_desk.decisions
            FOR EACH STATEMENT EXECUTE FUNCTION objection_desk.decisions_refuse_change();

        -- Every insert takes the chain lock before its rows get their seq, and keeps it until
        -- commit: seq order is commit order, so a reader of "seq > last seen" never skips a row
        -- that commits later with a smaller seq. Under REPEATABLE READ a writer could link to a
        -- head that is no longer the head, so only READ COMMITTED may write.
        CREATE FUNCTION objection_desk.decisions_lock_chain() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('transaction_isolation') <> 'read committed' THEN
                RAISE EXCEPTION 'decisions are written under READ COMMITTED only, not %',
                    current_setting('transaction_isolation') USING ERRCODE = 'OD004';
            END IF;
            PERFORM pg_advisory_xact_lock(1329874259, 1);
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER decisions_lock_chain BEFORE INSERT ON objection_desk.decisions
            FOR EACH STATEMENT EXECUTE FUNCTION objection_desk.decisions_lock_chain();

        -- The file log's chain rule (ChainVerifier): a record with "prev" names the SHA-256 of the
        -- record before it (64 zeros for the first); a record without "prev" is allowed only
        -- while no record before it has one (records that predate chaining). Checked over each
        -- statement's rows at once, after it; also that no client chose its own seq.
        CREATE FUNCTION objection_desk.decisions_check_chain() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            first_seq bigint;
            last_seq bigint;
            added bigint;
            tail_hash text;
            tail_chained boolean;
            broken record;
        BEGIN
            SELECT min(seq), max(seq), count(*) INTO first_seq, last_seq, added FROM new_records;
            IF added = 0 THEN
                RETURN NULL;
            END IF;
            IF (SELECT count(*) FROM objection_desk.decisions WHERE seq >= first_seq) <> added
               OR last_seq > (SELECT last_value FROM objection_desk.decisions_seq_seq) THEN
                RAISE EXCEPTION 'decisions.seq is assigned by the server, in commit order' USING ERRCODE = 'OD003';
            END IF;
            SELECT hash, prev IS NOT NULL INTO tail_hash, tail_chained
                FROM objection_desk.decisions WHERE seq < first_seq ORDER BY seq DESC LIMIT 1;
            SELECT seq, prev, expected INTO broken FROM (
                SELECT seq, prev,
                       coalesce(lag(hash) OVER w, tail_hash, repeat('0', 64)) AS expected,
                       coalesce(lag(prev IS NOT NULL) OVER w, tail_chained, false) AS chained
                FROM new_records WINDOW w AS (ORDER BY seq)
            ) links
            WHERE (prev IS NULL AND chained) OR prev <> expected
            ORDER BY seq LIMIT 1;
            IF FOUND THEN
                IF broken.prev IS NULL THEN
                    RAISE EXCEPTION 'record % has no "prev" although the chain has started', broken.seq
                        USING ERRCODE = 'OD002';
                END IF;
                RAISE EXCEPTION 'record % does not continue the chain: its "prev" is %, the record before it hashes to %',
                    broken.seq, broken.prev, broken.expected USING ERRCODE = 'OD002',
                    HINT = 'Call objection_desk.lock_chain() in the transaction and link to the head it returns.';
            END IF;
            PERFORM pg_notify('objection_desk_decisions', last_seq::text);
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER decisions_check_chain AFTER INSERT ON objection_desk.decisions
            REFERENCING NEW TABLE AS new_records
            FOR EACH STATEMENT EXECUTE FUNCTION objection_desk.decisions_check_chain();

        -- For writers: takes the chain lock for the rest of the transaction and returns the head
        -- to link to (no row: the log is empty). Call it inside BEGIN … COMMIT.
        CREATE FUNCTION objection_desk.lock_chain(OUT last_seq bigint, OUT last_hash text, OUT chained boolean)
            LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('transaction_isolation') <> 'read committed' THEN
                RAISE EXCEPTION 'decisions are written under READ COMMITTED only, not %',
                    current_setting('transaction_isolation') USING ERRCODE = 'OD004';
            END IF;
            PERFORM pg_advisory_xact_lock(1329874259, 1);
            SELECT d.seq, d.hash, d.prev IS NOT NULL INTO last_seq, last_hash, chained
                FROM objection_desk.decisions d ORDER BY d.seq DESC LIMIT 1;
            chained := coalesce(chained, false);
        END
        $$;

        REVOKE UPDATE, DELETE, TRUNCATE ON objection_desk.decisions FROM PUBLIC, CURRENT_USER;

        -- A submission's status: its latest record that is not an extension ("extended" leaves
        -- the status as it was); pending without one.
        CREATE VIEW objection_desk.submission_status AS
            SELECT s.id,
                   CASE latest.decision
                       WHEN 'accepted' THEN 'accepted'
                       WHEN 'rejected' THEN 'rejected'
                       WHEN 'verification_requested' THEN 'awaiting_verification'
                       ELSE 'pending'
                   END AS status,
                   latest.seq AS decided_seq
            FROM objection_desk.submissions s
            LEFT JOIN LATERAL (
                SELECT d.decision, d.seq FROM objection_desk.decisions d
                WHERE d.submission_id = s.id AND d.decision <> 'extended'
                ORDER BY d.seq DESC LIMIT 1
            ) latest ON true;

        CREATE TABLE objection_desk.claims (
            submission_id text PRIMARY KEY,
            holder text NOT NULL,
            reviewer text NOT NULL,
            os_user text NOT NULL,
            host text NOT NULL,
            pid integer NOT NULL,
            db_user text NOT NULL DEFAULT session_user,
            claimed_at timestamptz NOT NULL DEFAULT statement_timestamp(),
            renewed_at timestamptz NOT NULL DEFAULT statement_timestamp(),
            expires_at timestamptz NOT NULL
        );
        CREATE INDEX claims_by_holder ON objection_desk.claims (holder);

        CREATE FUNCTION objection_desk.claims_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.db_user := session_user;
            NEW.renewed_at := statement_timestamp();
            IF TG_OP = 'INSERT' THEN
                NEW.claimed_at := statement_timestamp();
            END IF;
            RETURN NEW;
        END
        $$;
        CREATE TRIGGER claims_stamp BEFORE INSERT OR UPDATE ON objection_desk.claims
            FOR EACH ROW EXECUTE FUNCTION objection_desk.claims_stamp();

        ALTER TABLE objection_desk.claims ENABLE ROW LEVEL SECURITY;
        CREATE POLICY claims_read ON objection_desk.claims FOR SELECT USING (true);
        CREATE POLICY claims_take ON objection_desk.claims FOR INSERT WITH CHECK (db_user = session_user);
        CREATE POLICY claims_renew ON objection_desk.claims FOR UPDATE
            USING (db_user = session_user OR expires_at <= statement_timestamp())
            WITH CHECK (db_user = session_user);
        CREATE POLICY claims_release ON objection_desk.claims FOR DELETE
            USING (db_user = session_user OR expires_at <= statement_timestamp());

        REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA objection_desk FROM PUBLIC;
        """#

    // Row locks need UPDATE privilege, which reviewers do not have on submissions: these two
    // functions run as the owner and lock nothing but what they return.
    static let version2 = #"""
        -- For the decision transaction: locks the named submissions in id order (two bulks that
        -- overlap wait for each other and never deadlock); ids not in the queue are not locked.
        CREATE FUNCTION objection_desk.lock_submissions(ids text[]) RETURNS SETOF text
            LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT s.id FROM objection_desk.submissions s WHERE s.id = ANY(ids) ORDER BY s.id FOR NO KEY UPDATE
        $$;

        -- For taking work: among ids (or, when ids is NULL, the oldest pending submissions) at most
        -- `wanted` that no other transaction holds (SKIP LOCKED: two screens taking work at once
        -- get different rows without waiting) and no live claim of another holder covers.
        CREATE FUNCTION objection_desk.lock_claimable(ids text[], holder_id text, wanted integer) RETURNS SETOF text
            LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT s.id FROM objection_desk.submissions s
            WHERE (ids IS NULL OR s.id = ANY(ids))
              AND NOT EXISTS (
                  SELECT 1 FROM objection_desk.claims c
                  WHERE c.submission_id = s.id AND c.holder <> holder_id AND c.expires_at > statement_timestamp())
              AND (ids IS NOT NULL OR NOT EXISTS (
                  SELECT 1 FROM (
                      SELECT d.decision FROM objection_desk.decisions d
                      WHERE d.submission_id = s.id AND d.decision <> 'extended'
                      ORDER BY d.seq DESC LIMIT 1) latest
                  WHERE latest.decision <> 'reopened'))
            ORDER BY s.submitted_at, s.id
            LIMIT wanted
            FOR UPDATE OF s SKIP LOCKED
        $$;

        REVOKE EXECUTE ON FUNCTION objection_desk.lock_submissions(text[]), objection_desk.lock_claimable(text[], text, integer) FROM PUBLIC;
        """#

    // A desk reads the queue in arrival order and keeps a local copy that grows by "ord > last
    // seen" (DatabaseMirror). As for decisions' seq, an insert takes a lock before its rows get
    // their ord and keeps it until commit, so ord order is commit order and no reader skips a row.
    // The identity names this desk in local copies: a desk dropped and created again is another.
    static let version3 = #"""
        ALTER TABLE objection_desk.submissions ADD COLUMN ord bigint GENERATED ALWAYS AS IDENTITY;
        CREATE UNIQUE INDEX submissions_by_ord ON objection_desk.submissions (ord);
        COMMENT ON COLUMN objection_desk.submissions.ord IS
            'Arrival order, set by the server in commit order (a writer never sets it).';

        CREATE FUNCTION objection_desk.submissions_lock_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(1329874259, 2);
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER submissions_lock_order BEFORE INSERT ON objection_desk.submissions
            FOR EACH STATEMENT EXECUTE FUNCTION objection_desk.submissions_lock_order();

        CREATE TABLE objection_desk.desk_identity (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            created_at timestamptz NOT NULL DEFAULT statement_timestamp()
        );
        INSERT INTO objection_desk.desk_identity DEFAULT VALUES;
        REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA objection_desk FROM PUBLIC;
        """#
}
