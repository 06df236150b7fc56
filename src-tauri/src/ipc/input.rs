//! The editor's input as the UI sends it (the preview it gets back is [`cachedesk_api::wire::Preview`]).

use cachedesk_core::Action;
use cachedesk_engine::{Input, LineFix};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct InputRequest {
    pub profile_id: String,
    pub action: Action,
    /// pasted text, one URL a line
    pub text: String,
    /// .txt / .csv / .xlsx files, parsed by the backend
    pub paths: Vec<String>,
    pub fixes: Vec<LineFix>,
}

impl InputRequest {
    /// The input for the engine, with `files` (the checked `paths`): files are read there,
    /// on the Rust side.
    pub fn input(&self, files: Vec<PathBuf>) -> Input {
        Input {
            text: self.text.as_bytes().to_vec(),
            files,
            fixes: self.fixes.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SubmitRequest {
    #[serde(flatten)]
    pub input: InputRequest,
    /// RFC 3339; only for prefetch on Baidu CDN, within 24 h
    pub start_at: Option<DateTime<Utc>>,
}

/// Emitted as `input-progress` while the input of a preview or a submit is checked: at most
/// every 100 ms while it lasts, and once at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct InputProgress {
    pub lines_done: u32,
    pub lines_total: u32,
}

impl From<cachedesk_engine::InputProgress> for InputProgress {
    fn from(p: cachedesk_engine::InputProgress) -> Self {
        let lines = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        InputProgress {
            lines_done: lines(p.done),
            lines_total: lines(p.total),
        }
    }
}
