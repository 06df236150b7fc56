//! Versioned migrations. Append new `M::up` entries; never edit a released one.

use crate::reason::Why;
use cachedesk_core::Lang;
use cachedesk_intake::RejectReason;
use rusqlite::{params, Transaction};
use rusqlite_migration::{HookResult, Migrations, M};

const V1: &str = r#"
CREATE TABLE profiles (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    vendor      TEXT NOT NULL,
    endpoint    TEXT,
    site        TEXT,
    domains     TEXT NOT NULL DEFAULT '[]',
    batch_size  INTEGER,
    concurrency INTEGER,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE UNIQUE INDEX profiles_live_name ON profiles(name) WHERE deleted_at IS NULL;

CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    profile_id  INTEGER NOT NULL REFERENCES profiles(id),
    action      TEXT NOT NULL,
    status      TEXT NOT NULL,
    error       TEXT,
    retry_of    INTEGER REFERENCES jobs(id),
    start_at    TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX jobs_profile ON jobs(profile_id, id);
CREATE INDEX jobs_status ON jobs(status, id);
CREATE INDEX jobs_created ON jobs(created_at);

CREATE TABLE batches (
    id        INTEGER PRIMARY KEY,
    job_id    INTEGER NOT NULL REFERENCES jobs(id),
    parent_id INTEGER REFERENCES batches(id),
    state     TEXT NOT NULL,
    task_id   TEXT,
    sent_at   TEXT,
    attempts  INTEGER NOT NULL DEFAULT 0,
    note      TEXT
);
CREATE INDEX batches_job_state ON batches(job_id, state);
CREATE INDEX batches_task ON batches(task_id);

CREATE TABLE job_urls (
    id                 INTEGER PRIMARY KEY,
    job_id             INTEGER NOT NULL REFERENCES jobs(id),
    line               INTEGER NOT NULL,
    url                TEXT NOT NULL,
    batch_id           INTEGER REFERENCES batches(id),
    state              TEXT NOT NULL,
    task_id            TEXT,
    raw_status         TEXT,
    progress           INTEGER,
    reason             TEXT,
    sent_at            TEXT,
    vendor_created_at  TEXT,
    vendor_started_at  TEXT,
    vendor_finished_at TEXT,
    updated_at         TEXT NOT NULL
);
CREATE INDEX job_urls_job_line ON job_urls(job_id, line);
CREATE INDEX job_urls_job_state_line ON job_urls(job_id, state, line);
CREATE INDEX job_urls_batch ON job_urls(batch_id);

-- The allowed URL state moves; must equal `UrlState::TRANSITIONS` (a unit test checks).
CREATE TABLE url_transitions (
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    PRIMARY KEY (from_state, to_state)
) WITHOUT ROWID;
INSERT INTO url_transitions VALUES
    ('pending', 'sending'),
    ('sending', 'pending'),
    ('sending', 'accepted'),
    ('sending', 'uncertain'),
    ('sending', 'failed'),
    ('uncertain', 'pending'),
    ('uncertain', 'accepted'),
    ('accepted', 'completed'),
    ('accepted', 'failed');

CREATE TRIGGER job_urls_guard_transition
BEFORE UPDATE OF state ON job_urls
WHEN OLD.state <> NEW.state AND NOT EXISTS (
    SELECT 1 FROM url_transitions WHERE from_state = OLD.state AND to_state = NEW.state)
BEGIN
    SELECT RAISE(ABORT, 'invalid URL state transition');
END;

-- Per-job counts by state, kept by triggers so history pages never count millions of rows.
CREATE TABLE job_counts (
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    state  TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (job_id, state)
) WITHOUT ROWID;

-- Every job starts with a zero row per URL state, so the triggers below are one UPDATE each.
CREATE TRIGGER jobs_counts_rows AFTER INSERT ON jobs
BEGIN
    INSERT INTO job_counts(job_id, state, n)
    SELECT NEW.id, column1, 0 FROM (VALUES ('rejected'), ('pending'), ('sending'), ('accepted'),
                                           ('uncertain'), ('completed'), ('failed'));
END;

CREATE TRIGGER job_urls_count_insert AFTER INSERT ON job_urls
BEGIN
    UPDATE job_counts SET n = n + 1 WHERE job_id = NEW.job_id AND state = NEW.state;
END;

CREATE TRIGGER job_urls_count_update AFTER UPDATE OF state ON job_urls
WHEN OLD.state <> NEW.state
BEGIN
    UPDATE job_counts SET n = n + (state = NEW.state) - (state = OLD.state)
    WHERE job_id = NEW.job_id AND state IN (OLD.state, NEW.state);
END;
"#;

/// The count trigger as two single-row updates: SQLite runs one `state IN (old, new)` update
/// with computed deltas markedly slower, and it fires for every URL of every batch step
/// (measured: a fifth less CPU for a batch's `begin_send` and `accept_batch`).
const V2: &str = r#"
DROP TRIGGER job_urls_count_update;
CREATE TRIGGER job_urls_count_update AFTER UPDATE OF state ON job_urls
WHEN OLD.state <> NEW.state
BEGIN
    UPDATE job_counts SET n = n - 1 WHERE job_id = NEW.job_id AND state = OLD.state;
    UPDATE job_counts SET n = n + 1 WHERE job_id = NEW.job_id AND state = NEW.state;
END;
"#;

/// Keyring entries are keyed by a profile UUID (issue 10): row ids come back in a database made
/// anew in the same folder, so an entry keyed by one could hand an old profile's keys to a new
/// one. Profiles saved before get a random (version 4) UUID and keep their row id as
/// `legacy_key`, where their entry may still be filed; new profiles have none.
const V3: &str = r#"
ALTER TABLE profiles ADD COLUMN uuid TEXT;
ALTER TABLE profiles ADD COLUMN legacy_key TEXT;
UPDATE profiles SET legacy_key = CAST(id AS TEXT),
    uuid = lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)
        || '-' || lower(hex(randomblob(6)));
