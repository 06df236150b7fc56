//! A job's action and states, and a vendor record's kind and status, as the text output names
//! them: the slug in English (the word a filter takes back), the app's word in Chinese
//! (ui/src/lib/i18n/zh-CN.ts); and what the edge said of a URL.

use cachedesk_core::{Action, Kind, Lang, RecordStatus};
use cachedesk_engine::{BatchState, JobStatus, UrlState, Verdict};

pub fn action(action: Action, lang: Lang) -> &'static str {
    match (lang, action) {
        (Lang::En, _) => action.slug(),
        (Lang::ZhCn, Action::PurgeFiles) => "刷新文件",
        (Lang::ZhCn, Action::PurgeDirectories) => "刷新目录",
        (Lang::ZhCn, Action::Prefetch) => "预热",
    }
}

pub fn job_status(status: JobStatus, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::En, _) => status.slug(),
        (Lang::ZhCn, JobStatus::Queued) => "排队中",
        (Lang::ZhCn, JobStatus::Running) => "进行中",
        (Lang::ZhCn, JobStatus::Stopped) => "已停止",
        (Lang::ZhCn, JobStatus::Finished) => "已结束",
    }
}

pub fn batch_state(state: BatchState, lang: Lang) -> &'static str {
    match (lang, state) {
        (Lang::En, _) => state.slug(),
        (Lang::ZhCn, BatchState::Pending) => "等待中",
        (Lang::ZhCn, BatchState::Sending) => "发送中",
        (Lang::ZhCn, BatchState::Accepted) => "服务商已接收",
        (Lang::ZhCn, BatchState::Uncertain) => "核对中",
        (Lang::ZhCn, BatchState::Split) => "已拆分",
        (Lang::ZhCn, BatchState::Failed) => "失败",
    }
}

pub fn url_state(state: UrlState, lang: Lang) -> &'static str {
    match (lang, state) {
        (Lang::En, _) => state.slug(),
        (Lang::ZhCn, UrlState::Rejected) => "未提交（已跳过）",
        (Lang::ZhCn, UrlState::Pending) => "等待中",
        (Lang::ZhCn, UrlState::Sending) => "发送中",
        (Lang::ZhCn, UrlState::Accepted) => "服务商已接收",
        (Lang::ZhCn, UrlState::Uncertain) => "核对中",
        (Lang::ZhCn, UrlState::Completed) => "成功",
        (Lang::ZhCn, UrlState::Failed) => "失败",
    }
}

pub fn kind(kind: Kind, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::En, _) => kind.slug(),
        (Lang::ZhCn, Kind::Purge) => "刷新",
        (Lang::ZhCn, Kind::Prefetch) => "预热",
    }
}

/// A record of the vendor's history: the words of the window's vendor history screen.
pub fn record_status(status: RecordStatus, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::En, _) => status.slug(),
        (Lang::ZhCn, RecordStatus::Waiting) => "等待中",
        (Lang::ZhCn, RecordStatus::Running) => "进行中",
        (Lang::ZhCn, RecordStatus::Completed) => "已完成",
        (Lang::ZhCn, RecordStatus::Failed) => "失败",
        (Lang::ZhCn, RecordStatus::Unknown) => "未知",
    }
}

pub fn verdict(verdict: Verdict, lang: Lang) -> &'static str {
    match (verdict, lang) {
        (Verdict::Fresh | Verdict::MatchesOrigin, Lang::En) => "fresh",
        (Verdict::Fresh | Verdict::MatchesOrigin, Lang::ZhCn) => "已更新",
        (Verdict::Stale, Lang::En) => "still stale",
        (Verdict::Stale, Lang::ZhCn) => "仍是旧内容",
        (Verdict::NotCached, Lang::En) => "not cached yet",
        (Verdict::NotCached, Lang::ZhCn) => "尚未缓存",
        (Verdict::Error, Lang::En) => "error",
        (Verdict::Error, Lang::ZhCn) => "出错",
        (Verdict::Unknown, Lang::En) => "unknown",
        (Verdict::Unknown, Lang::ZhCn) => "无法判断",
    }
}
