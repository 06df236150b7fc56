//! Every line to exactly one state: skipped (blank or comment), accepted, duplicate or rejected.

use crate::normalise::Normal;
use crate::progress::{Progress, Reporter};
use crate::rules::Coverage;
use crate::{normalise, parallel, Origin, RejectReason, Rules, SourceLine};
use cachedesk_core::{Action, Lang};
use foldhash::fast::FixedState;
use foldhash::HashMap;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub accepted: Vec<Accepted>,
    pub duplicates: Vec<Duplicate>,
    pub rejected: Vec<Rejected>,
    pub skipped_blank: u32,
    pub skipped_comments: u32,
}

/// A URL ready to submit, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    pub line: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Normalised: what the vendor is sent.
    pub url: String,
}

/// A line whose normalised URL an earlier line already gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub line: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    pub url: String,
    pub first_line: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_origin: Option<Origin>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub line: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The trimmed line as given.
    pub text: String,
    pub reason: RejectReason,
    /// The corrected line, when one step fixes it (see [`apply_fixes`](crate::apply_fixes)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Rejected {
    pub fn message(&self, lang: Lang) -> &'static str {
        self.reason.message(lang)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// All input lines: the sum of the other counts except `fixable`.
    pub lines: u32,
    pub accepted: u32,
    pub duplicates: u32,
    pub rejected: u32,
    /// Rejected lines with a one-step fix.
    pub fixable: u32,
    pub skipped_blank: u32,
    pub skipped_comments: u32,
}

impl Report {
    pub fn counts(&self) -> Counts {
        let len = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let (accepted, duplicates, rejected) = (
            len(self.accepted.len()),
            len(self.duplicates.len()),
            len(self.rejected.len()),
        );
        Counts {
            lines: accepted
                .saturating_add(duplicates)
                .saturating_add(rejected)
                .saturating_add(self.skipped_blank)
                .saturating_add(self.skipped_comments),
            accepted,
            duplicates,
            rejected,
            fixable: len(self.rejected.iter().filter(|r| r.fix.is_some()).count()),
            skipped_blank: self.skipped_blank,
            skipped_comments: self.skipped_comments,
        }
    }

    /// The accepted URLs in input order: what to submit.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.accepted.iter().map(|a| a.url.as_str())
    }
}

/// Checks every line against `rules`. Lines are trimmed (Unicode spaces, BOMs and zero-width
/// spaces too, then one pair of quotes or angle brackets around the line); an empty line is
/// skipped as blank, one starting with `#` as a comment. Duplicates are found after
/// normalisation; rejected lines are never de-duplicated.
///
/// Directory rules, by action:
/// - purge directories: the path must end with `/`; otherwise the line is rejected with the
///   fix `path + "/"`. The root (`https://a.com/`) purges the whole site.
/// - purge files: a URL ending with `/` is accepted; it purges that one page (the homepage,
///   a `/news/` index page), not what lies below it.
/// - prefetch: a path ending with `/` other than the root, with no query, is a directory and
///   rejected; the homepage and `/news/?page=2` are pages and accepted.
pub fn check(lines: &[SourceLine], rules: &Rules) -> Report {
    check_with_progress(lines, rules, &mut |_| {})
}

/// Lines judged at once: between two looks at the clock for progress, and all that is held of
/// them before they are in the report.
const BLOCK: usize = 32_768;

/// [`check`], telling `on_progress` how many lines are done: at most every 100 ms, and once at
/// the end with every line done. Lines are judged on every core; the report is the same.
pub fn check_with_progress(
    lines: &[SourceLine],
    rules: &Rules,
    on_progress: &mut dyn FnMut(Progress),
) -> Report {
    let coverage = Coverage::new(&rules.domains);
    let judge_line = |line: &SourceLine| verdict(trim(&line.text), rules, &coverage);
    let mut report = Report::default();
    let mut first = FirstLines::default();
    let mut verdicts = Vec::with_capacity(BLOCK.min(lines.len()));
    let mut progress = Reporter::new(lines.len(), on_progress);
    let mut done = 0;
    for block in lines.chunks(BLOCK) {
        parallel::map_in_order(block, &judge_line, &mut verdicts);
        for (line, verdict) in block.iter().zip(verdicts.drain(..)) {
            report.add(line, verdict, &mut first);
        }
        done += block.len();
        progress.advance(done);
    }
    progress.finish();
    report
}

