//! A job as the command shows it: one JSON document, or lines for a person; and its exit code.

use crate::failure::{Exit, Failure};
use crate::text::{counted, say, tr};
use cachedesk_api::wire::{JobSummary, JobUrl, RejectedLine};
use cachedesk_core::Lang;
use cachedesk_engine::{
    self as engine, BatchSummary, Engine, InputCounts, JobId, JobStatus, PageRequest, UrlReason,
    UrlResult, UrlState,
};
use serde::Serialize;

/// URLs read from the journal per page.
const PAGE: u32 = 1000;
/// Batches listed one per line for a person; the rest are counted.
const BATCH_LINES: usize = 10;

/// A URL the vendor failed, or whose fate reconciliation could not settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unsettled {
    pub line: u32,
    pub url: String,
    pub state: UrlState,
    /// The journal's full text: the vendor's own words, or what reconciliation found.
    pub reason: Option<String>,
    /// Why, as a stable code (`origin_not_found`, `vendor_refused`, `no_final_status`, …).
    pub reason_code: Option<UrlReason>,
    /// The code's plain sentence in the command's language.
    pub explanation: Option<String>,
}

/// A job (the fields of the app's [`JobSummary`]) with what the command shows besides.
#[derive(Debug, Clone, Serialize)]
pub struct JobDocument {
    #[serde(flatten)]
    pub job: JobSummary,
    pub dry_run: bool,
    /// What intake made of the input (submit only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<InputCounts>,
    pub rejected: Vec<RejectedLine>,
    pub batches: Vec<BatchSummary>,
    pub failed: Vec<Unsettled>,
    /// Every line's final state (with `--wait`, and for `status --job`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urls: Option<Vec<JobUrl>>,
    /// Proof at the edge (`--verify`): what the nearest edge serves of each finished URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edge: Option<Vec<cachedesk_engine::EdgeCheck>>,
}

/// The lines of a job in `state` (every line without one), in line order.
fn read_urls(
    engine: &Engine,
    job: JobId,
    state: Option<UrlState>,
) -> Result<Vec<UrlResult>, Failure> {
    let mut urls = Vec::new();
    loop {
        let page = engine.job_urls(
            job,
            state,
            PageRequest {
                offset: urls.len() as u64,
                limit: PAGE,
            },
        )?;
        let done =
            page.items.is_empty() || urls.len() as u64 + page.items.len() as u64 >= page.total;
        urls.extend(page.items);
        if done {
            return Ok(urls);
        }
    }
}

/// The lines of a job in any of `states`, in line order; a state the job's counts say no line
/// is in is not read (a job without failures reads none of its lines).
fn urls_in(
    engine: &Engine,
    summary: &engine::JobSummary,
    states: &[UrlState],
) -> Result<Vec<UrlResult>, Failure> {
    let mut urls = Vec::new();
    for &state in states {
        if summary.counts.get(state) > 0 {
            urls.extend(read_urls(engine, summary.id, Some(state))?);
        }
    }
    urls.sort_by_key(|u| u.line);
    Ok(urls)
}

/// The rejected lines as the journal keeps them.
fn journal_refused(urls: &[UrlResult], lang: Lang) -> Vec<RejectedLine> {
    urls.iter()
        .filter(|u| u.state == UrlState::Rejected)
        .map(|u| RejectedLine::journaled(u, lang))
        .collect()
}

impl JobDocument {
    /// `refused`: the input's refused lines with their codes (submit); `None` reads them from
    /// the journal. `with_urls`: list every line.
    pub fn build(
        engine: &Engine,
        summary: engine::JobSummary,
        refused: Option<Vec<RejectedLine>>,
        input: Option<InputCounts>,
        with_urls: bool,
        lang: Lang,
    ) -> Result<JobDocument, Failure> {
        // Only the lines the document shows: every one with `with_urls`, else the unsettled
        // ones (and the rejected ones when the input's are not given).
        let urls = if with_urls {
            read_urls(engine, summary.id, None)?
        } else if refused.is_some() {
            urls_in(engine, &summary, &[UrlState::Failed, UrlState::Uncertain])?
        } else {
            let states = [UrlState::Rejected, UrlState::Failed, UrlState::Uncertain];
            urls_in(engine, &summary, &states)?
        };
        let failed = urls
            .iter()
            .filter(|u| matches!(u.state, UrlState::Failed | UrlState::Uncertain))
            .map(|u| Unsettled {
                line: u.line,
                url: u.url.clone(),
                state: u.state,
                reason: u.reason.clone(),
                reason_code: u.reason_code,
                explanation: u.explanation(lang),
            })
            .collect();
        Ok(JobDocument {
            batches: engine.job_batches(summary.id)?,
            job: summary.into(),
            dry_run: false,
            input,
            rejected: refused.unwrap_or_else(|| journal_refused(&urls, lang)),
            failed,
            urls: with_urls.then(|| urls.into_iter().map(JobUrl::from).collect()),
            edge: None,
        })
    }

    /// The exit code: the stop error's, else 1 when a line was rejected, failed or unsettled.
    pub fn exit(&self) -> Exit {
        if let Some(error) = &self.job.error {
            return Exit::for_code(error.code);
        }
        let c = &self.job.counts;
        if c.rejected + c.failed + c.uncertain > 0 {
            Exit::Partial
        } else {
            Exit::Ok
        }
    }

