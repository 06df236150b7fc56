use crate::ipc::Profile;
use crate::shell::{Ready, Reply};
use cachedesk_core::Lang;
use tauri::State;

/// Names the demo profiles in the language the person just chose ("en", "zh-CN"); names they
/// gave a demo profile themselves stay.
#[tauri::command]
#[specta::specta]
pub async fn name_demo_profiles(ready: State<'_, Ready>, language: String) -> Reply<Vec<Profile>> {
    let shell = ready.shell().await;
    let profiles = shell.reply(shell.demo.rename(&shell.desk, Lang::from_locale(&language)))?;
    Ok(profiles.into_iter().map(|p| shell.view(p)).collect())
}