enum Verdict {
    Blank,
    Comment,
    Url(String),
    Rejected(RejectReason, Option<String>),
}

fn verdict(text: &str, rules: &Rules, coverage: &Coverage) -> Verdict {
    if text.is_empty() {
        Verdict::Blank
    } else if text.starts_with('#') {
        Verdict::Comment
    } else {
        match judge(text, rules, coverage) {
            Ok(url) => Verdict::Url(url),
            Err((reason, fix)) => Verdict::Rejected(reason, fix),
        }
    }
}

impl Report {
    fn add(&mut self, line: &SourceLine, verdict: Verdict, first: &mut FirstLines) {
        match verdict {
            Verdict::Blank => self.skipped_blank += 1,
            Verdict::Comment => self.skipped_comments += 1,
            Verdict::Url(url) => match first.find_or_add(&url, &self.accepted) {
                Some(earlier) => {
                    let earlier = &self.accepted[earlier];
                    self.duplicates.push(Duplicate {
                        line: line.number,
                        origin: line.origin.clone(),
                        url,
                        first_line: earlier.line,
                        first_origin: earlier.origin.clone(),
                    });
                }
                None => self.accepted.push(Accepted {
                    line: line.number,
                    origin: line.origin.clone(),
                    url,
                }),
            },
            Verdict::Rejected(reason, fix) => self.rejected.push(Rejected {
                line: line.number,
                origin: line.origin.clone(),
                text: trim(&line.text).to_owned(),
                reason,
                fix,
            }),
        }
    }
}

/// Where each accepted URL is in the report, found by the URL's hash: a look-up holds no
/// second copy of a million URLs, nor borrows them from the report it is added to.
#[derive(Default)]
struct FirstLines {
    by_hash: HashMap<u64, usize>,
}

impl FirstLines {
    /// The index in `accepted` of `url`, or `None` after noting it as the next one.
    fn find_or_add(&mut self, url: &str, accepted: &[Accepted]) -> Option<usize> {
        let mut key = FixedState::with_seed(0).hash_one(url);
        loop {
            match self.by_hash.entry(key) {
                Entry::Vacant(slot) => {
                    slot.insert(accepted.len());
                    return None;
                }
                Entry::Occupied(seen) if accepted[*seen.get()].url == url => {
                    return Some(*seen.get())
                }
                // Another URL with the same hash: the next key in turn, found the same way.
                Entry::Occupied(_) => key = key.wrapping_add(1),
            }
        }
    }
}

/// Spaces (Unicode ones, BOMs and zero-width spaces too), then one pair of quotes or angle
/// brackets around the whole line, as mail and chat programs add them.
fn trim(text: &str) -> &str {
    const PAIRS: [(char, char); 5] = [('"', '"'), ('\'', '\''), ('<', '>'), ('“', '”'), ('‘', '’')];
    let is_space = |c: char| c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}');
    let text = text.trim_matches(is_space);
    let mut chars = text.chars();
    match (chars.next(), chars.next_back()) {
        (Some(open), Some(close)) if PAIRS.contains(&(open, close)) => {
            chars.as_str().trim_matches(is_space)
        }
        _ => text,
    }
}

type Rejection = (RejectReason, Option<String>);

fn judge(text: &str, rules: &Rules, coverage: &Coverage) -> Result<String, Rejection> {
    let url = match normalise::parse(text) {
        Ok(url) => url,
        Err(reason) => {
            return Err(fullwidth_colon_fix(text, rules, coverage)
                .or_else(|| missing_scheme_fix(text, reason, rules, coverage))
                .unwrap_or((reason, None)))
        }
    };
    if !coverage.covers(url.host()) {
        return Err((RejectReason::HostNotCovered, None));
    }
    directory_rule(&url, rules.action)?;
    let url = String::from(url);
    if url.len() > rules.max_url_len {
        return Err((RejectReason::TooLong, None));
    }
    Ok(url)
}

/// `https：//…`, typed with a Chinese input method, is offered as a fix when the corrected
/// line passes (or has a fix of its own); otherwise the corrected line's reason is given.
fn fullwidth_colon_fix(text: &str, rules: &Rules, coverage: &Coverage) -> Option<Rejection> {
    let (scheme, rest) = text
        .split_once("：//")
        .or_else(|| text.split_once("：／／"))?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    Some(
        match judge(&format!("{scheme}://{rest}"), rules, coverage) {
            Ok(url) => (RejectReason::FullwidthColon, Some(url)),
            Err((_, Some(fix))) => (RejectReason::FullwidthColon, Some(fix)),
            Err(unfixable) => unfixable,
        },
    )
}