CREATE UNIQUE INDEX profiles_uuid ON profiles(uuid);
"#;

/// Proof at the edge: the last check of each URL (its verdict, and what the edge and origin
/// answered, as JSON).
const V4: &str = r#"
CREATE TABLE edge_checks (
    job_url_id INTEGER PRIMARY KEY REFERENCES job_urls(id),
    checked_at TEXT NOT NULL,
    verdict    TEXT NOT NULL,
    detail     TEXT NOT NULL
);
"#;

/// Text search over URLs (issue 13): a trigram index, so a substring of three characters or more
/// (Chinese included) is found without reading every URL. `detail=none`: the index only says
/// which URLs hold each trigram; the match is then checked on the URL itself. Filled by
/// [`Store::catch_up_text_index`](super::Store) before a search, up to `indexed_to` (URLs are
/// only ever appended), not by a trigger: indexing costs 10-30 µs a URL (measured), which a
/// trigger would add to every job's journal step on the way to the vendor (0.2-0.6 s for
/// 20,000 URLs).
const V5: &str = r#"
CREATE VIRTUAL TABLE job_urls_text USING fts5(
    url, content='job_urls', content_rowid='id', tokenize='trigram', detail='none'
);
CREATE TABLE job_urls_text_state (indexed_to INTEGER NOT NULL);
INSERT INTO job_urls_text_state VALUES (0);
"#;

/// A job is journaled in several transactions (issue 11); until its last line is in it is
/// `being_written`, and nothing reads it ([`Store::create_job`](super::Store)).
const V6: &str = r#"
ALTER TABLE jobs ADD COLUMN being_written INTEGER NOT NULL DEFAULT 0;
"#;

/// Each URL's reason gets its code beside its text, written together (issue 10: no code reads
/// the text to learn why). Rows journaled before get theirs here, once, by the rule that read
/// the text until then: the engine's own sentences by how they start, and (in
/// [`code_vendor_failures`]) a vendor's failure by what its words say about the origin. A line
/// skipped before sending needs none: its state says it.
const V7: &str = r#"
ALTER TABLE job_urls ADD COLUMN reason_code TEXT;
UPDATE job_urls SET reason_code = CASE
    WHEN state = 'failed' AND reason GLOB 'no final status from the vendor within*'
        THEN 'no_final_status'
    WHEN state = 'failed' AND raw_status IS NULL THEN 'vendor_refused'
    WHEN state = 'failed' THEN NULL
    WHEN reason GLOB 'no clear answer to the submit*'
        OR reason GLOB 'the program stopped while this batch was being sent*' THEN 'checking'
    WHEN reason GLOB 'the vendor has no record of this URL after the lost answer*'
        THEN 'not_in_vendor_records'
    WHEN reason GLOB 'the vendor lists this URL, but not when it was submitted*'
        THEN 'record_unplaced'
    WHEN reason GLOB 'the vendor keeps task records for*' THEN 'beyond_vendor_records'
    ELSE 'unknown'
