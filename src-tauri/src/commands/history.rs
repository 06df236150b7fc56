use crate::ipc::{HistoryExportRequest, HistoryPage, HistoryRequest};
use crate::shell::{Ready, Reply, Shell};
use cachedesk_api::spreadsheet::UTF8_BOM;
use cachedesk_api::HistoryQuery;
use cachedesk_core::{said, Error, Result};
use tauri::State;

/// One page of the vendor's own task history. With no kind given it walks purges, then
/// prefetches; the page token says which walk and where in it.
#[tauri::command]
#[specta::specta]
pub async fn vendor_history(
    ready: State<'_, Ready>,
    request: HistoryRequest,
) -> Reply<HistoryPage> {
    let shell = ready.shell().await;
    let profile = shell.reply(shell.profile(&request.profile_id))?;
    let credentials = shell.reply(shell.credentials(&profile))?;
    let query = HistoryQuery {
        kind: request.kind,
        start: request.from,
        end: request.to,
        url: request.url.clone(),
    };
    let page = shell.reply(
        shell
            .desk
            .vendor_history_page(&profile, &credentials, &query, request.next.as_deref())
            .await,
    )?;
    Ok(HistoryPage {
        items: page.records.into_iter().map(Into::into).collect(),
        next: page.next,
    })
}

/// Walks the vendor's history of the query to its end and writes it, with the screen's
/// status filter, to the path chosen in the save dialog (`pick_csv_destination`); returns
/// the number of rows written.
#[tauri::command]
#[specta::specta]
pub async fn export_vendor_history_csv(
    ready: State<'_, Ready>,
    request: HistoryExportRequest,
) -> Reply<u64> {
    let shell = ready.shell().await;
    shell.reply(export(shell, &request).await)
}

async fn export(shell: &Shell, request: &HistoryExportRequest) -> Result<u64> {
    let path = shell.chosen.writable(&request.path)?;
    let profile = shell.profile(&request.profile_id)?;
    let credentials = shell.credentials(&profile)?;
    let query = HistoryQuery {
        kind: request.kind,
        start: request.from,
        end: request.to,
        url: request.url.clone(),
    };
    // Walked whole before the file is opened: a walk that fails leaves no half-written file.
    let mut csv = UTF8_BOM.to_vec();
    let rows = shell
        .desk
        .export_vendor_history_csv(&profile, &credentials, &query, request.status, &mut csv)
        .await?;
    std::fs::write(&path, csv).map_err(|e| {
        Error::InvalidInput(said!(
            "cannot write {} ({e})",
            "无法写入 {}（{e}）",
            request.path
        ))
    })?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::test_shell;
    use cachedesk_core::ErrorCode;

    #[tokio::test]
    async fn export_vendor_history_csv_writes_only_where_the_save_dialog_said() {
        let dir = tempfile::tempdir().unwrap();
        let shell = test_shell(dir.path());
        let target = dir.path().join("elsewhere.csv");
        let request = HistoryExportRequest {
            profile_id: "1".into(),
            kind: None,
            from: "2026-11-24T00:00:00Z".parse().unwrap(),
            to: "2026-12-01T00:00:00Z".parse().unwrap(),
            url: None,
            status: None,
            path: target.display().to_string(),
        };
        let refused = export(&shell, &request).await.unwrap_err();
        assert_eq!(refused.code(), ErrorCode::InvalidInput);
        assert!(!target.exists(), "nothing written");

        // Chosen in the save dialog: the path passes (and the missing profile is the only error).
        shell.chosen.allow_write(target.clone());
        assert_eq!(
            export(&shell, &request).await.unwrap_err().code(),
            ErrorCode::NotFound
        );
    }
}
