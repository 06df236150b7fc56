//! A job's results as CSV: one row per input line, in line order.

use crate::model::{JobId, UrlResult};
use crate::store::Store;
use cachedesk_core::{Error, Result};
use cachedesk_edge::Checked;
use chrono::{DateTime, SecondsFormat, Utc};
use std::collections::HashMap;
use std::io::Write;

pub const CSV_HEADER: [&str; 13] = [
    "line",
    "url",
    "state",
    "task_id",
    "vendor_status",
    "progress",
    "reason",
    "sent_at",
    "created_at",
    "started_at",
    "finished_at",
    // The last check at the edge (docs/edge-proof.md): fresh, matches_origin, stale, ...
    "edge_verdict",
    "edge_checked_at",
];

fn time(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) gets a leading `'`, so opening the export never runs what a rejected
/// line or a vendor's message said (OWASP's advice for CSV injection).
fn inert(text: String) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text,
    }
}

fn row(u: &UrlResult, edge: Option<&Checked>) -> [String; 13] {
    [
        u.line.to_string(),
        inert(u.url.clone()),
        u.state.slug().to_owned(),
        inert(u.task_id.clone().unwrap_or_default()),
        inert(u.raw_status.clone().unwrap_or_default()),
        u.progress.map(|p| p.to_string()).unwrap_or_default(),
        inert(u.reason.clone().unwrap_or_default()),
        time(u.sent_at),
        time(u.vendor_created_at),
        time(u.vendor_started_at),
        time(u.vendor_finished_at),
        edge.map(|c| c.verdict.slug().to_owned())
            .unwrap_or_default(),
        time(edge.map(|c| c.checked_at)),
    ]
}

/// Writes the CSV and returns how many URL rows it has.
pub(crate) fn export(store: &Store, job: JobId, out: impl Write) -> Result<u64> {
    let csv_error = |e: csv::Error| Error::Storage(format!("cannot write the CSV file: {e}"));
    store.job(job)?;
    let edge: HashMap<u32, Checked> = store.edge_checks(job)?.into_iter().collect();
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER).map_err(csv_error)?;
    let mut rows = 0;
    store.for_each_url(job, |u| {
        rows += 1;
        writer
            .write_record(row(u, edge.get(&u.line)))
            .map_err(csv_error)
    })?;
    writer
        .flush()
        .map_err(|e| Error::Storage(format!("cannot write the CSV file: {e}")))?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_are_written_inert() {
        assert_eq!(
            inert("=HYPERLINK(\"http://evil\",\"x\")".into()),
            "'=HYPERLINK(\"http://evil\",\"x\")"
        );
        for risky in ["+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(inert(risky.into()).starts_with('\''), "{risky}");
        }
        assert_eq!(inert("https://a.com/x".into()), "https://a.com/x");
        assert_eq!(inert(String::new()), "");
    }
}
