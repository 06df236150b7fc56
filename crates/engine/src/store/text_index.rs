//! The trigram index of URLs (`url_docs_text`, migration V9): brought up to date before a
//! search, and the jobs found through it.
//!
//! A document of the index is a run of up to [`URLS_PER_DOC`] consecutive URLs of one job, so a
//! trigram lists far fewer entries than with one per URL: a folder in 200,000 URLs of 100 jobs
//! lists 6,300 documents, and a search checks the URLs of one document for each job it finds
//! instead of reading all 200,000 (measured in `history_page`: 97 ms → 9 ms a page).

use super::Store;
use cachedesk_core::Result;
use rusqlite::{params, Connection, OptionalExtension, Statement, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

/// URLs indexed per transaction while catching up: a job's journal step waits at most one chunk
/// for the write lock.
const CHUNK: i64 = 20_000;

/// URLs in one document: more make the trigram lists shorter, fewer make checking a document
/// (a `LIKE` on each of its URLs) quicker.
const URLS_PER_DOC: usize = 32;

/// A document's row id is its job's id shifted left by this, plus its number within the job,
/// so the documents of a job are one range of row ids and newer jobs' come later. A job has at
/// most 2,000,000 lines (`cachedesk_intake::limits::MAX_LINES`): 20,000 documents and a few
/// more where catching up cut a run, far below 2^24.
const DOC_BITS: u32 = 24;

/// The fewest characters the trigram index can look up as they are; two are looked up as the
/// trigrams they start ([`pair_query`]); one is checked on every URL of each job the walk
/// reaches (in the order of the index's documents).
const TRIGRAM: usize = 3;

fn first_doc_of(job: i64) -> i64 {
    job << DOC_BITS
}

fn job_of(doc: i64) -> i64 {
    doc >> DOC_BITS
}

impl Store {
    /// Indexes the URLs journaled since the last search.
    pub(super) fn catch_up_text_index(&self) -> Result<()> {
        loop {
            let caught_up = self.write(|tx| {
                let from: i64 =
                    tx.query_row("SELECT indexed_to FROM job_urls_text_state", [], |r| {
                        r.get(0)
                    })?;
                let last: i64 =
                    tx.query_row("SELECT COALESCE(MAX(id), 0) FROM job_urls", [], |r| {
                        r.get(0)
                    })?;
                let to = last.min(from + CHUNK);
                if to > from {
                    index_urls(tx, from, to)?;
                    tx.prepare_cached("UPDATE job_urls_text_state SET indexed_to = ?1")?
                        .execute([to])?;
                }
                Ok(to == last)
            })?;
            if caught_up {
                return Ok(());
            }
        }
    }
}

/// A run of consecutive URLs of one job, as the index stores it.
struct Doc {
    job: i64,
    first_id: i64,
    last_id: i64,
    urls: usize,
    text: String,
}

/// Indexes the URLs with row ids in `(from, to]`: each run of one job's consecutive URLs in
/// documents of up to [`URLS_PER_DOC`], numbered after the job's documents so far.
fn index_urls(tx: &Transaction<'_>, from: i64, to: i64) -> rusqlite::Result<()> {
    let mut docs: Vec<Doc> = Vec::new();
    {
        let mut read = tx.prepare_cached(
            "SELECT id, job_id, url FROM job_urls WHERE id > ?1 AND id <= ?2 ORDER BY id",
        )?;
        let mut rows = read.query([from, to])?;
        while let Some(row) = rows.next()? {
            let (id, job, url): (i64, i64, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
            match docs.last_mut() {
                Some(doc) if doc.job == job && doc.urls < URLS_PER_DOC => {
                    doc.last_id = id;
                    doc.urls += 1;
                    doc.text.push_str(&url);
                }
                _ => docs.push(Doc {
                    job,
                    first_id: id,
                    last_id: id,
                    urls: 1,
                    text: url,
                }),
            }
            // After each URL, the last one too: a pair of characters at a URL's end then
            // starts a trigram (see [`pair_query`]). Trigrams across the break only add
            // candidates: each URL is checked alone.
            if let Some(doc) = docs.last_mut() {
                doc.text.push('\n');
            }
        }
    }
    let mut last_doc =
        tx.prepare_cached("SELECT MAX(id) FROM url_docs WHERE id >= ?1 AND id < ?2")?;
    let mut next: HashMap<i64, i64> = HashMap::new();
    let mut numbered = Vec::with_capacity(docs.len());
    for doc in docs {
        let id = match next.get(&doc.job) {
            Some(id) => *id,
            None => {
                let last: Option<i64> = last_doc
                    .query_row([first_doc_of(doc.job), first_doc_of(doc.job + 1)], |r| {
                        r.get(0)
                    })?;
                last.map_or(first_doc_of(doc.job), |l| l + 1)
            }
        };
        if job_of(id) != doc.job {
            return Err(rusqlite::Error::ToSqlConversionFailure(
                format!(
                    "job {} has more URLs than the search index can number",
                    doc.job
                )
                .into(),
            ));
        }
        next.insert(doc.job, id + 1);
        numbered.push((id, doc));
    }
    // In row id order: the index starts a new segment whenever a row id goes back.
    numbered.sort_by_key(|(id, _)| *id);
    let mut span =
        tx.prepare_cached("INSERT INTO url_docs (id, first_id, last_id) VALUES (?1, ?2, ?3)")?;
    let mut text = tx.prepare_cached("INSERT INTO url_docs_text (rowid, urls) VALUES (?1, ?2)")?;
    for (id, doc) in &numbered {
        span.execute([*id, doc.first_id, doc.last_id])?;
        text.execute(params![*id, doc.text])?;
    }
    Ok(())
}

/// Takes a job's documents out of the index (its lines are being deleted).
pub(super) fn forget_job(tx: &Transaction<'_>, job: i64) -> rusqlite::Result<()> {
    let range = [first_doc_of(job), first_doc_of(job + 1)];
    tx.prepare_cached(
        "DELETE FROM url_docs_text WHERE rowid IN \
         (SELECT id FROM url_docs WHERE id >= ?1 AND id < ?2)",
    )?
    .execute(range)?;
    tx.prepare_cached("DELETE FROM url_docs WHERE id >= ?1 AND id < ?2")?
        .execute(range)?;
    Ok(())
}

/// `LIKE` pattern matching `text` anywhere, with the wildcards in `text` taken literally.
pub(super) fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The distinct trigrams of `text`; none when it is too short to have one.
fn trigrams(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut all: Vec<String> = chars.windows(TRIGRAM).map(|w| w.iter().collect()).collect();
    all.sort();
    all.dedup();
    all
}

/// The index query for documents holding each of `trigrams` (a superset of those with a URL
/// containing the text: `detail=none` keeps no positions, and the check on the URLs follows).
fn index_query(trigrams: &[String]) -> String {
    quoted(trigrams).join(" AND ")
}

/// The index query for documents holding any of `trigrams`.
fn any_of(trigrams: &[String]) -> String {
    quoted(trigrams).join(" OR ")
}

fn quoted(trigrams: &[String]) -> Vec<String> {
    trigrams
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect()
}

/// The index query for the documents holding a pair of characters: any of the index's trigrams
/// that start with it (every document ends with a line break, so each place the pair stands
/// starts a trigram). `None` when no trigram does: no document holds the pair.
fn pair_query(c: &Connection, pair: &str) -> rusqlite::Result<Option<String>> {
    // Folded as the trigram tokenizer folds its terms (`case_sensitive` 0).
    let pair = pair.to_lowercase();
    let mut stmt =
        c.prepare_cached("SELECT term FROM url_docs_terms WHERE term >= ?1 AND term < ?2")?;
    let terms = stmt
        .query_map([pair.clone(), format!("{pair}{}", char::MAX)], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((!terms.is_empty()).then(|| any_of(&terms)))
}

/// URLs read, spread over the journal, to guess how common each trigram is.
const SAMPLE: i64 = 512;

/// A sample of the journal's URLs, lower-cased as the trigram index compares them. The row ids
/// step by the golden ratio of the journal (a Weyl sequence): an even stride fell in step with
/// jobs of 2,000 lines and read the same few line numbers of every job (measured: `999` in 17 of
/// 512 sampled URLs, in 0.2% of the journal).
fn sample(c: &Connection) -> rusqlite::Result<Vec<String>> {
    const GOLDEN: f64 = 0.618_033_988_749_894_9;
    let last: i64 = c
        .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM job_urls")?
        .query_row([], |r| r.get(0))?;
    let mut read = c.prepare_cached("SELECT url FROM job_urls WHERE id = ?1")?;
    let mut urls = Vec::new();
    for k in 1..=SAMPLE.min(last) {
        let id = 1 + ((k as f64 * GOLDEN).fract() * last as f64) as i64;
        let url: Option<String> = read.query_row([id], |r| r.get(0)).optional()?;
        urls.extend(url.map(|u| u.to_ascii_lowercase()));
    }
    Ok(urls)
}

/// The trigrams to look up: the one held by the fewest URLs of a sample of the journal, and a
/// second only where the sample says it narrows the candidates (or is too small to say):
/// every trigram looked up reads its whole list, and `%E9` AND `%97` of a Chinese folder read
/// two lists for the same candidates (measured: a third of the search when the index had an
/// entry per URL; looking up all 25 trigrams of `闻图片` encoded took 30 ms). Any subset finds
/// every document with a URL containing the text; asking the index itself (`fts5vocab`) for
/// counts reads a trigram's whole list.
fn narrowest(c: &Connection, all: Vec<String>) -> rusqlite::Result<Vec<String>> {
    if all.len() < 2 {
        return Ok(all);
    }
    let sample = sample(c)?;
    // Which sampled URLs hold each trigram, a bit each: counting pairs is then a few words.
    let held: Vec<Vec<u64>> = all
        .iter()
        .map(|t| {
            let t = t.to_ascii_lowercase();
            let mut bits = vec![0u64; sample.len().div_ceil(64)];
            for (i, url) in sample.iter().enumerate() {
                if url.contains(&t) {
                    bits[i / 64] |= 1 << (i % 64);
                }
            }
            bits
        })
        .collect();
    let alone = |t: usize| held[t].iter().map(|w| w.count_ones()).sum::<u32>();
    let both = |a: usize, b: usize| {
        held[a]
            .iter()
            .zip(&held[b])
            .map(|(x, y)| (x & y).count_ones())
            .sum::<u32>()
    };
    let Some(first) = (0..all.len()).min_by_key(|t| (alone(*t), &all[*t])) else {
        return Ok(Vec::new());
    };
    let second = (0..all.len())
        .filter(|t| *t != first)
        .min_by_key(|t| (both(first, *t), alone(*t), &all[*t]));
    Ok(match second {
        Some(second) if alone(first) == 0 || both(first, second) < alone(first) => {
            vec![all[first].clone(), all[second].clone()]
        }
        _ => vec![all[first].clone()],
    })
}

/// Where one form of the text may be: the documents the index names, by job, or (text shorter
/// than a trigram) in any document of any job.
enum Candidates {
    Docs(BTreeMap<i64, Vec<i64>>),
    Everywhere,
}

/// One way the text is written in a URL: where it may be, and the check on the URLs there.
struct Form<'c> {
    candidates: Candidates,
    check: Check<'c>,
}

/// Whether a URL of a job (`?2`) in its documents `?3..?4` is `LIKE` a pattern (`?1`). The
/// pattern is bound once: SQLite prepares a statement again whenever the pattern of a `LIKE` is
/// bound anew (it may plan by it), which was half the time of a search that checks a thousand
/// jobs (measured). The job's id is checked on each URL read (`+`: not through the index by
/// job, which reads every URL of the job; measured four times slower for a match in each of
/// 1,000 jobs).
struct Check<'c>(Statement<'c>);

impl<'c> Check<'c> {
    fn new(c: &'c Connection, pattern: &str) -> rusqlite::Result<Self> {
        let mut stmt = c.prepare(
            "SELECT EXISTS (SELECT 1 FROM url_docs d JOIN job_urls u \
               ON u.id BETWEEN d.first_id AND d.last_id \
             WHERE d.id >= ?3 AND d.id < ?4 AND +u.job_id = ?2 \
               AND u.url LIKE ?1 ESCAPE '\\')",
        )?;
        stmt.raw_bind_parameter(1, pattern)?;
        Ok(Check(stmt))
    }

    fn holds(&mut self, job: i64, docs: Range<i64>) -> rusqlite::Result<bool> {
        self.0.raw_bind_parameter(2, job)?;
        self.0.raw_bind_parameter(3, docs.start)?;
        self.0.raw_bind_parameter(4, docs.end)?;
        let mut rows = self.0.raw_query();
        match rows.next()? {
            Some(row) => row.get(0),
            None => Ok(false),
        }
    }
}

/// A text searched for in the journal's URLs (`LIKE`, its wildcards literal), as typed or as a
/// normalised URL holds it (Chinese percent-encoded). The index names the documents that may
/// hold it; [`UrlText::in_job`] checks a job's on their URLs and stops at the first URL that
/// holds it, so a job found costs one document however many of its URLs match.
pub(super) struct UrlText<'c> {
    forms: Vec<Form<'c>>,
}

