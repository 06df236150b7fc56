//! The trigram index of URLs (`job_urls_text`, migration V5): brought up to date before a
//! search, and the SQL that finds jobs through it.

use super::Store;
use cachedesk_core::Result;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeSet;

/// URLs indexed per transaction while catching up: a job's journal step waits at most one chunk
/// for the write lock.
const CHUNK: i64 = 20_000;

/// The fewest characters the trigram index can look up; shorter text is searched by reading
/// every URL.
const TRIGRAM: usize = 3;

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
                    tx.prepare_cached(
                        "INSERT INTO job_urls_text(rowid, url) \
                         SELECT id, url FROM job_urls WHERE id > ?1 AND id <= ?2",
                    )?
                    .execute([from, to])?;
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

/// The index query for URLs holding each of `trigrams` (a superset of those containing the text:
/// `detail=none` keeps no positions, and the check on the URL itself follows).
fn index_query(trigrams: &[String]) -> String {
    let quoted: Vec<String> = trigrams
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    quoted.join(" AND ")
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
/// every trigram looked up reads its whole list of URLs, and `%E9` AND `%97` of a Chinese folder
/// in 200,000 URLs read two lists of 200,000 for the same candidates (measured: a third of the
/// search). Any subset finds every URL containing the text; asking the index itself
/// (`fts5vocab`) for counts reads a trigram's whole list, 0.1 s for `htt` over 2,000,000 URLs.
fn narrowest(c: &Connection, all: Vec<String>) -> rusqlite::Result<Vec<String>> {
    if all.len() < 2 {
        return Ok(all);
    }
    let sample = sample(c)?;
    let holding = |grams: &[&String]| {
        let lower: Vec<String> = grams.iter().map(|t| t.to_ascii_lowercase()).collect();
        sample
            .iter()
            .filter(|u| lower.iter().all(|t| u.contains(t.as_str())))
            .count()
    };
    let Some(first) = all.iter().min_by_key(|t| (holding(&[t]), *t)) else {
        return Ok(Vec::new());
    };
    let alone = holding(&[first]);
    let second = all
        .iter()
        .filter(|t| *t != first)
        .min_by_key(|t| (holding(&[first, t]), holding(&[t]), *t));
    Ok(match second {
        Some(second) if alone == 0 || holding(&[first, second]) < alone => {
            vec![first.clone(), second.clone()]
        }
        _ => vec![first.clone()],
    })
}

/// The jobs of the index's candidates for `query` with a URL `LIKE` `pattern`. Each candidate's
/// job is read, but its URL is checked only until one of the job's candidates matches: a folder
/// in 200,000 URLs of 100 jobs takes about 100 checks, where a `LIKE` on every candidate was a
/// third of the search (measured). Passing over a found job's other candidates without reading
/// their rows needs the job's span of row ids, which only a scan of its lines gives (as costly
/// as the reads it saves, measured).
fn jobs_among_candidates(
    c: &Connection,
    query: &str,
    pattern: &str,
) -> rusqlite::Result<BTreeSet<i64>> {
    let mut candidates = c.prepare_cached(
        "SELECT f.rowid, u.job_id FROM job_urls_text f JOIN job_urls u ON u.id = f.rowid \
         WHERE job_urls_text MATCH ?1",
    )?;
    let mut holds =
        c.prepare_cached("SELECT url LIKE ?2 ESCAPE '\\' FROM job_urls WHERE id = ?1")?;
    let mut jobs = BTreeSet::new();
    let mut rows = candidates.query([query])?;
    while let Some(row) = rows.next()? {
        let job: i64 = row.get(1)?;
        if !jobs.contains(&job)
            && holds.query_row(params![row.get::<_, i64>(0)?, pattern], |r| r.get(0))?
        {
            jobs.insert(job);
        }
    }
    Ok(jobs)
}

/// The jobs with a URL containing `text` (`LIKE`, its wildcards literal), as typed or as a
/// normalised URL holds it (Chinese percent-encoded): candidates from the index, checked on the
/// URLs themselves. Text shorter than a trigram reads every URL.
pub(super) fn jobs_with_url(c: &Connection, text: &str) -> rusqlite::Result<BTreeSet<i64>> {
    let mut forms = vec![text.to_owned()];
    let encoded = cachedesk_intake::as_in_url(text);
    if encoded != text {
        forms.push(encoded.into_owned());
    }
    let mut jobs = BTreeSet::new();
    for form in forms {
        let pattern = contains_pattern(&form);
        let all = trigrams(&form);
        if all.is_empty() {
            let mut stmt = c.prepare_cached(
                "SELECT DISTINCT job_id FROM job_urls WHERE url LIKE ?1 ESCAPE '\\'",
            )?;
            let rows = stmt.query_map([pattern], |r| r.get(0))?;
            for job in rows {
                jobs.insert(job?);
            }
        } else {
            let query = index_query(&narrowest(c, all)?);
            jobs.extend(jobs_among_candidates(c, &query, &pattern)?);
        }
    }
    Ok(jobs)
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
