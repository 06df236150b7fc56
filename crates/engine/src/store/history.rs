//! Read side: jobs newest first with their counts, a job's URLs, rows for export.

use super::journal::counts_of;
use super::text_index::{contains_pattern, job_ids_clause, UrlText};
use super::{optional_column, parse_column, sql_time, Store};
use crate::model::{
    JobFilter, JobId, JobOutcome, JobSummary, PageRequest, Paged, ProfileId, UrlResult,
};
use crate::reason::UrlReason;
use crate::state::UrlState;
use cachedesk_core::{Error, Result};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, Row};

const JOB_COLUMNS: &str = "j.id, j.profile_id, p.name, p.vendor, j.action, j.status, j.error, \
     j.retry_of, j.start_at, j.created_at, j.updated_at, j.finished_at";

const URL_COLUMNS: &str = "line, url, state, task_id, raw_status, progress, reason, sent_at, \
     vendor_created_at, vendor_started_at, vendor_finished_at, updated_at, id, reason_code, \
     reject_code";

/// Jobs `j` that are whole: not one still being written (`Store::create_job`).
const SEEN: &str = "j.being_written = 0";

/// URLs read per round trip when walking a whole job.
const EXPORT_CHUNK: i64 = 5_000;

fn read_job(row: &Row<'_>) -> rusqlite::Result<JobSummary> {
    let error: Option<String> = row.get(6)?;
    Ok(JobSummary {
        id: JobId(row.get(0)?),
        profile_id: ProfileId(row.get(1)?),
        profile_name: row.get(2)?,
        vendor: parse_column(row, 3)?,
        action: parse_column(row, 4)?,
        status: parse_column(row, 5)?,
        // An unreadable stored error (written by a newer build) reads as no error.
        error: error.and_then(|e| serde_json::from_str(&e).ok()),
        retry_of: row.get::<_, Option<i64>>(7)?.map(JobId),
        start_at: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        finished_at: row.get(11)?,
        counts: Default::default(),
    })
}

fn read_url(row: &Row<'_>) -> rusqlite::Result<UrlResult> {
    let state = parse_column(row, 2)?;
    let stored = optional_column(row, 13)?;
    Ok(UrlResult {
        line: row.get(0)?,
        url: row.get(1)?,
        reason_code: UrlReason::of(state, stored),
        reject: optional_column(row, 14)?,
        state,
        task_id: row.get(3)?,
        raw_status: row.get(4)?,
        progress: row.get(5)?,
        reason: row.get(6)?,
        sent_at: row.get(7)?,
        vendor_created_at: row.get(8)?,
        vendor_started_at: row.get(9)?,
        vendor_finished_at: row.get(10)?,
        updated_at: row.get(11)?,
    })
}

/// Only URLs in `state`, as a literal: only then can SQLite use the state index, which holds
/// the states a URL keeps as its row's own (schema V8); the others may be its batch's (V10).
fn state_clause(state: UrlState) -> String {
    let column = match state {
        UrlState::Pending | UrlState::Sending | UrlState::Accepted => "state",
        UrlState::Rejected | UrlState::Uncertain | UrlState::Completed | UrlState::Failed => {
            "own_state"
        }
    };
    format!("AND {column} = '{}'", state.slug())
}

/// Lines of job `j` in the given states, from the counts the triggers keep.
macro_rules! lines_in {
    ($states:literal) => {
        concat!(
            "(SELECT COALESCE(SUM(c.n), 0) FROM job_counts c WHERE c.job_id = j.id AND c.state IN (",
            $states,
            "))"
        )
    };
}
const NOT_DONE: &str = lines_in!("'failed', 'uncertain'");
const DONE: &str = lines_in!("'completed', 'accepted'");
const SKIPPED: &str = lines_in!("'rejected'");