    pub fn print_text(&self, lang: Lang) {
        let job = &self.job;
        let (id, action, profile, vendor, status) = (
            &job.id,
            crate::words::action(job.action, lang),
            &job.profile_name,
            &job.vendor,
            crate::words::job_status(job.status, lang),
        );
        say!(
            "{}",
            tr!(
                lang,
                "Job {id} · {action} · profile {profile} ({vendor}): {status}",
                "任务 {id} · {action} · 配置 {profile}（{vendor}）：{status}"
            )
        );
        let c = &job.counts;
        let (total, rejected, accepted, completed, failed, uncertain, waiting) = (
            c.total(),
            c.rejected,
            c.accepted,
            c.completed,
            c.failed,
            c.uncertain,
            c.pending + c.sending,
        );
        let total_n = counted(total, "line", "lines");
        say!(
            "  {}",
            tr!(
                lang,
                "{total_n}: {rejected} rejected, {waiting} not sent yet, {accepted} at the vendor, {completed} completed, {failed} failed, {uncertain} uncertain",
                "共 {total} 行：成功 {completed}，失败 {failed}，待确认 {uncertain}，服务商已接收 {accepted}，等待 {waiting}，未提交 {rejected}"
            )
        );
        print_refused(&self.rejected, lang);
        for b in self.batches.iter().take(BATCH_LINES) {
            let (urls, completed, failed) = (b.urls, b.completed, b.failed);
            let state = crate::words::batch_state(b.state, lang);
            let urls_n = counted(urls, "URL", "URLs");
            let task = b.task_id.clone().unwrap_or_else(|| "-".into());
            say!(
                "  {}",
                tr!(
                    lang,
                    "task {task}: {urls_n} ({completed} completed, {failed} failed), {state}",
                    "任务号 {task}：{urls} 个 URL（{completed} 个完成，{failed} 个失败），{state}"
                )
            );
        }
        if self.batches.len() > BATCH_LINES {
            let more = self.batches.len() - BATCH_LINES;
            say!(
                "  {}",
                tr!(lang, "… and {more} more tasks", "……另有 {more} 个任务号")
            );
        }
        for f in &self.failed {
            let (line, url) = (f.line, &f.url);
            let state = crate::words::url_state(f.state, lang);
            let why = sentence_and_words(f.explanation.as_deref(), f.reason.as_deref(), lang);
            say!(
                "  {}",
                tr!(
                    lang,
                    "line {line} {state}: {url} — {why}",
                    "第 {line} 行 {state}：{url} — {why}"
                )
            );
        }
        if let Some(error) = &job.error {
            crate::text::print_error(lang, error.message(lang));
        }
        if job.status == JobStatus::Stopped {
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "After fixing that, run `cachedesk resume` to finish the job.",
                    "处理后运行 `cachedesk resume` 继续完成该任务。"
                )
            );
        }
    }
}

/// The refused lines, one per line, for a person.
/// Why a URL did not end done, for a person: the code's sentence in `lang`, then the vendor's
/// (or the journal's) own words in brackets.
pub fn sentence_and_words(sentence: Option<&str>, words: Option<&str>, lang: Lang) -> String {
    match (sentence, words) {
        (Some(sentence), Some(words)) => match lang {
            Lang::En => format!("{sentence} ({words})"),
            Lang::ZhCn => format!("{sentence}（{words}）"),
        },
        (Some(sentence), None) => sentence.to_owned(),
        (None, words) => words.unwrap_or("").to_owned(),
    }
}

pub fn print_refused(refused: &[RejectedLine], lang: Lang) {
    for r in refused {
        let (line, text, message) = (r.job_line, &r.text, &r.message);
        let file = r
            .source
            .as_deref()
            .map(|f| format!(" ({f})"))
            .unwrap_or_default();
        say!(
            "  {}",
            tr!(
                lang,
                "line {line}{file} rejected: {text} — {message}",
                "第 {line} 行{file}被拒绝：{text} — {message}"
            )
        );
        // The fix the message speaks of ("the suggested fix adds it").
        if let Some(fixed) = &r.fix {
            say!(
                "    {}",
                tr!(lang, "suggested fix: {fixed}", "建议改为：{fixed}")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_api::wire::RejectReason;
    use chrono::Utc;

    fn url(line: u32, task: Option<&str>, state: UrlState) -> UrlResult {
        UrlResult {
            line,
            url: format!("https://a.test/{line}"),
            state,
            task_id: task.map(str::to_owned),
            raw_status: None,
            progress: None,
            reason: None,
            reason_code: None,
            reject: None,
            sent_at: None,
            vendor_created_at: None,
            vendor_started_at: None,
            vendor_finished_at: None,
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn rejected_lines_from_the_journal() {
        let submitted_in_chinese = UrlResult {
            reason: Some("网址必须以 http:// 或 https:// 开头。".into()),
            reject: Some(engine::RejectReason::MissingScheme),
            ..url(1, None, UrlState::Rejected)
        };
        let engine_refused = UrlResult {
            reason: Some("empty line".into()),
            ..url(3, None, UrlState::Rejected)
        };
        let urls = [
            submitted_in_chinese,
            url(2, Some("t1"), UrlState::Completed),
            engine_refused,
        ];
        let refused = journal_refused(&urls, Lang::En);
        assert_eq!(refused.len(), 2);
        assert_eq!(
            (refused[0].job_line, refused[0].reason_code),
            (1, Some(RejectReason::MissingScheme))
        );
        assert_eq!(
            refused[0].message,
            "The address must start with http:// or https://."
        );
        assert_eq!((refused[1].job_line, refused[1].reason_code), (3, None));
        assert_eq!(refused[1].message, "empty line");
    }
}
