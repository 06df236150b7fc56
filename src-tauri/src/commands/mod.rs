//! The `#[tauri::command]`s: each converts its input, calls the engine (or the keyring, or
//! demo mode) and converts the result. Errors leave as `{code, message, details}`.

pub mod demo;
pub mod edge;
pub mod files;
pub mod history;
pub mod input;
pub mod jobs;
pub mod profiles;
