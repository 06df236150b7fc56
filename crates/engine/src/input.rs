//! The editor's input — pasted text (or standard input), files and one-click line fixes —
//! read and checked by intake against a profile: a preview of what a job would send, and
//! the job itself. Every front door reads its input through here.

use crate::model::{InputUrl, JobRequest, JournaledRejection, Profile, ProfileId};
use crate::quota_use::QuotaUse;
use cachedesk_core::{Action, Lang, Quota};
use cachedesk_intake::{
    check_with_progress, read_source, Counts, IntakeError, Progress, RejectReason, Rules,
    SourceLine, MAX_INPUT_BYTES,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The lines to act on, as the editor gave them.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// Pasted text or standard input, as read (intake detects the encoding and format);
    /// empty for none.
    pub text: Vec<u8>,
    /// Text, CSV or Excel files, read after the text.
    pub files: Vec<PathBuf>,
    pub fixes: Vec<LineFix>,
}

/// Replaces line `line` of `source` (a file path, `None` for the text) before checking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineFix {
    pub source: Option<String>,
    pub line: u32,
    pub text: String,
}

/// Why a line will not be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Rejected(RejectReason),
    /// The same URL as the job line `first_line`.
    Duplicate {
        first_line: u32,
    },
    /// The whole file could not be read or parsed.
    FileUnreadable,
}

impl Refusal {
    /// The stable code: intake's reason (e.g. `host_not_covered`), `duplicate` or
    /// `file_unreadable`.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Rejected(reason) => reason.code(),
            Refusal::Duplicate { .. } => "duplicate",
            Refusal::FileUnreadable => "file_unreadable",
        }
    }
}

/// An input line that will not be sent, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedLine {
    /// The file it came from; `None` for the text.
    pub source: Option<String>,
    /// 1-based in its source (for a spreadsheet: the row); 0 for an unreadable file.
    pub line: u32,
    /// The line in the job, where the text and the files are numbered on as one.
    pub job_line: u32,
    /// The trimmed line, or the file's path when it could not be read.
    pub text: String,
    pub reason: Refusal,
    /// The reason for a person, in the language asked for.
    pub message: String,
    /// The corrected line when one step fixes it.
    pub fix: Option<String>,
}

/// One submit request a job would make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlannedBatch {
    pub urls: usize,
    pub first_line: u32,
    pub last_line: u32,
}

/// The input checked against one profile and action: what a job of it would send.
#[derive(Debug, Clone)]
pub struct Preview {
    pub profile: ProfileId,
    pub action: Action,
    /// Intake's count of the lines read (unreadable files have none).
    pub counts: Counts,
    /// The URLs to send, normalised, numbered by job line.
    pub urls: Vec<InputUrl>,
    /// Every line not sent (duplicates included), in job line order; unreadable files first.
    pub refused: Vec<RefusedLine>,
    /// URLs per submit request for this profile and action.
    pub batch_size: u32,
    pub batches: Vec<PlannedBatch>,
    /// What the job takes from the quota its action uses.
    pub quota: QuotaUse,
}

/// Reads `input`, applies its fixes and checks every line for `action` on `profile`.
/// `quota`: what the vendor last reported, when known.
pub fn preview(
    input: &Input,
    profile: &Profile,
    action: Action,
    quota: Option<&Quota>,
    lang: Lang,
) -> Preview {
    preview_with_progress(input, profile, action, quota, lang, &mut |_| {})
}

/// [`preview`], telling `on_progress` how many lines are checked, for a window to show: at
/// most every 100 ms, and once at the end.
pub fn preview_with_progress(
    input: &Input,
    profile: &Profile,
    action: Action,
    quota: Option<&Quota>,
    lang: Lang,
    on_progress: &mut dyn FnMut(Progress),
) -> Preview {
    let Read {
        lines,
        offsets,
        unreadable,
    } = read_all(input, lang);
    let rules = Rules::new(action).with_domains(profile.domains.iter().cloned());
    let report = check_with_progress(&lines, &rules, on_progress);
    drop(lines);
    let counts = report.counts();
    let own_line = |job_line: u32| {
        let source = offsets.partition_point(|&offset| offset < job_line);
        job_line - offsets[source.saturating_sub(1)]
    };
    // The report is taken apart, not copied: a million lines are held once.
    let urls: Vec<InputUrl> = report
        .accepted
        .into_iter()
        .map(|a| InputUrl {
            line: a.line,
            url: a.url,
        })
        .collect();
    let rejected = report.rejected.into_iter().map(|r| RefusedLine {
        message: r.message(lang).to_owned(),
        source: r.origin.as_deref().map(str::to_owned),
        line: own_line(r.line),
        job_line: r.line,
        text: r.text,
        reason: Refusal::Rejected(r.reason),
        fix: r.fix,
    });
    let duplicates = report.duplicates.into_iter().map(|d| RefusedLine {
        source: d.origin.as_deref().map(str::to_owned),
        line: own_line(d.line),
        job_line: d.line,
        text: d.url,
        reason: Refusal::Duplicate {
            first_line: d.first_line,
        },
        message: duplicate_of(lang, d.first_line),
        fix: None,
    });
    let mut refused = unreadable;
    let first_refused_line = refused.len();
    refused.extend(rejected.chain(duplicates));
    refused[first_refused_line..].sort_by_key(|r| r.job_line);
    let batch_size = profile
        .limits()
        .batch_size(action.kind(), action.target())
        .max(1);
    let batches = urls
        .chunks(batch_size as usize)
        .map(|chunk| PlannedBatch {
            urls: chunk.len(),
            first_line: chunk.first().map_or(0, |u| u.line),
            last_line: chunk.last().map_or(0, |u| u.line),
        })
        .collect();
    let quota = QuotaUse::for_action(action, quota, urls.len() as u64);
    Preview {
        profile: profile.id,
        action,
        counts,
        urls,
        refused,
        batch_size,
        batches,
        quota,
    }
}

