//! A job's results as CSV: one row per input line, in line order.

use crate::model::{JobId, UrlResult};
use crate::store::Store;
use cachedesk_core::{Error, Result, UrlRecord};
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

/// The columns of a vendor history export (`export_history_csv`).
pub const HISTORY_CSV_HEADER: [&str; 9] = [
    "created_at",
    "url",
    "kind",
    "status",
    "vendor_status",
    "progress",
    "task_id",
    "reason",
    "finished_at",
];

fn history_row(r: &UrlRecord) -> [String; 9] {
    [
        time(r.created_at),
        inert(r.url.clone()),
        r.kind.slug().to_owned(),
        r.status.slug().to_owned(),
        inert(r.raw_status.clone()),
        r.progress.map(|p| p.to_string()).unwrap_or_default(),
        inert(r.task_id.clone().unwrap_or_default()),
        inert(r.reason.clone().unwrap_or_default()),
        time(r.finished_at),
    ]
}

fn csv_error(e: csv::Error) -> Error {
    Error::storage_from(format!("cannot write the CSV file: {e}"), e)
}

/// Writes records of the vendor's own history as CSV, one row each in the order given;
/// returns how many rows it wrote.
pub fn export_history_csv<'a>(
    records: impl IntoIterator<Item = &'a UrlRecord>,
    out: impl Write,
) -> Result<u64> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HISTORY_CSV_HEADER).map_err(csv_error)?;
    let mut rows = 0;
    for record in records {
        writer
            .write_record(history_row(record))
            .map_err(csv_error)?;
        rows += 1;
    }
    writer
        .flush()
        .map_err(|e| Error::storage_from(format!("cannot write the CSV file: {e}"), e))?;
    Ok(rows)
}

/// Writes the CSV and returns how many URL rows it has.
pub(crate) fn export(store: &Store, job: JobId, out: impl Write) -> Result<u64> {
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
        .map_err(|e| Error::storage_from(format!("cannot write the CSV file: {e}"), e))?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::{Kind, RecordStatus, Target};

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

    fn record(url: &str, status: RecordStatus, reason: Option<&str>) -> UrlRecord {
        UrlRecord {
            task_id: Some("t-1".into()),
            record_id: None,
            url: url.into(),
            kind: Kind::Purge,
            target: Target::File,
            status,
            raw_status: "FAILED".into(),
            progress: Some(100),
            created_at: "2026-11-30T08:00:00Z".parse().ok(),
            started_at: None,
            finished_at: None,
            reason: reason.map(str::to_owned),
        }
    }

    #[test]
    fn history_csv_has_a_header_and_one_inert_row_per_record() {
        let records = [
            record("https://a.com/x.js", RecordStatus::Completed, None),
            record(
                "=HYPERLINK(\"http://evil\")",
                RecordStatus::Failed,
                Some("-404"),
            ),
        ];
        let mut out = Vec::new();
        assert_eq!(export_history_csv(&records, &mut out).unwrap(), 2);
        let mut reader = csv::Reader::from_reader(out.as_slice());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            HISTORY_CSV_HEADER
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].iter().collect::<Vec<_>>(),
            [
                "2026-11-30T08:00:00Z",
                "https://a.com/x.js",
                "purge",
                "completed",
                "FAILED",
                "100",
                "t-1",
                "",
                ""
            ]
        );
        assert_eq!(&rows[1][1], "'=HYPERLINK(\"http://evil\")");
        assert_eq!(&rows[1][3], "failed");
        assert_eq!(&rows[1][7], "'-404");
    }
}