END
WHERE state IN ('failed', 'uncertain');
"#;

/// The part of [`V7`] SQL cannot do: the failures a vendor reported, read by
/// [`Why::vendor_failed`] as a status poll now does when it journals one.
fn code_vendor_failures(tx: &Transaction) -> HookResult {
    let rows: Vec<(i64, Option<String>, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, reason, raw_status FROM job_urls \
             WHERE state = 'failed' AND reason_code IS NULL AND raw_status IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update = tx.prepare("UPDATE job_urls SET reason_code = ?2 WHERE id = ?1")?;
    for (id, reason, raw_status) in rows {
        let code = Why::vendor_failed(reason.as_deref(), &raw_status).code;
        update.execute(params![id, code.slug()])?;
    }
    Ok(())
}

/// Cheaper batch steps (issue 13, target 1); each measured on a 20,000-URL job:
/// - the journal's writers keep `job_counts` in the statement's transaction (`store::counts`):
///   the triggers made two count updates for every URL of every batch step, half the CPU of
///   sending it. The transition guard stays a trigger.
/// - the state index holds only the URLs in a state a job's page is asked for and that a URL
///   stays in (rejected, uncertain, completed, failed): moving every URL through pending,
///   sending and accepted rewrote its entry twice, a fifth of each step. A page of URLs in one
///   of those passing states reads the job in line order instead.
const V8: &str = r#"
DROP TRIGGER job_urls_count_insert;
DROP TRIGGER job_urls_count_update;
DROP INDEX job_urls_job_state_line;
CREATE INDEX job_urls_job_state_line ON job_urls(job_id, state, line)
    WHERE state IN ('rejected', 'uncertain', 'completed', 'failed');
"#;

/// Text search finds jobs (issue 13, target 2): the index's documents are runs of up to 32
/// consecutive URLs of one job (`url_docs`: their row ids, numbered by job), not single URLs, so
/// a trigram held by 200,000 URLs of 100 jobs lists 6,300 documents. Contentless: the URLs are
/// in `job_urls`; a job being removed takes its documents out by row id. Filled from the first
/// URL again by [`Store::catch_up_text_index`](super::Store) before the next search.
const V9: &str = r#"
DROP TABLE job_urls_text;
UPDATE job_urls_text_state SET indexed_to = 0;
CREATE TABLE url_docs (
    id       INTEGER PRIMARY KEY,
    first_id INTEGER NOT NULL,
    last_id  INTEGER NOT NULL
);
CREATE VIRTUAL TABLE url_docs_text USING fts5(
    urls, content='', contentless_delete=1, tokenize='trigram', detail='none'
);
"#;

/// Cheaper sending (issue 13, target 1), each measured on a 20,000-URL job:
/// - A URL follows its batch while the batch is on the wire and once the vendor holds it: its
///   row stays `pending`, and `url_rows` reads its state, send time and task from the batch.
///   Rewriting 100 rows at each of those two steps (and the guard's trigger on each) was most of
///   their CPU. A row gets a state of its own again when its URL leaves the batch's fate: a
///   poll's result, a refusal, a lost answer, a split (`store::journal`). The guard judges a
///   move from the state the URL is in, its batch's or its own.
/// - Lists of states are written as `OR`s: an `IN` list in a partial index's or a trigger's
///   condition built a temporary table for each row written (about 40 % of journaling a job),
///   and the planner cannot tell that `state = 'failed'` is in an `IN` list, so the state index
///   of V8 was never used.
const V10: &str = r#"
DROP INDEX job_urls_job_state_line;
CREATE INDEX job_urls_job_state_line ON job_urls(job_id, state, line)
    WHERE state = 'rejected' OR state = 'uncertain' OR state = 'completed' OR state = 'failed';

ALTER TABLE batches ADD COLUMN answered_at TEXT;

CREATE VIEW url_rows AS
SELECT u.id, u.job_id, u.line, u.url, u.batch_id, u.state AS own_state,
    COALESCE(f.state, u.state) AS state,
    CASE WHEN f.id IS NULL THEN u.task_id ELSE f.task_id END AS task_id,
    u.raw_status, u.progress, u.reason,
    CASE WHEN f.id IS NULL THEN u.sent_at ELSE f.sent_at END AS sent_at,
    u.vendor_created_at, u.vendor_started_at, u.vendor_finished_at,
    CASE WHEN f.id IS NULL THEN u.updated_at
        ELSE COALESCE(f.answered_at, f.sent_at, u.updated_at) END AS updated_at,
    u.reason_code
FROM job_urls u
LEFT JOIN batches f
    ON u.state = 'pending' AND f.id = u.batch_id AND (f.state = 'sending' OR f.state = 'accepted');

DROP TRIGGER job_urls_guard_transition;
CREATE TRIGGER job_urls_guard_transition
BEFORE UPDATE OF state ON job_urls
WHEN NOT EXISTS (
    SELECT 1 FROM (
        SELECT COALESCE((
            SELECT f.state FROM batches f
            WHERE OLD.state = 'pending' AND f.id = OLD.batch_id
                AND (f.state = 'sending' OR f.state = 'accepted')
        ), OLD.state) AS was
    )
    WHERE was = NEW.state
        OR EXISTS (SELECT 1 FROM url_transitions WHERE from_state = was AND to_state = NEW.state)
)
BEGIN
    SELECT RAISE(ABORT, 'invalid URL state transition');
END;
"#;

/// A line refused before sending keeps intake's code (`reject_code`), so each reader says why in
/// its own language, not in the one the job was submitted in. Rows journaled before get theirs
/// from their text ([`code_rejected_lines`]).
const V11: &str = r#"
ALTER TABLE job_urls ADD COLUMN reject_code TEXT;

DROP VIEW url_rows;
CREATE VIEW url_rows AS
SELECT u.id, u.job_id, u.line, u.url, u.batch_id, u.state AS own_state,
    COALESCE(f.state, u.state) AS state,
    CASE WHEN f.id IS NULL THEN u.task_id ELSE f.task_id END AS task_id,
    u.raw_status, u.progress, u.reason,
    CASE WHEN f.id IS NULL THEN u.sent_at ELSE f.sent_at END AS sent_at,
    u.vendor_created_at, u.vendor_started_at, u.vendor_finished_at,
    CASE WHEN f.id IS NULL THEN u.updated_at
        ELSE COALESCE(f.answered_at, f.sent_at, u.updated_at) END AS updated_at,
    u.reason_code, u.reject_code
FROM job_urls u
LEFT JOIN batches f
    ON u.state = 'pending' AND f.id = u.batch_id AND (f.state = 'sending' OR f.state = 'accepted');
"#;

/// The part of [`V11`] SQL cannot do: a refused line's code, read back from the sentence intake
/// wrote for it in either language.
fn code_rejected_lines(tx: &Transaction) -> HookResult {
    let codes: std::collections::HashMap<&str, RejectReason> = RejectReason::ALL
        .into_iter()
        .flat_map(|r| [(r.message(Lang::En), r), (r.message(Lang::ZhCn), r)])
        .collect();
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, reason FROM job_urls WHERE state = 'rejected' AND reason IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update = tx.prepare("UPDATE job_urls SET reject_code = ?2 WHERE id = ?1")?;
    for (id, reason) in rows {
        if let Some(code) = codes.get(reason.as_str()) {
            update.execute(params![id, code.code()])?;
        }
    }
    Ok(())
}

/// Two characters found through the index (`store::text_index`): every document now ends with a
/// line break, so each place a pair of characters stands in it starts one of its trigrams, and
/// the trigrams that start with a pair are a range of the index's terms (`url_docs_terms`).
/// The documents written before lack that last break: the index is filled again from the first
/// URL before the next search (about 10 s for 2,000,000 URLs, once).
const V12: &str = r#"
CREATE VIRTUAL TABLE url_docs_terms USING fts5vocab(url_docs_text, 'row');
INSERT INTO url_docs_text(url_docs_text) VALUES ('delete-all');
DELETE FROM url_docs;
UPDATE job_urls_text_state SET indexed_to = 0;
"#;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up_with_hook(V7, code_vendor_failures),
        M::up(V8),
        M::up(V9),
        M::up(V10),
        M::up_with_hook(V11, code_rejected_lines),
        M::up(V12),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::UrlState;
    use rusqlite::Connection;

    /// A profile and its finished job (id 1), for URL rows.
    fn a_finished_job(conn: &Connection) {
        conn.execute_batch(
            "INSERT INTO profiles (name, vendor, created_at, updated_at) VALUES ('p', 'baishan', '', '');
             INSERT INTO jobs (profile_id, action, status, created_at, updated_at) VALUES (1, 'prefetch', 'finished', '', '');",
        )
        .unwrap();
    }

    /// Migrates to the latest version, then reads `code_from` (a column and its table) line by
    /// line and compares it with `expected`.
    fn assert_codes_after_migration<const N: usize>(
        conn: &mut Connection,
        code_from: &str,
        expected: [Option<&str>; N],
    ) {
        migrations().to_latest(conn).unwrap();
        let codes: Vec<Option<String>> =
            column(conn, &format!("SELECT {code_from} ORDER BY line"), 0);
        assert_eq!(codes, expected.map(|c| c.map(str::to_owned)));
    }

    /// Column `i` of every row `sql` returns.
    fn column<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str, i: usize) -> Vec<T> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get(i)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn transition_table_matches_the_code() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let mut stmt = conn
            .prepare("SELECT from_state, to_state FROM url_transitions")
            .unwrap();
        let mut in_db: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut in_code: Vec<(String, String)> = UrlState::TRANSITIONS
            .iter()
            .map(|(a, b)| (a.slug().to_owned(), b.slug().to_owned()))
            .collect();
        in_db.sort();
        in_code.sort();
        assert_eq!(in_db, in_code);
    }

    #[test]
    fn profiles_saved_before_v3_get_a_uuid_and_keep_their_row_id_as_legacy_key() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 2).unwrap();
        for name in ["a", "b", "c"] {
            conn.execute(
                "INSERT INTO profiles (name, vendor, created_at, updated_at) VALUES (?1, 'baishan', '', '')",
                [name],
            )
            .unwrap();
        }
        migrations().to_latest(&mut conn).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, uuid, legacy_key FROM profiles ORDER BY id")
            .unwrap();
        let rows: Vec<(i64, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut uuids = std::collections::HashSet::new();
        for (id, uuid, legacy) in rows {
            assert_eq!(legacy, id.to_string());
            let parsed = uuid::Uuid::parse_str(&uuid).unwrap();
            assert_eq!(parsed.get_version_num(), 4, "{uuid}");
            assert_eq!(parsed.to_string(), uuid, "lower-case, hyphenated");
            assert!(uuids.insert(uuid));
        }
        assert_eq!(uuids.len(), 3);
    }

    #[test]
    fn urls_journaled_before_v7_get_the_code_their_text_gave() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 6).unwrap();
        a_finished_job(&conn);
        // State, reason, the vendor's status word, the code it gets.
        type Row = (
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
        );
        let rows: [Row; 12] = [
            (
                "failed",
                Some("no final status from the vendor within 24 h of sending"),
                Some("running"),
                Some("no_final_status"),
            ),
            (
                "failed",
                Some("illegal url (InvalidUrl)"),
                None,
                Some("vendor_refused"),
            ),
            (
                "failed",
                Some("origin returned 404 Not Found"),
                Some("failed"),
                Some("origin_not_found"),
            ),
            (
                "failed",
                Some("origin timed out"),
                Some("failed"),
                Some("origin_timeout"),
            ),
            (
                "failed",
                Some("the vendor reports 'failed'"),
                Some("failed"),
                Some("vendor_failed"),
            ),
            (
                "uncertain",
                Some("no clear answer to the submit (timeout); checking with the vendor"),
                None,
                Some("checking"),
            ),
            (
                "uncertain",
                Some("the program stopped while this batch was being sent; checking"),
                None,
                Some("checking"),
            ),
            (
                "uncertain",
                Some("the vendor has no record of this URL after the lost answer"),
                None,
                Some("not_in_vendor_records"),
            ),
            (
                "uncertain",
                Some("the vendor lists this URL, but not when it was submitted, so"),
                None,
                Some("record_unplaced"),
            ),
            (
                "uncertain",
                Some("the vendor keeps task records for 30 days and"),
                None,
                Some("beyond_vendor_records"),
            ),
            ("uncertain", None, None, Some("unknown")),
            ("completed", None, Some("completed"), None),
        ];
        for (line, (state, reason, raw_status, _)) in rows.iter().enumerate() {
            conn.execute(
                "INSERT INTO job_urls (job_id, line, url, state, reason, raw_status, updated_at) \
                 VALUES (1, ?1, 'https://a.example/x', ?2, ?3, ?4, '')",
                params![line as i64, state, reason, raw_status],
            )
            .unwrap();
        }
        assert_codes_after_migration(&mut conn, "reason_code FROM job_urls", rows.map(|r| r.3));
    }

    #[test]
    fn lines_refused_before_v11_get_intake_s_code_from_their_text_in_either_language() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 10).unwrap();
        a_finished_job(&conn);
        let rows = [
            (
                RejectReason::HostNotCovered.message(Lang::En),
                Some("host_not_covered"),
            ),
            (
                RejectReason::MissingScheme.message(Lang::ZhCn),
                Some("missing_scheme"),
            ),
            ("duplicate of line 1", None),
        ];
        for (line, (reason, _)) in rows.iter().enumerate() {
            conn.execute(
                "INSERT INTO job_urls (job_id, line, url, state, reason, updated_at) \
                 VALUES (1, ?1, 'x', 'rejected', ?2, '')",
                params![line as i64, reason],
            )
            .unwrap();
        }
        assert_codes_after_migration(&mut conn, "reject_code FROM url_rows", rows.map(|r| r.1));
    }

    #[test]
    fn v12_empties_the_search_index_to_be_filled_again_with_a_break_after_every_url() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 11).unwrap();
        conn.execute_batch(
            "INSERT INTO url_docs (id, first_id, last_id) VALUES (16777216, 1, 2);
             INSERT INTO url_docs_text (rowid, urls) VALUES (16777216, 'https://a.example/x.css');
             UPDATE job_urls_text_state SET indexed_to = 2;",
        )
        .unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let left: Vec<i64> = column(
            &conn,
            "SELECT (SELECT COUNT(*) FROM url_docs) + (SELECT COUNT(*) FROM url_docs_terms) \
             + (SELECT indexed_to FROM job_urls_text_state)",
            0,
        );
        assert_eq!(left, [0]);
    }

    /// The properties V10 is for: a job's page of one final state reads the state index, and
    /// writing a URL builds no temporary table.
    #[test]
    fn a_state_page_reads_the_state_index_and_a_write_builds_no_temporary_table() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let column = |sql: &str, i: usize| -> Vec<String> { column(&conn, sql, i) };
        let plan = column(
            "EXPLAIN QUERY PLAN SELECT line, state, task_id FROM url_rows \
             WHERE job_id = 1 AND own_state = 'failed' ORDER BY line, id LIMIT 200",
            3,
        );
        assert!(
            plan.iter().any(|p| p.contains("job_urls_job_state_line")),
            "{plan:?}"
        );
        for write in [
            "INSERT INTO job_urls (job_id, line, url, batch_id, state, updated_at) \
             VALUES (1, 1, 'https://a.example/', 1, 'pending', '')",
            "UPDATE job_urls SET state = 'completed' WHERE id = 1",
        ] {
            let ops = column(&format!("EXPLAIN {write}"), 1);
            assert!(!ops.iter().any(|op| op == "OpenEphemeral"), "{write}");
        }
    }

    #[test]
    fn a_new_job_has_a_count_row_for_every_url_state() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO profiles (name, vendor, created_at, updated_at) VALUES ('p', 'baishan', '', '');
             INSERT INTO jobs (profile_id, action, status, created_at, updated_at) VALUES (1, 'prefetch', 'queued', '', '');",
        )
        .unwrap();
        let mut stmt = conn
            .prepare("SELECT state FROM job_counts WHERE job_id = 1 ORDER BY state")
            .unwrap();
        let mut in_db: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut in_code: Vec<String> = UrlState::ALL.iter().map(|s| s.slug().to_owned()).collect();
        in_db.sort();
        in_code.sort();
        assert_eq!(in_db, in_code);
    }
}
