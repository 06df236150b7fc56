//! The editor's input (pasted text and files) through intake, as a preview or as a job.
//! Files are read here, on the Rust side: the webview only hands over their paths.

use crate::ipc::{count, InputRequest, Preview, QuotaKind, QuotaUse, RejectReason, RejectedLine};
use crate::text::{duplicate_of, file_unreadable};
use cachedesk_core::{Action, Lang, Quota};
use cachedesk_engine::{InputUrl, JobRequest, Profile};
use cachedesk_intake::{check, read_source, Report, Rules, SourceLine};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// How many accepted URLs the preview shows.
const SAMPLE: usize = 5;

/// The input read and checked against one profile.
pub struct Checked {
    report: Report,
    /// Every line in reading order: pasted text first, then each file.
    order: HashMap<(Option<String>, u32), u32>,
    unreadable: Vec<RejectedLine>,
    lang: Lang,
}

/// Reads the pasted text and the files, applies the editor's one-click fixes and checks
/// every line.
pub fn read(request: &InputRequest, profile: &Profile, lang: Lang) -> Checked {
    let mut lines: Vec<SourceLine> = Vec::new();
    let mut unreadable = Vec::new();
    if let Ok(source) = read_source(request.text.as_bytes(), None) {
        lines.extend(source.lines);
    }
    for path in &request.paths {
        let source = std::fs::read(path)
            .map_err(|e| file_unreadable(lang, &e.to_string()))
            .and_then(|bytes| read_source(&bytes, Some(path)).map_err(|e| e.message(lang)));
        match source {
            Ok(source) => lines.extend(source.lines),
            Err(message) => unreadable.push(RejectedLine {
                source: Some(path.clone()),
                line: 0,
                text: path.clone(),
                reason_code: RejectReason::FileUnreadable,
                message,
                fix: None,
            }),
        }
    }
    for fix in &request.fixes {
        if let Some(line) = lines
            .iter_mut()
            .find(|l| l.number == fix.line && l.origin == fix.source)
        {
            line.text.clone_from(&fix.text);
        }
    }
    let rules = Rules::new(request.action).with_domains(profile.domains.iter().cloned());
    let report = check(&lines, &rules);
    let order = lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            (
                (l.origin, l.number),
                u32::try_from(i + 1).unwrap_or(u32::MAX),
            )
        })
        .collect();
    Checked {
        report,
        order,
        unreadable,
        lang,
    }
}

impl Checked {
    fn rejected(&self) -> Vec<RejectedLine> {
        let lines = self.report.rejected.iter().map(|r| RejectedLine {
            source: r.origin.clone(),
            line: r.line,
            text: r.text.clone(),
            reason_code: r.reason.into(),
            message: r.message(self.lang).to_owned(),
            fix: r.fix.clone(),
        });
        self.unreadable.iter().cloned().chain(lines).collect()
    }

    pub fn preview(&self, profile: &Profile, action: Action, quota: Option<&Quota>) -> Preview {
        let counts = self.report.counts();
        let valid = count(self.report.accepted.len());
        let batch = u64::from(
            profile
                .limits()
                .batch_size(action.kind(), action.target())
                .max(1),
        );
        Preview {
            lines: u64::from(counts.lines - counts.skipped_blank),
            valid,
            duplicates: count(self.report.duplicates.len()),
            rejected: self.rejected(),
            sample: self.report.urls().take(SAMPLE).map(str::to_owned).collect(),
            batches: valid.div_ceil(batch),
            quota: Some(quota_use(action, quota, valid)),
        }
    }

    /// The job for the engine: accepted URLs, and every refused line with its reason so the
    /// job shows each line it was given.
    pub fn job_request(
        &self,
        profile: &Profile,
        action: Action,
        start_at: Option<DateTime<Utc>>,
    ) -> JobRequest {
        let position = |origin: &Option<String>, line: u32| {
            self.order
                .get(&(origin.clone(), line))
                .copied()
                .unwrap_or(line)
        };
        let urls = self
            .report
            .accepted
            .iter()
            .map(|a| InputUrl {
                line: position(&a.origin, a.line),
                url: a.url.clone(),
            })
            .collect();
        let duplicates = self
            .report
            .duplicates
            .iter()
            .map(|d| cachedesk_engine::RejectedLine {
                line: position(&d.origin, d.line),
                text: d.url.clone(),
                reason: duplicate_of(self.lang, position(&d.first_origin, d.first_line)),
            });
        let refused = self
            .report
            .rejected
            .iter()
            .map(|r| cachedesk_engine::RejectedLine {
                line: position(&r.origin, r.line),
                text: r.text.clone(),
                reason: r.message(self.lang).to_owned(),
            });
        JobRequest {
            profile: profile.id,
            action,
            urls,
            rejected: duplicates.chain(refused).collect(),
            start_at,
        }
    }
}