/// The SQL of [`JobSummary::outcome`]; each `?` takes the time now.
fn outcome_clause(outcome: JobOutcome) -> String {
    match outcome {
        JobOutcome::Scheduled => "(j.status = 'queued' AND j.start_at > ?)".into(),
        JobOutcome::Running => "(j.status = 'running' OR (j.status = 'queued' \
             AND (j.start_at IS NULL OR j.start_at <= ?)))"
            .into(),
        JobOutcome::Completed => {
            format!("(j.status = 'finished' AND {NOT_DONE} = 0 AND ({DONE} > 0 OR {SKIPPED} = 0))")
        }
        JobOutcome::Partial => {
            format!("(j.status = 'finished' AND {NOT_DONE} > 0 AND {DONE} > 0)")
        }
        JobOutcome::Failed => format!(
            "(j.status = 'stopped' OR (j.status = 'finished' AND {NOT_DONE} + {SKIPPED} > 0 \
             AND {DONE} = 0))"
        ),
    }
}

fn url_contains(filter: &JobFilter) -> Option<&str> {
    filter.url_contains.as_deref().filter(|t| !t.is_empty())
}

fn any_text(filter: &JobFilter) -> Option<&str> {
    filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The texts searched for in the journal's URLs: the filter's URL text, and its any-field text
/// (which a profile name or task id may hold instead).
struct UrlSearch<'c> {
    by_url: Option<UrlText<'c>>,
    by_text: Option<UrlText<'c>>,
}

impl<'c> UrlSearch<'c> {
    fn find(c: &'c Connection, filter: &JobFilter) -> rusqlite::Result<Option<Self>> {
        if url_contains(filter).is_none() && any_text(filter).is_none() {
            return Ok(None);
        }
        Ok(Some(UrlSearch {
            by_url: url_contains(filter)
                .map(|t| UrlText::find(c, t))
                .transpose()?,
            by_text: any_text(filter).map(|t| UrlText::find(c, t)).transpose()?,
        }))
    }

    /// Whether job `job` is found, `named` when the any-field text is in its profile's name or
    /// a task id.
    fn finds(&mut self, job: i64, named: bool) -> rusqlite::Result<bool> {
        if let Some(url) = &mut self.by_url {
            if !url.in_job(job)? {
                return Ok(false);
            }
        }
        match &mut self.by_text {
            Some(text) if !named => text.in_job(job),
            _ => Ok(true),
        }
    }
}

/// The filter's conditions on the job itself (all but the text in its URLs).
fn where_clause(filter: &JobFilter) -> (Vec<String>, Vec<Value>) {
    let mut clauses: Vec<String> = vec![SEEN.into()];
    let mut values = Vec::new();
    if let Some(p) = filter.profile {
        clauses.push("j.profile_id = ?".into());
        values.push(Value::Integer(p.0));
    }
    if let Some(a) = filter.action {
        clauses.push("j.action = ?".into());
        values.push(Value::Text(a.slug().into()));
    }
    if let Some(s) = filter.status {
        clauses.push("j.status = ?".into());
        values.push(Value::Text(s.slug().into()));
    }
    if let Some(from) = filter.from {
        clauses.push("j.created_at >= ?".into());
        values.push(sql_time(from));
    }
    if let Some(to) = filter.to {
        clauses.push("j.created_at < ?".into());
        values.push(sql_time(to));
    }
    if let Some(outcome) = filter.outcome {
        let clause = outcome_clause(outcome);
        let now = chrono::Utc::now();
        values.extend(clause.matches('?').map(|_| sql_time(now)));
        clauses.push(clause);
    }
    (clauses, values)
}

/// Whether job `j`'s profile name or a task id holds the any-field text (two `?`: its pattern).
/// A URL's task id is its batch's (both are set when the batch is accepted).
const NAMED: &str = "(EXISTS (SELECT 1 FROM profiles p2 WHERE p2.id = j.profile_id \
       AND p2.name LIKE ? ESCAPE '\\') \
     OR EXISTS (SELECT 1 FROM batches b WHERE b.job_id = j.id AND b.task_id LIKE ? ESCAPE '\\'))";

/// The most jobs a search counts when the page asked for ends before: counting them all would
/// check every job the index names (measured: about 10 µs a job found, more for one the index
/// names but that holds no match). Past it the total reads "more than".
const SEARCH_COUNT: u64 = 1_000;

/// The jobs a search finds, newest first: the ids of the page, and how many were counted.
struct Found {
    page: Vec<i64>,
    total: u64,
    more: bool,
}

