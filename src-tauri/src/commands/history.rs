use crate::ipc::{HistoryPage, HistoryRequest};
use crate::shell::{Reply, Shell};
use cachedesk_core::{Error, Kind, Result};
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
    let kinds = match request.kind {
        Some(kind) => vec![kind],
        None => vec![Kind::Purge, Kind::Prefetch],
    };
    let (walk, token) = shell.reply(parse_token(request.next.as_deref(), kinds.len()))?;
    let query = cachedesk_engine::HistoryRequest {
        kind: kinds[walk],
        target: None,
        start: request.from,
        end: request.to,
        url: request.url.clone().filter(|u| !u.trim().is_empty()),
    };
    let page = shell.reply(
        shell
            .engine
            .remote_history(profile.id, &credentials, &query, token.as_deref())
            .await,
    )?;
    let next = match page.next {
        Some(token) => Some(format!("{walk}|{token}")),
        None if walk + 1 < kinds.len() => Some(format!("{}|", walk + 1)),
        None => None,
    };
    Ok(HistoryPage {
        items: page.records,
        next,
    })
}

/// `"<walk>|<engine token>"`; no token starts the first walk.
fn parse_token(next: Option<&str>, walks: usize) -> Result<(usize, Option<String>)> {
    let Some(next) = next else {
        return Ok((0, None));
    };
    let bad = || Error::InvalidInput(format!("'{next}' is not a history page token"));
    let (walk, token) = next.split_once('|').ok_or_else(bad)?;
    let walk: usize = walk.parse().map_err(|_| bad())?;
    if walk >= walks {
        return Err(bad());
    }
    Ok((walk, Some(token.to_owned()).filter(|t| !t.is_empty())))
}

#[cfg(test)]
mod tests {
    use super::parse_token;

    #[test]
    fn page_tokens_name_the_walk() {
        assert_eq!(parse_token(None, 2).unwrap(), (0, None));
        assert_eq!(
            parse_token(Some("0|m:abc"), 2).unwrap(),
            (0, Some("m:abc".into()))
        );
        assert_eq!(parse_token(Some("1|"), 2).unwrap(), (1, None));
        assert!(parse_token(Some("1|"), 1).is_err());
        assert!(parse_token(Some("garbage"), 2).is_err());
    }
}