/// What a job of `needed` URLs takes from the quota the vendor reported.
fn quota_use(action: Action, quota: Option<&Quota>, needed: u64) -> QuotaUse {
    let q = quota.cloned().unwrap_or_default();
    let (kind, remaining, limit) = match action {
        Action::PurgeFiles => (QuotaKind::Url, q.url_remaining, q.url_quota),
        Action::PurgeDirectories => (QuotaKind::Dir, q.dir_remaining, q.dir_quota),
        Action::Prefetch => match q.prefetch_remaining {
            Some(left) => (QuotaKind::Prefetch, Some(left), None),
            None => (QuotaKind::Url, q.url_remaining, q.url_quota),
        },
    };
    QuotaUse {
        kind,
        remaining,
        limit,
        needed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::LineFix;
    use cachedesk_core::Vendor;
    use cachedesk_engine::ProfileId;

    fn profile() -> Profile {
        Profile {
            id: ProfileId(7),
            name: "site".into(),
            vendor: Vendor::BaiduCdn,
            endpoint: None,
            site: None,
            domains: vec!["www.example.com".into()],
            batch_size: Some(2),
            concurrency: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            deleted_at: None,
        }
    }

    fn request(text: &str, paths: Vec<String>, fixes: Vec<LineFix>) -> InputRequest {
        InputRequest {
            profile_id: "7".into(),
            action: Action::PurgeFiles,
            text: text.into(),
            paths,
            fixes,
        }
    }

    const TEXT: &str = "https://www.example.com/a\n\nhttps://www.example.com/a\nwww.example.com/b\nhttps://other.org/c\n";

    #[test]
    fn preview_counts_every_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("list.txt");
        std::fs::write(
            &file,
            "https://www.example.com/d\nhttps://www.example.com/e\n",
        )
        .unwrap();
        let file = file.display().to_string();
        let missing = dir.path().join("gone.xlsx").display().to_string();
        let checked = read(
            &request(TEXT, vec![file.clone(), missing.clone()], vec![]),
            &profile(),
            Lang::En,
        );
        let quota = Quota {
            url_remaining: Some(10),
            url_quota: Some(20),
            ..Quota::default()
        };
        let p = checked.preview(&profile(), Action::PurgeFiles, Some(&quota));
        assert_eq!((p.lines, p.valid, p.duplicates), (6, 3, 1));
        assert_eq!(p.batches, 2);
        let reasons: Vec<_> = p
            .rejected
            .iter()
            .map(|r| (r.source.clone(), r.reason_code))
            .collect();
        assert_eq!(
            reasons,
            [
                (Some(missing), RejectReason::FileUnreadable),
                (None, RejectReason::MissingScheme),
                (None, RejectReason::HostNotCovered),
            ]
        );
        let q = p.quota.unwrap();
        assert_eq!((q.remaining, q.limit, q.needed), (Some(10), Some(20), 3));
        assert_eq!(p.sample[0], "https://www.example.com/a");
    }

    #[test]
    fn fixes_apply_and_every_line_reaches_the_job_once() {
        let fix = LineFix {
            source: None,
            line: 4,
            text: "https://www.example.com/b".into(),
        };
        let checked = read(&request(TEXT, vec![], vec![fix]), &profile(), Lang::ZhCn);
        let job = checked.job_request(&profile(), Action::PurgeFiles, None);
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
        assert_eq!(refused[0], (3, "与第 1 行重复。"));
        assert_eq!(refused[1].0, 5);
        assert_eq!(job.profile, ProfileId(7));
    }

    #[test]
    fn a_full_width_colon_reads_as_a_missing_scheme_with_its_fix() {
        let checked = read(
            &request("https：//www.example.com/x", vec![], vec![]),
            &profile(),
            Lang::En,
        );
        let p = checked.preview(&profile(), Action::PurgeFiles, None);
        assert_eq!(p.rejected[0].reason_code, RejectReason::MissingScheme);
        assert_eq!(
            p.rejected[0].fix.as_deref(),
            Some("https://www.example.com/x")
        );
    }
}
