//! The URLs a command is given (files or standard input), read and checked by intake, as a
//! job request with every line not taken and why.

use crate::failure::Failure;
use crate::text::tr;
use cachedesk_core::{Action, Error, Lang};
use cachedesk_engine::{InputUrl, JobRequest, Profile, RejectedLine};
use cachedesk_intake::{check, read_source, Report, Rules, SourceLine};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Every line of every input, numbered as if the files were one: with a single input the
/// numbers are that file's own line numbers.
pub fn read(files: &[PathBuf], lang: Lang) -> Result<Vec<SourceLine>, Failure> {
    let stdin_only = [PathBuf::from("-")];
    let files = if files.is_empty() {
        &stdin_only[..]
    } else {
        files
    };
    let mut lines = Vec::new();
    let mut offset = 0;
    for file in files {
        let (bytes, name) = read_bytes(file, lang)?;
        let source = read_source(&bytes, name.as_deref()).map_err(|e| {
            let what = name.clone().unwrap_or_else(|| "stdin".into());
            Failure::Core(Error::InvalidInput(format!("{what}: {}", e.message(lang))))
        })?;
        let last = source.lines.iter().map(|l| l.number).max().unwrap_or(0);
        lines.extend(source.lines.into_iter().map(|l| SourceLine {
            number: l.number + offset,
            ..l
        }));
        offset += last;
    }
    Ok(lines)
}

fn read_bytes(file: &Path, lang: Lang) -> Result<(Vec<u8>, Option<String>), Failure> {
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Failure::Core(Error::InvalidInput(tr!(
                    lang,
                    "cannot read standard input ({e})",
                    "无法读取标准输入({e})"
                )))
            })?;
        return Ok((bytes, None));
    }
    let name = file.display().to_string();
    bytes = std::fs::read(file).map_err(|e| {
        Failure::Core(Error::InvalidInput(tr!(
            lang,
            "cannot read the file {name} ({e}); check the path",
            "无法读取文件 {name}({e}),请检查路径"
        )))
    })?;
    Ok((bytes, Some(name)))
}

/// A line that will not be sent, as the command shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refused {
    /// The line number in the job (see [`read`]).
    pub line: u32,
    /// The file it came from; `None` for standard input.
    pub file: Option<String>,
    pub text: String,
    /// The stable code: intake's reason (e.g. `host_not_covered`) or `duplicate`.
    pub reason: String,
    pub message: String,
}

/// The input checked against one profile and action.
pub struct Checked {
    pub report: Report,
    lang: Lang,
}

impl Checked {
    pub fn new(lines: &[SourceLine], profile: &Profile, action: Action, lang: Lang) -> Checked {
        let rules = Rules::new(action).with_domains(profile.domains.iter().cloned());
        Checked {
            report: check(lines, &rules),
            lang,
        }
    }

    /// Rejected and duplicate lines, in line order.
    pub fn refused(&self) -> Vec<Refused> {
        let lang = self.lang;
        let rejected = self.report.rejected.iter().map(|r| Refused {
            line: r.line,
            file: r.origin.clone(),
            text: r.text.clone(),
            reason: r.reason.code().to_owned(),
            message: r.message(lang).to_owned(),
        });
        let duplicates = self.report.duplicates.iter().map(|d| {
            let first = d.first_line;
            Refused {
                line: d.line,
                file: d.origin.clone(),
                text: d.url.clone(),
                reason: "duplicate".into(),
                message: tr!(lang, "Duplicate of line {first}.", "与第 {first} 行重复。"),
            }
        });
        let mut all: Vec<Refused> = rejected.chain(duplicates).collect();
        all.sort_by_key(|r| r.line);
        all
    }

    pub fn urls(&self) -> Vec<InputUrl> {
        self.report
            .accepted
            .iter()
            .map(|a| InputUrl {
                line: a.line,
                url: a.url.clone(),
            })
            .collect()
    }

    /// The job for the engine: the accepted URLs, and every refused line with its reason so
    /// the job shows each line it was given.
    pub fn job_request(
        &self,
        profile: &Profile,
        action: Action,
        start_at: Option<DateTime<Utc>>,
    ) -> JobRequest {
        JobRequest {
            profile: profile.id,
            action,
            urls: self.urls(),
            rejected: self
                .refused()
                .into_iter()
                .map(|r| RejectedLine {
                    line: r.line,
                    text: r.text,
                    reason: r.message,
                })
                .collect(),
            start_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_number_on_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        std::fs::write(&a, "https://a.test/1\n\nhttps://a.test/2\n").unwrap();
        std::fs::write(&b, "https://a.test/3\n").unwrap();
        let lines = read(&[a, b.clone()], Lang::En).unwrap();
        let numbers: Vec<u32> = lines.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        assert_eq!(
            lines[3].origin.as_deref(),
            Some(b.display().to_string().as_str())
        );
    }

    #[test]
    fn a_missing_file_is_an_input_error() {
        let e = read(&[PathBuf::from("/nonexistent/urls.txt")], Lang::ZhCn).unwrap_err();
        assert_eq!(e.exit(), crate::failure::Exit::Input);
        assert!(e.message(Lang::ZhCn).contains("无法读取文件"));
    }
}