impl Preview {
    /// The job for the engine: the URLs, and every refused line of the input with its reason
    /// so the job shows each line it was given. A duplicate is merged into its first line
    /// (counted in `counts.duplicates`), never journaled as a refused line.
    pub fn job_request(&self, start_at: Option<DateTime<Utc>>) -> JobRequest {
        JobRequest {
            profile: self.profile,
            action: self.action,
            urls: self.urls.clone(),
            rejected: self
                .refused
                .iter()
                .filter(|r| {
                    !matches!(
                        r.reason,
                        Refusal::FileUnreadable | Refusal::Duplicate { .. }
                    )
                })
                .map(|r| JournaledRejection {
                    line: r.job_line,
                    text: r.text.clone(),
                    reason: r.message.clone(),
                    code: match r.reason {
                        Refusal::Rejected(reason) => Some(reason),
                        Refusal::Duplicate { .. } | Refusal::FileUnreadable => None,
                    },
                })
                .collect(),
            start_at,
        }
    }

    /// The files that could not be read.
    pub fn unreadable(&self) -> impl Iterator<Item = &RefusedLine> {
        self.refused
            .iter()
            .filter(|r| r.reason == Refusal::FileUnreadable)
    }
}

/// Every line of the input numbered by job line, and where each source's numbers start: a
/// job line's number in its source is the job line less the last offset below it.
struct Read {
    lines: Vec<SourceLine>,
    offsets: Vec<u32>,
    unreadable: Vec<RefusedLine>,
}

/// A file's bytes, unless it holds more than any URL list (then it is not read into memory).
fn read_file(path: &Path) -> std::io::Result<Result<Vec<u8>, IntakeError>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(if bytes.len() as u64 > MAX_INPUT_BYTES {
        Err(IntakeError::TooLarge {
            what: "bytes",
            limit: MAX_INPUT_BYTES,
        })
    } else {
        Ok(bytes)
    })
}

fn read_all(input: &Input, lang: Lang) -> Read {
    let mut sources: Vec<Vec<SourceLine>> = Vec::new();
    let mut unreadable = Vec::new();
    if !input.text.is_empty() {
        match read_source(&input.text, None) {
            Ok(source) => sources.push(source.lines),
            Err(e) => unreadable.push(unreadable_line(None, e.message(lang))),
        }
    }
    for path in &input.files {
        let name = path.display().to_string();
        let source = read_file(path)
            .map_err(|e| file_unreadable(lang, &name, &e.to_string()))
            .and_then(|bytes| bytes.map_err(|e| format!("{name}: {}", e.message(lang))))
            .and_then(|bytes| {
                read_source(&bytes, Some(&name)).map_err(|e| format!("{name}: {}", e.message(lang)))
            });
        match source {
            Ok(source) => sources.push(source.lines),
            Err(message) => unreadable.push(unreadable_line(Some(name), message)),
        }
    }
    // Each fix to the first line it names; a later fix of the same line wins, as typed last.
    let mut fixes: HashMap<(Option<&str>, u32), &str> = input
        .fixes
        .iter()
        .map(|f| ((f.source.as_deref(), f.line), f.text.as_str()))
        .collect();
    for line in sources.iter_mut().flatten() {
        if fixes.is_empty() {
            break;
        }
        if let Some(text) = fixes.remove(&(line.origin.as_deref(), line.number)) {
            text.clone_into(&mut line.text);
        }
    }
    let last = |source: &[SourceLine]| source.iter().map(|l| l.number).max().unwrap_or(0);
    let mut sources = sources.into_iter();
    let mut lines = sources.next().unwrap_or_default();
    let mut offsets = vec![0];
    let mut offset = last(&lines);
    for source in sources {
        offsets.push(offset);
        offset += last(&source);
        let start = offsets[offsets.len() - 1];
        lines.extend(source.into_iter().map(|line| SourceLine {
            number: line.number + start,
            ..line
        }));
    }
    Read {
        lines,
        offsets,
        unreadable,
    }
}

