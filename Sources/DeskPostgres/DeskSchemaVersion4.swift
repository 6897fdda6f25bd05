extension DeskSchema {
    /// The columns a writer of `decisions` sends, in COPY order: the three fields the server used
    /// to read from each line, then the line. The server checks them against the line (v4).
    package static let decisionColumns = "submission_id, decision, prev, line"

    /// Gives `role` what a reviewer needs and nothing more: read the queue (and its change
    /// count) and the log, append decisions (`decisionColumns` only: never `db_user`,
    /// `recorded_at` or `seq`), take and release claims, take the chain lock and the row locks
    /// of the decision transaction. No sequence privilege: an identity column draws its values
    /// without one (measured), and USAGE would let a role call nextval at will.
    package static func grant(_ connection: PostgresConnection, to role: String) throws {
        let quoted = try connection.escapeIdentifier(role)
        try connection.transaction {
            for statement in [
                "GRANT USAGE ON SCHEMA objection_desk TO \(quoted)",
                "GRANT SELECT ON objection_desk.schema_version, objection_desk.desk_identity, objection_desk.submissions, objection_desk.submission_status, objection_desk.queue_changes TO \(quoted)",
                "GRANT SELECT, INSERT (\(decisionColumns)) ON objection_desk.decisions TO \(quoted)",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON objection_desk.claims TO \(quoted)",
                "GRANT EXECUTE ON FUNCTION objection_desk.lock_chain(), objection_desk.lock_submissions(text[]), objection_desk.lock_claimable(text[], text, integer) TO \(quoted)",
            ] {
                try connection.execute(statement)
            }
        }
    }

    // Version 4: the client sends submission_id, decision and prev beside the line, and one check
    // per statement verifies them, instead of a row trigger parsing every line as it arrives.
    // Measured on 100,000 records (a COPY into a log of 342,686, 2 cores, machine quiet): 3.0 s
    // before, 2.1 s after. What went: the row trigger (a plpgsql call per row, and COPY's
    // batched inserts, which any BEFORE ROW trigger turns off), and the `prev` CHECK's
    // translate() (5 µs a row: 0.5 s; decode/encode costs 0.1 µs). What stays: the jsonb parse
    // (0.45 s), now in one query over the transition table, computed before the window sort so
    // the sort carries no lines (in memory: work_mem for that function only).
    //
    // The row trigger stays, behind a WHEN that is false for a writer that sent the columns and
    // left db_user and recorded_at to their defaults: a writer that sends only the line (psql,
    // an older tool) still gets the columns filled from it, and anyone naming db_user or
    // recorded_at (only the owner can) still gets them replaced.
    static let version4 = #"""
        -- What a record's line says, as jsonb: a \u0000 escape (which jsonb refuses, and text
        -- cannot hold) reads as \ufffd; a leading BOM (a file log's first line) is skipped.
        -- Written as one expression so the planner inlines it.
        CREATE FUNCTION objection_desk.record_fields(line text) RETURNS jsonb
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN strpos(line, E'\\u0000') = 0 AND ascii(line) <> 65279 THEN line::jsonb
                        ELSE regexp_replace(CASE WHEN ascii(line) = 65279 THEN substr(line, 2) ELSE line END,
                                            E'(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000', E'\\1\\\\ufffd', 'g')::jsonb END
        $$;

        CREATE OR REPLACE FUNCTION objection_desk.decisions_fill() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            fields jsonb;
        BEGIN
            NEW.db_user := session_user;
            NEW.recorded_at := statement_timestamp();
            IF NEW.submission_id IS NULL AND NEW.decision IS NULL AND NEW.prev IS NULL THEN
                fields := objection_desk.record_fields(NEW.line);
                NEW.submission_id := fields->>'submission_id';
                NEW.decision := fields->>'decision';
                NEW.prev := fields->>'prev';
            END IF;
            RETURN NEW;
        END
        $$;
        DROP TRIGGER decisions_fill ON objection_desk.decisions;
        CREATE TRIGGER decisions_fill BEFORE INSERT ON objection_desk.decisions
            FOR EACH ROW
            WHEN (NEW.submission_id IS NULL OR NEW.decision IS NULL
                  OR NEW.db_user IS DISTINCT FROM session_user OR NEW.recorded_at IS DISTINCT FROM statement_timestamp())
            EXECUTE FUNCTION objection_desk.decisions_fill();

        -- The same rule as before (64 lowercase hex digits), without translate(); an invalid
        -- digit makes decode() fail, which refuses the row as well.
        ALTER TABLE objection_desk.decisions DROP CONSTRAINT decisions_prev_check,
            ADD CONSTRAINT decisions_prev_check CHECK (octet_length(prev) = 64 AND encode(decode(prev, 'hex'), 'hex') = prev);

        -- Version 1's chain check, plus: each record's submission_id, decision and prev columns
        -- are what its line says (OD005). A line as the desk writes it is checked without jsonb
        -- (0.3 s per 100,000 instead of 0.45 s): valid JSON (json_in only validates), opening
        -- with submission_id and decision as to_json writes the columns, closing with the prev
        -- column as the last member, neither key's name anywhere else, and no \u escape (which
        -- could spell a key's name otherwise). jsonb keeps the last of duplicate keys, so with
        -- these its reading is the columns. Any other line is read with jsonb.
        CREATE OR REPLACE FUNCTION objection_desk.decisions_check_chain() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET work_mem = '64MB' AS $$
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
            SELECT seq, prev, expected, wrong INTO broken FROM (
                SELECT seq, prev, wrong,
                       coalesce(lag(hash) OVER w, tail_hash, repeat('0', 64)) AS expected,
                       coalesce(lag(prev IS NOT NULL) OVER w, tail_chained, false) AS chained
                FROM (
                    SELECT seq, prev, hash,
                           CASE WHEN said IS NULL THEN '' ELSE concat_ws(', ',
                               CASE WHEN (said->>'submission_id') IS DISTINCT FROM submission_id THEN 'submission_id' END,
                               CASE WHEN (said->>'decision') IS DISTINCT FROM decision THEN 'decision' END,
                               CASE WHEN (said->>'prev') IS DISTINCT FROM prev THEN 'prev' END) END AS wrong
                    FROM (
                        SELECT r.seq, r.prev, r.hash, r.submission_id, r.decision,
                               CASE WHEN r.prev IS NOT NULL
                                     AND starts_with(r.line, '{"submission_id":' || to_json(r.submission_id)::text
                                                             || ',"decision":' || to_json(r.decision)::text || ',')
                                     AND substring(textsend(r.line) FROM octet_length(r.line) - 74) = textsend(',"prev":"' || r.prev || '"}')
                                     AND octet_length(replace(r.line, '"submission_id"', '')) = octet_length(r.line) - 15
                                     AND octet_length(replace(r.line, '"decision"', '')) = octet_length(r.line) - 10
                                     AND strpos(r.line, E'\\u') = 0
                                     AND r.line::json IS NOT NULL
                                    THEN NULL
                                    ELSE objection_desk.record_fields(r.line) END AS said
                        FROM new_records r OFFSET 0) parsed
                    OFFSET 0
                ) checked
                WINDOW w AS (ORDER BY seq)
            ) links
            WHERE wrong <> '' OR (prev IS NULL AND chained) OR prev <> expected
            ORDER BY seq LIMIT 1;
            IF FOUND THEN
                IF broken.wrong <> '' THEN
                    RAISE EXCEPTION 'record %: its % column is not what its line says', broken.seq, broken.wrong
                        USING ERRCODE = 'OD005', HINT = 'Send submission_id, decision and prev exactly as the line has them.';
                END IF;
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

        COMMENT ON TABLE objection_desk.decisions IS
            'The decision log, append-only. Clients insert submission_id, decision, prev and line (the server checks the three against the line; a line alone gets them filled from it); seq, hash, db_user and recorded_at are set by the server.';

        -- Changes to the queue other than arrivals (an erased row, an edited one), counted for
        -- local copies: a copy whose count is behind checks its rows again (DatabaseMirror),
        -- instead of counting the queue at every open. A row, not a sequence: the count moves
        -- when the change commits, never before.
        CREATE TABLE objection_desk.queue_changes (changes bigint NOT NULL);
        INSERT INTO objection_desk.queue_changes VALUES (0);
        CREATE FUNCTION objection_desk.submissions_count_change() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            UPDATE objection_desk.queue_changes SET changes = changes + 1;
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER submissions_count_change AFTER UPDATE OR DELETE OR TRUNCATE ON objection_desk.submissions
            FOR EACH STATEMENT EXECUTE FUNCTION objection_desk.submissions_count_change();

        -- Version 2's function planned the two uses as one (`ids IS NULL OR s.id = ANY(ids)`):
        -- a scan of the whole queue even for the screen's few visible rows (1.1 s on 1M rows).
        CREATE OR REPLACE FUNCTION objection_desk.lock_claimable(ids text[], holder_id text, wanted integer) RETURNS SETOF text
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            IF ids IS NOT NULL THEN
                RETURN QUERY
                    SELECT s.id FROM objection_desk.submissions s
                    WHERE s.id = ANY(ids)
                      AND NOT EXISTS (
                          SELECT 1 FROM objection_desk.claims c
                          WHERE c.submission_id = s.id AND c.holder <> holder_id AND c.expires_at > statement_timestamp())
                    ORDER BY s.submitted_at, s.id
                    LIMIT wanted
                    FOR UPDATE OF s SKIP LOCKED;
            ELSE
                RETURN QUERY
                    SELECT s.id FROM objection_desk.submissions s
                    WHERE NOT EXISTS (
                          SELECT 1 FROM objection_desk.claims c
                          WHERE c.submission_id = s.id AND c.holder <> holder_id AND c.expires_at > statement_timestamp())
                      AND NOT EXISTS (
                          SELECT 1 FROM (
                              SELECT d.decision FROM objection_desk.decisions d
                              WHERE d.submission_id = s.id AND d.decision <> 'extended'
                              ORDER BY d.seq DESC LIMIT 1) latest
                          WHERE latest.decision <> 'reopened')
                    ORDER BY s.submitted_at, s.id
                    LIMIT wanted
                    FOR UPDATE OF s SKIP LOCKED;
            END IF;
        END
        $$;

        REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA objection_desk FROM PUBLIC;
        -- A pure function the fill trigger calls as the inserting role.
        GRANT EXECUTE ON FUNCTION objection_desk.record_fields(text) TO PUBLIC;

        -- Roles granted the line alone (db grant of version 3) get the three columns too, and
        -- those that read the queue its change count.
        DO $$
        DECLARE
            grantee oid;
        BEGIN
            FOR grantee IN
                SELECT DISTINCT privilege.grantee FROM pg_attribute a, aclexplode(a.attacl) privilege
                WHERE a.attrelid = 'objection_desk.decisions'::regclass AND a.attname = 'line'
                  AND privilege.privilege_type = 'INSERT' AND privilege.grantee <> 0
            LOOP
                EXECUTE format('GRANT INSERT (submission_id, decision, prev) ON objection_desk.decisions TO %s', grantee::regrole);
            END LOOP;
            FOR grantee IN
                SELECT DISTINCT privilege.grantee FROM pg_class c, aclexplode(c.relacl) privilege
                WHERE c.oid = 'objection_desk.submissions'::regclass AND privilege.privilege_type = 'SELECT'
                  AND privilege.grantee <> 0 AND privilege.grantee <> c.relowner
            LOOP
                EXECUTE format('GRANT SELECT ON objection_desk.queue_changes TO %s', grantee::regrole);
            END LOOP;
        END
        $$;
        """#
}