/// `www.example.com/a.html`: `https://` in front is offered when the line then passes (or has
/// a fix of its own).
fn missing_scheme_fix(
    text: &str,
    reason: RejectReason,
    rules: &Rules,
    coverage: &Coverage,
) -> Option<Rejection> {
    if reason != RejectReason::MissingScheme {
        return None;
    }
    match judge(&format!("https://{text}"), rules, coverage) {
        Ok(url) | Err((_, Some(url))) => Some((reason, Some(url))),
        Err(_) => None,
    }
}

fn directory_rule(url: &Normal, action: Action) -> Result<(), Rejection> {
    let path = url.path();
    match action {
        Action::PurgeDirectories if !path.ends_with('/') => {
            Err((RejectReason::DirectoryWithoutSlash, Some(url.with_slash())))
        }
        Action::Prefetch if path.ends_with('/') && path != "/" && !url.has_query() => {
            Err((RejectReason::DirectoryNotAllowedForPrefetch, None))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<SourceLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| SourceLine {
                number: i as u32 + 1,
                text: t.to_string(),
                origin: None,
            })
            .collect()
    }

    fn reasons(report: &Report) -> Vec<(u32, RejectReason)> {
        report.rejected.iter().map(|r| (r.line, r.reason)).collect()
    }

    #[test]
    fn a_url_whose_hash_another_url_has_is_found_under_the_next_key() {
        let accepted = |url: &str| Accepted {
            line: 1,
            origin: None,
            url: url.into(),
        };
        let (a, b) = ("https://a.com/a", "https://a.com/b");
        let taken = vec![accepted(a)];
        let mut first = FirstLines::default();
        // `b` collides with `a`: its own hash already points at `a`.
        first
            .by_hash
            .insert(FixedState::with_seed(0).hash_one(b), 0);
        assert_eq!(first.find_or_add(b, &taken), None);
        let taken = vec![accepted(a), accepted(b)];
        assert_eq!(first.find_or_add(b, &taken), Some(1));
        assert_eq!(first.by_hash.len(), 2);
    }

    #[test]
    fn blank_comment_trim_and_order() {
        let r = check(
            &lines(&[
                "  https://a.com/1  ",
                "",
                " \u{3000} ",
                "# note",
                "\u{feff}https://a.com/2",
            ]),
            &Rules::new(Action::PurgeFiles),
        );
        assert_eq!(
            r.urls().collect::<Vec<_>>(),
            ["https://a.com/1", "https://a.com/2"]
        );
        assert_eq!((r.skipped_blank, r.skipped_comments), (2, 1));
        assert_eq!(r.counts().lines, 5);
    }

    #[test]
    fn quotes_and_angle_brackets_around_the_line() {
        let r = check(
            &lines(&[
                "\"https://a.com/1\"",
                "<https://a.com/2>",
                " “https://a.com/3” ",
                "'https://a.com/4",
            ]),
            &Rules::new(Action::PurgeFiles),
        );
        assert_eq!(
            r.urls().collect::<Vec<_>>(),
            ["https://a.com/1", "https://a.com/2", "https://a.com/3"]
        );
        assert_eq!(reasons(&r), [(4, RejectReason::NotAUrl)]);
    }

    #[test]
    fn missing_scheme_is_fixed_when_the_line_then_passes() {
        let rules = Rules::new(Action::PurgeFiles).with_domains(["a.com"]);
        let r = check(
            &lines(&["a.com/x.png", "b.com/x.png", "a.com:8080/y"]),
            &rules,
        );
        let got: Vec<(RejectReason, Option<&str>)> = r
            .rejected
            .iter()
            .map(|j| (j.reason, j.fix.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (RejectReason::MissingScheme, Some("https://a.com/x.png")),
                (RejectReason::MissingScheme, None),
                (RejectReason::MissingScheme, Some("https://a.com:8080/y")),
            ]
        );
    }

    #[test]
    fn fullwidth_colon_is_fixed_in_one_step() {
        let rules = Rules::new(Action::PurgeDirectories).with_domains(["a.com"]);
        let r = check(
            &lines(&[
                "HTTPS：//a.com/图",
                "https：／／a.com/x/",
                "https：//b.com/x/",
                "ftp：//a.com/",
            ]),
            &rules,
        );
        let got: Vec<(RejectReason, Option<&str>)> = r
            .rejected
            .iter()
            .map(|j| (j.reason, j.fix.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    RejectReason::FullwidthColon,
                    Some("https://a.com/%E5%9B%BE/")
                ),
                (RejectReason::FullwidthColon, Some("https://a.com/x/")),
                (RejectReason::HostNotCovered, None),
                (RejectReason::NotAUrl, None),
            ]
        );
    }

    #[test]
    fn duplicates_after_normalisation() {
        let r = check(
            &lines(&[
                "https://A.com/图",
                "https://a.com/%E5%9B%BE",
                "https://a.com/%E5%9B%BE#x",
                "https://a.com/b",
            ]),
            &Rules::new(Action::PurgeFiles),
        );
        assert_eq!(r.accepted.len(), 2);
        let dups: Vec<(u32, u32)> = r
            .duplicates
            .iter()
            .map(|d| (d.line, d.first_line))
            .collect();
        assert_eq!(dups, [(2, 1), (3, 1)]);
        assert_eq!(r.duplicates[0].url, "https://a.com/%E5%9B%BE");
    }

    #[test]
    fn host_coverage() {
        let rules = Rules::new(Action::PurgeFiles).with_domains(["*.example.com", "例子.测试"]);
        let r = check(
            &lines(&[
                "https://img.example.com/a",
                "https://example.com/a",
                "https://例子.测试/a",
                "https://other.org/a",
            ]),
            &rules,
        );
        assert_eq!(r.accepted.len(), 2);
        assert_eq!(
            reasons(&r),
            [
                (2, RejectReason::HostNotCovered),
                (4, RejectReason::HostNotCovered)
            ]
        );
    }

    #[test]
    fn directory_purge_needs_slash_and_offers_the_fix() {
        let r = check(
            &lines(&[
                "https://a.com/img",
                "https://a.com/img/",
                "https://a.com",
                "https://a.com/图?v=1",
            ]),
            &Rules::new(Action::PurgeDirectories),
        );
        assert_eq!(
            r.urls().collect::<Vec<_>>(),
            ["https://a.com/img/", "https://a.com/"]
        );
        assert_eq!(r.rejected[0].reason, RejectReason::DirectoryWithoutSlash);
        assert_eq!(r.rejected[0].fix.as_deref(), Some("https://a.com/img/"));
        assert_eq!(
            r.rejected[1].fix.as_deref(),
            Some("https://a.com/%E5%9B%BE/?v=1")
        );
        assert_eq!(r.counts().fixable, 2);
    }

    #[test]
    fn prefetch_takes_pages_but_no_directories() {
        let r = check(
            &lines(&[
                "https://a.com/",
                "https://a.com/news/",
                "https://a.com/news/?page=2",
                "https://a.com/x.js",
            ]),
            &Rules::new(Action::Prefetch),
        );
        assert_eq!(
            reasons(&r),
            [(2, RejectReason::DirectoryNotAllowedForPrefetch)]
        );
        assert_eq!(r.rejected[0].fix, None);
    }

    #[test]
    fn file_purge_takes_index_pages() {
        let r = check(
            &lines(&["https://a.com/", "https://a.com/news/"]),
            &Rules::new(Action::PurgeFiles),
        );
        assert_eq!(r.accepted.len(), 2);
    }

    #[test]
    fn length_limit_counts_the_encoded_url() {
        let mut rules = Rules::new(Action::PurgeFiles);
        rules.max_url_len = 30;
        // 20 bytes of prefix + 1 Chinese character = 9 encoded bytes → 29.
        let r = check(
            &lines(&["https://a.com/abcdef图", "https://a.com/abcdef图图"]),
            &rules,
        );
        assert_eq!(r.accepted.len(), 1);
        assert_eq!(reasons(&r), [(2, RejectReason::TooLong)]);
    }

    #[test]
    fn report_serialises_with_codes() {
        let r = check(
            &lines(&["ftp://a.com/x", "https://a.com/x"]),
            &Rules::new(Action::PurgeFiles),
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["rejected"][0]["reason"], "unsupported_scheme");
        assert_eq!(json["rejected"][0]["line"], 1);
        assert_eq!(json["accepted"][0]["url"], "https://a.com/x");
        assert!(json["accepted"][0].get("origin").is_none());
        assert_eq!(
            r.rejected[0].message(Lang::ZhCn),
            RejectReason::UnsupportedScheme.message(Lang::ZhCn)
        );
    }
}