/// Walks the jobs `filter` keeps, newest first, through `search`: the page's ids, then counts on
/// to [`SEARCH_COUNT`] (or the page's end, if further) and one job more, to know whether there
/// are more. Only jobs the index names (or whose profile name or a task id holds the text) are
/// read, and each only until one of its URLs holds the text.
fn search_jobs(
    c: &Connection,
    filter: &JobFilter,
    search: &mut UrlSearch<'_>,
    (lim, off): (i64, i64),
) -> rusqlite::Result<Found> {
    let text = any_text(filter).map(|t| Value::Text(contains_pattern(t)));
    let (mut values, named) = match &text {
        Some(pattern) => (vec![pattern.clone(), pattern.clone()], NAMED),
        None => (Vec::new(), "0"),
    };
    let (mut clauses, conditions) = where_clause(filter);
    values.extend(conditions);
    if let Some(jobs) = search.by_url.as_ref().and_then(UrlText::candidate_jobs) {
        clauses.push(job_ids_clause(&jobs));
    }
    if let (Some(pattern), Some(jobs)) = (
        &text,
        search.by_text.as_ref().and_then(UrlText::candidate_jobs),
    ) {
        clauses.push(format!("({NAMED} OR {})", job_ids_clause(&jobs)));
        values.extend([pattern.clone(), pattern.clone()]);
    }
    let mut stmt = c.prepare(&format!(
        "SELECT j.id, {named} FROM jobs j WHERE {} ORDER BY j.id DESC",
        clauses.join(" AND ")
    ))?;
    let mut rows = stmt.query(params_from_iter(values.iter()))?;
    let off = u64::try_from(off).unwrap_or(0);
    let page_end = off + u64::try_from(lim).unwrap_or(0);
    let enough = page_end.max(SEARCH_COUNT);
    let mut found = Found {
        page: Vec::new(),
        total: 0,
        more: false,
    };
    while let Some(row) = rows.next()? {
        let job: i64 = row.get(0)?;
        if !search.finds(job, row.get(1)?)? {
            continue;
        }
        if found.total == enough {
            found.more = true;
            break;
        }
        if found.total >= off && found.total < page_end {
            found.page.push(job);
        }
        found.total += 1;
    }
    Ok(found)
}

fn limit(page: PageRequest) -> (i64, i64) {
    let limit = i64::from(page.limit.clamp(1, 1_000));
    let offset = i64::try_from(page.offset).unwrap_or(i64::MAX);
    (limit, offset)
}

/// The jobs `clause` keeps, newest first, one page of them, with their counts.
fn read_jobs(
    c: &Connection,
    clause: &str,
    mut values: Vec<Value>,
    (lim, off): (i64, i64),
) -> rusqlite::Result<Vec<JobSummary>> {
    values.push(Value::Integer(lim));
    values.push(Value::Integer(off));
    let mut stmt = c.prepare(&format!(
        "SELECT {JOB_COLUMNS} FROM jobs j JOIN profiles p ON p.id = j.profile_id \
         WHERE {clause} ORDER BY j.id DESC LIMIT ? OFFSET ?"
    ))?;
    let mut items = stmt
        .query_map(params_from_iter(values.iter()), read_job)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for job in &mut items {
        job.counts = counts_of(c, job.id)?;
    }
    Ok(items)
}

impl Store {
    /// Jobs matching `filter`, newest first, with their counts. A search by text counts at most
    /// [`SEARCH_COUNT`] jobs past the page (`more` says there are more).
    pub fn jobs(&self, filter: &JobFilter, page: PageRequest) -> Result<Paged<JobSummary>> {
        if url_contains(filter).is_some() || any_text(filter).is_some() {
            self.catch_up_text_index()?;
        }
        let (lim, off) = limit(page);
        self.with(|c| {
            let (items, total, more) = match UrlSearch::find(c, filter)? {
                Some(mut search) => {
                    let found = search_jobs(c, filter, &mut search, (lim, off))?;
                    let ids = found.page.into_iter().collect();
                    let items = read_jobs(c, &job_ids_clause(&ids), Vec::new(), (lim, 0))?;
                    (items, found.total, found.more)
                }
                None => {
                    let (clauses, values) = where_clause(filter);
                    let clause = clauses.join(" AND ");
                    let total: i64 = c.query_row(
                        &format!("SELECT COUNT(*) FROM jobs j WHERE {clause}"),
                        params_from_iter(values.iter()),
                        |r| r.get(0),
                    )?;
                    let items = read_jobs(c, &clause, values, (lim, off))?;
                    (items, u64::try_from(total).unwrap_or(0), false)
                }
            };
            Ok(Paged {
                items,
                total,
                more,
                offset: page.offset,
                limit: page.limit,
            })
        })
    }

