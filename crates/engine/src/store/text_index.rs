//! The trigram index of URLs (`job_urls_text`, migration V5): brought up to date before a
//! search, and the SQL that finds jobs through it.

use super::Store;
use cachedesk_core::Result;
use rusqlite::Connection;
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

/// Trigrams looked up per search: the rarest ones. Each more narrows the candidates less and
/// reads another list of URLs (a trigram such as `htt` is in every URL).
const LOOKED_UP: usize = 2;

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

/// URLs read, evenly spread over the journal, to guess how common each trigram is.
const SAMPLE: i64 = 512;

/// The `LOOKED_UP` trigrams held by the fewest URLs of an even sample of the journal. Only the
/// order matters (any subset finds every URL containing the text); asking the index itself
/// (`fts5vocab`) reads a trigram's whole list, 0.1 s for `htt` over 2,000,000 URLs.
fn rarest(c: &Connection, all: Vec<String>) -> rusqlite::Result<Vec<String>> {
    let last: i64 = c
        .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM job_urls")?
        .query_row([], |r| r.get(0))?;
    let mut read = c.prepare_cached("SELECT url FROM job_urls WHERE id = ?1")?;
    let mut sample = Vec::new();
    for k in 1..=SAMPLE.min(last) {
        let url: Option<String> = read
            .query_row([k * last / SAMPLE.min(last)], |r| r.get(0))
            .ok();
        sample.extend(url.map(|u| u.to_ascii_lowercase()));
    }
    let mut counted: Vec<(usize, String)> = all
        .into_iter()
        .map(|t| {
            let lower = t.to_ascii_lowercase();
            (sample.iter().filter(|u| u.contains(&lower)).count(), t)
        })
        .collect();
    counted.sort();
    Ok(counted
        .into_iter()
        .take(LOOKED_UP)
        .map(|(_, t)| t)
        .collect())
}

/// The jobs with a URL containing `text` (`LIKE`, its wildcards literal), as typed or as a
/// normalised URL holds it (Chinese percent-encoded): candidates from the index, each checked
/// on the URL itself. Text shorter than a trigram reads every URL.
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
        let ids: Vec<i64> = if all.is_empty() {
            let mut stmt = c.prepare_cached(
                "SELECT DISTINCT job_id FROM job_urls WHERE url LIKE ?1 ESCAPE '\\'",
            )?;
            let rows = stmt.query_map([pattern], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        } else {
            let query = index_query(&rarest(c, all)?);
            let mut stmt = c.prepare_cached(
                "SELECT DISTINCT u.job_id FROM job_urls_text f JOIN job_urls u ON u.id = f.rowid \
                 WHERE job_urls_text MATCH ?1 AND u.url LIKE ?2 ESCAPE '\\'",
            )?;
            let rows = stmt.query_map([query, pattern], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        jobs.extend(ids);
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
}