impl<'c> UrlText<'c> {
    pub(super) fn find(c: &'c Connection, text: &str) -> rusqlite::Result<Self> {
        let mut written = vec![text.to_owned()];
        let encoded = cachedesk_intake::as_in_url(text);
        if encoded != text {
            written.push(encoded.into_owned());
        }
        let mut forms = written
            .into_iter()
            .map(|form| {
                let all = trigrams(&form);
                let candidates = if !all.is_empty() {
                    Candidates::Docs(docs_matching(c, &index_query(&narrowest(c, all)?))?)
                } else if form.chars().count() == TRIGRAM - 1 {
                    match pair_query(c, &form)? {
                        Some(query) => Candidates::Docs(docs_matching(c, &query)?),
                        None => Candidates::Docs(BTreeMap::new()),
                    }
                } else {
                    Candidates::Everywhere
                };
                let check = Check::new(c, &contains_pattern(&form))?;
                Ok(Form { candidates, check })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // A form the index finds is checked first: one that must read every URL of a job is
        // spared where the other finds the job.
        forms.sort_by_key(|form| matches!(form.candidates, Candidates::Everywhere));
        Ok(UrlText { forms })
    }

    /// The jobs that may hold the text; `None` when any job may.
    pub(super) fn candidate_jobs(&self) -> Option<BTreeSet<i64>> {
        let mut jobs = BTreeSet::new();
        for form in &self.forms {
            match &form.candidates {
                Candidates::Docs(docs) => jobs.extend(docs.keys()),
                Candidates::Everywhere => return None,
            }
        }
        Some(jobs)
    }

    /// Whether a URL of `job` contains the text.
    pub(super) fn in_job(&mut self, job: i64) -> rusqlite::Result<bool> {
        for form in &mut self.forms {
            let found = match &form.candidates {
                Candidates::Everywhere => form
                    .check
                    .holds(job, first_doc_of(job)..first_doc_of(job + 1))?,
                Candidates::Docs(docs) => {
                    let mut found = false;
                    for doc in docs.get(&job).into_iter().flatten() {
                        if form.check.holds(job, *doc..*doc + 1)? {
                            found = true;
                            break;
                        }
                    }
                    found
                }
            };
            if found {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// The documents matching an index query, by job.
fn docs_matching(c: &Connection, query: &str) -> rusqlite::Result<BTreeMap<i64, Vec<i64>>> {
    let mut stmt =
        c.prepare_cached("SELECT rowid FROM url_docs_text WHERE url_docs_text MATCH ?1")?;
    let mut rows = stmt.query([query])?;
    let mut docs: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let doc: i64 = row.get(0)?;
        docs.entry(job_of(doc)).or_default().push(doc);
    }
    Ok(docs)
}

/// `j.id IN (...)` of jobs found beforehand (integers from the database, written inline).
pub(super) fn job_ids_clause(jobs: &BTreeSet<i64>) -> String {
    let ids: Vec<String> = jobs.iter().map(i64::to_string).collect();
    format!("j.id IN ({})", ids.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigrams_need_three_characters() {
        assert!(trigrams("ab").is_empty());
        assert!(trigrams("图片").is_empty());
        assert_eq!(trigrams("新闻图"), ["新闻图"]);
        assert_eq!(trigrams("aaaa"), ["aaa"]);
    }

    #[test]
    fn the_index_query_quotes_each_trigram() {
        let all = trigrams(r#"a"b%"#);
        assert_eq!(index_query(&all), r#""""b%" AND "a""b""#);
    }

    #[test]
    fn a_job_s_documents_are_one_range_of_row_ids() {
        let first = first_doc_of(7);
        assert_eq!(job_of(first), 7);
        assert_eq!(job_of(first_doc_of(8) - 1), 7);
    }

    fn journal_of(urls: &[&str]) -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE job_urls (id INTEGER PRIMARY KEY, url TEXT NOT NULL)")
            .unwrap();
        for url in urls {
            c.execute("INSERT INTO job_urls (url) VALUES (?1)", [url])
                .unwrap();
        }
        c
    }

    #[test]
    fn a_second_trigram_is_looked_up_only_where_it_narrows() {
        // `aaa` and `aab` are in three URLs each, both in one.
        let c = journal_of(&["/aaa/1", "/aaa/2", "/aab/3", "/aab/4", "/aaab/5"]);
        assert_eq!(narrowest(&c, trigrams("aaab")).unwrap(), ["aaa", "aab"]);
        // Every URL with `%E9` has `%97`: the second list would add nothing.
        let c = journal_of(&["/%E9%97/1", "/%E9%97/2", "/plain/3", "/plain/4"]);
        assert_eq!(narrowest(&c, trigrams("%E9%97")).unwrap().len(), 1);
    }
}
