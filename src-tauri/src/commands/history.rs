use crate::ipc::{HistoryPage, HistoryRequest};
use crate::shell::{Reply, Shell};
use cachedesk_api::HistoryQuery;
use tauri::State;

/// One page of the vendor's own task history. With no kind given it walks purges, then
/// prefetches; the page token says which walk and where in it.
#[tauri::command]
#[specta::specta]
pub async fn vendor_history(
    shell: State<'_, Shell>,
    request: HistoryRequest,
) -> Reply<HistoryPage> {
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
        items: page.records,
        next: page.next,
    })
}