fn unreadable_line(source: Option<String>, message: String) -> RefusedLine {
    RefusedLine {
        text: source.clone().unwrap_or_default(),
        source,
        line: 0,
        job_line: 0,
        reason: Refusal::FileUnreadable,
        message,
        fix: None,
    }
}

fn duplicate_of(lang: Lang, first: u32) -> String {
    match lang {
        Lang::En => format!("Duplicate of line {first}."),
        Lang::ZhCn => format!("与第 {first} 行重复。"),
    }
}

fn file_unreadable(lang: Lang, name: &str, why: &str) -> String {
    match lang {
        Lang::En => format!("cannot read the file {name} ({why}); check the path"),
        Lang::ZhCn => format!("无法读取文件 {name}（{why}），请检查路径"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        crate::testing::profile(7, &["www.example.com"], Some(2))
    }

    fn text(text: &str) -> Input {
        Input {
            text: text.as_bytes().to_vec(),
            ..Input::default()
        }
    }

    const TEXT: &str = "https://www.example.com/a\n\nhttps://www.example.com/a\nwww.example.com/b\nhttps://other.org/c\n";

    #[test]
    fn text_and_files_number_on_as_one_and_keep_their_own_lines() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("list.txt");
        std::fs::write(&file, "https://www.example.com/d\nnot a url\n").unwrap();
        let missing = dir.path().join("gone.xlsx");
        let input = Input {
            files: vec![file.clone(), missing.clone()],
            ..text(TEXT)
        };
        let quota = Quota {
            url_remaining: Some(10),
            url_quota: Some(20),
            ..Quota::default()
        };
        let p = preview(
            &input,
            &profile(),
            Action::PurgeFiles,
            Some(&quota),
            Lang::En,
        );
        assert_eq!((p.counts.accepted, p.counts.duplicates), (2, 1));
        let lines: Vec<_> = p.urls.iter().map(|u| u.line).collect();
        assert_eq!(lines, [1, 6]);
        let refused: Vec<_> = p
            .refused
            .iter()
            .map(|r| (r.source.clone(), r.line, r.job_line, r.reason.code()))
            .collect();
        let (file, missing) = (file.display().to_string(), missing.display().to_string());
        assert_eq!(
            refused,
            [
                (Some(missing.clone()), 0, 0, "file_unreadable"),
                (None, 3, 3, "duplicate"),
                (None, 4, 4, "missing_scheme"),
                (None, 5, 5, "host_not_covered"),
                (Some(file), 2, 7, "not_a_url"),
            ]
        );
        assert!(p.unreadable().all(|r| r.message.contains(&missing)));
        assert_eq!((p.batch_size, p.batches.len()), (2, 1));
        assert_eq!((p.quota.remaining, p.quota.needed), (Some(10), 2));
    }

    #[test]
    fn fixes_apply_and_every_read_line_reaches_the_job_once() {
        let input = Input {
            fixes: vec![LineFix {
                source: None,
                line: 4,
                text: "https://www.example.com/b".into(),
            }],
            files: vec!["/nonexistent/urls.txt".into()],
            ..text(TEXT)
        };
        let p = preview(&input, &profile(), Action::PurgeFiles, None, Lang::ZhCn);
        let job = p.job_request(None);
        let urls: Vec<_> = job.urls.iter().map(|u| (u.line, u.url.as_str())).collect();
        assert_eq!(
            urls,
            [
                (1, "https://www.example.com/a"),
                (4, "https://www.example.com/b")
            ]
        );
        let refused: Vec<_> = job
            .rejected
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect();
        // Line 3 repeats line 1: merged into it and counted, not journaled as refused.
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].0, 5);
        assert_eq!(p.counts.duplicates, 1);
        assert_eq!(job.profile, ProfileId(7));
        assert!(p.unreadable().any(|r| r.message.contains("无法读取文件")));
    }

    #[test]
    fn a_previews_progress_ends_at_every_line_read() {
        let mut seen = Vec::new();
        let input = text("https://www.example.com/a\n\nnot a url\n");
        let p = preview_with_progress(
            &input,
            &profile(),
            Action::PurgeFiles,
            None,
            Lang::En,
            &mut |progress| seen.push((progress.done, progress.total)),
        );
        assert_eq!(seen, [(3, 3)]);
        assert_eq!(p.counts.lines, 3);
    }

    #[test]
    fn a_full_width_colon_comes_with_its_fix() {
        let p = preview(
            &text("https：//www.example.com/x"),
            &profile(),
            Action::PurgeFiles,
            None,
            Lang::En,
        );
        assert_eq!(
            p.refused[0].fix.as_deref(),
            Some("https://www.example.com/x")
        );
    }
}