    pub fn job(&self, job: JobId) -> Result<JobSummary> {
        let found = self.with(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {JOB_COLUMNS} FROM jobs j JOIN profiles p ON p.id = j.profile_id \
                 WHERE j.id = ?1 AND {SEEN}"
            ))?;
            let mut rows = stmt.query_map([job.0], read_job)?;
            match rows.next() {
                Some(row) => {
                    let mut summary = row?;
                    summary.counts = counts_of(c, job)?;
                    Ok(Some(summary))
                }
                None => Ok(None),
            }
        })?;
        found.ok_or_else(|| Error::NotFound(format!("job {job}")))
    }

    /// One page of a job's URLs in line order, optionally in one state only.
    pub fn job_urls(
        &self,
        job: JobId,
        state: Option<UrlState>,
        page: PageRequest,
    ) -> Result<Paged<UrlResult>> {
        let (lim, off) = limit(page);
        self.with(|c| {
            let seen: bool = c
                .prepare_cached(&format!(
                    "SELECT EXISTS (SELECT 1 FROM jobs j WHERE j.id = ?1 AND {SEEN})"
                ))?
                .query_row([job.0], |r| r.get(0))?;
            let page_of = |items, total| Paged {
                items,
                total,
                more: false,
                offset: page.offset,
                limit: page.limit,
            };
            if !seen {
                return Ok(page_of(Vec::new(), 0));
            }
            let counts = counts_of(c, job)?;
            let total = state.map_or(counts.total(), |s| counts.get(s));
            let state_clause = state.map(state_clause).unwrap_or_default();
            let mut stmt = c.prepare(&format!(
                "SELECT {URL_COLUMNS} FROM url_rows WHERE job_id = ?1 {state_clause} \
                 ORDER BY line, id LIMIT ?2 OFFSET ?3"
            ))?;
            let items = stmt
                .query_map(params![job.0, lim, off], read_url)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(page_of(items, total))
        })
    }

    /// The vendor task ids of a job, each once, in the order its lines got them.
    pub fn task_ids(&self, job: JobId) -> Result<Vec<String>> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT task_id FROM url_rows WHERE job_id = ?1 AND task_id IS NOT NULL \
                 GROUP BY task_id ORDER BY MIN(line), MIN(id)",
            )?;
            let ids = stmt.query_map([job.0], |r| r.get(0))?;
            ids.collect()
        })
    }

    /// Walks every URL of a job in line order, a chunk per database round trip.
    pub fn for_each_url(
        &self,
        job: JobId,
        mut f: impl FnMut(&UrlResult) -> Result<()>,
    ) -> Result<()> {
        let mut after: (i64, i64) = (i64::MIN, i64::MIN);
        loop {
            let chunk: Vec<(UrlResult, i64)> = self.with(|c| {
                let mut stmt = c.prepare_cached(&format!(
                    "SELECT {URL_COLUMNS} FROM url_rows WHERE job_id = ?1 AND (line, id) > (?2, ?3) \
                     ORDER BY line, id LIMIT ?4"
                ))?;
                let rows = stmt.query_map(
                    rusqlite::params![job.0, after.0, after.1, EXPORT_CHUNK],
                    |r| Ok((read_url(r)?, r.get(12)?)),
                )?;
                rows.collect()
            })?;
            let Some((last, last_id)) = chunk.last() else {
                return Ok(());
            };
            after = (i64::from(last.line), *last_id);
            for (url, _) in &chunk {
                f(url)?;
            }
        }
    }
}
