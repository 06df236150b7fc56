//! Development only: the app's preview of an input, for the UI's fake backend (`npm run dev`,
//! the unit and browser tests), so that it never re-implements intake. Reads one request as
//! JSON on standard input and prints `{"preview": Preview, "urls": [...]}`: the app's
//! `preview_input` answer, made by the same functions, and every URL a job would send.
//!
//! The fake's files exist only in its memory: each is written to a temporary `.txt` file,
//! checked there, and named by its fake path again in the answer.

use cachedesk_api::wire::Preview;
use cachedesk_core::{Action, Lang, Quota, Vendor};
use cachedesk_engine::{Input, LineFix, Profile, ProfileId};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Request {
    vendor: Vendor,
    domains: Vec<String>,
    batch_size: Option<u32>,
    action: Action,
    text: String,
    files: Vec<FakeFile>,
    fixes: Vec<LineFix>,
    quota: Option<Quota>,
    lang: Lang,
}

/// A file the fake "reads": its lines, or `None` for one it does not have (unreadable).
#[derive(Deserialize)]
struct FakeFile {
    path: String,
    text: Option<String>,
}

fn profile(request: &Request) -> Profile {
    let now = chrono::Utc::now();
    Profile {
        id: ProfileId(0),
        uuid: "00000000-0000-4000-8000-000000000000".into(),
        legacy_key: None,
        name: "dev".into(),
        vendor: request.vendor,
        endpoint: None,
        site: None,
        domains: request.domains.clone(),
        batch_size: request.batch_size,
        concurrency: None,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    }
}

/// Writes the fake's files under `dir`; maps each fake path to the file checked for it.
fn write_files(files: &[FakeFile], dir: &Path) -> std::io::Result<HashMap<String, PathBuf>> {
    let mut written = HashMap::new();
    for (i, file) in files.iter().enumerate() {
        let path = match &file.text {
            Some(text) => {
                let path = dir.join(format!("{i}.txt"));
                std::fs::write(&path, text)?;
                path
            }
            None => PathBuf::from(&file.path),
        };
        written.insert(file.path.clone(), path);
    }
    Ok(written)
}

fn answer(request: Request, dir: &Path) -> Result<serde_json::Value, String> {
    let written = write_files(&request.files, dir).map_err(|e| e.to_string())?;
    let real = |fake: &str| written.get(fake).map(|p| p.display().to_string());
    let input = Input {
        text: request.text.as_bytes().to_vec(),
        files: request
            .files
            .iter()
            .map(|f| written[&f.path].clone())
            .collect(),
        fixes: request
            .fixes
            .iter()
            .map(|f| LineFix {
                source: f
                    .source
                    .as_deref()
                    .map(|s| real(s).unwrap_or_else(|| s.to_owned())),
                ..f.clone()
            })
            .collect(),
    };
    let profile = profile(&request);
    let checked = cachedesk_engine::preview(
        &input,
        &profile,
        request.action,
        request.quota.as_ref(),
        request.lang,
    );
    let urls: Vec<String> = checked.urls.iter().map(|u| u.url.clone()).collect();
    let mut preview = Preview::of(checked, &profile, request.lang);
    let fake_of: HashMap<String, &String> = written
        .iter()
        .map(|(fake, real)| (real.display().to_string(), fake))
        .collect();
    for line in &mut preview.rejected {
        if let Some(fake) = line.source.as_ref().and_then(|s| fake_of.get(s)) {
            line.source = Some((*fake).clone());
        }
    }
    Ok(serde_json::json!({ "preview": preview, "urls": urls }))
}

fn main() {
    let mut body = String::new();
    let request = std::io::stdin()
        .read_to_string(&mut body)
        .map_err(|e| e.to_string())
        .and_then(|_| serde_json::from_str::<Request>(&body).map_err(|e| e.to_string()));
    let dir = std::env::temp_dir().join(format!("cachedesk-dev-preview-{}", std::process::id()));
    let result = request.and_then(|request| {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        answer(request, &dir)
    });
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(answer) => println!("{answer}"),
        Err(e) => {
            eprintln!("dev-preview: {e}");
            std::process::exit(2);
        }
    }
}
