//! The updater against a loopback release feed, in Tauri's mock app: a newer version is
//! offered with its notes; a package whose signature does not match the key is refused with
//! a clear message. The fixtures were signed with a throwaway key made for this test (its
//! private half was never kept); the release key is another (RELEASE.md).

use cachedesk_app::support::update::{error_body, find, offer, InstallWay};
use cachedesk_core::{ErrorCode, Lang};
use std::io::{Read, Write};
use std::net::TcpListener;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::utils::config::BundleType;
use tauri::{App, Url};

const TEST_PUBKEY: &str = include_str!("updates/test-key.pub");
const PACKAGE: &[u8] = include_bytes!("updates/update.bin");
const TAMPERED: &[u8] = include_bytes!("updates/tampered.bin");
const SIGNATURE: &str = include_str!("updates/update.bin.sig");

/// Serves `feed.json` and `package.bin` on 127.0.0.1 (HTTP/1.1, one request a connection)
/// until the test ends; returns the feed's URL.
fn serve(version: &str, package: &'static [u8]) -> Url {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let target = tauri_plugin_updater::target().expect("a supported platform");
    let feed = serde_json::json!({
        "version": version,
        "notes": "Purges twice as fast.",
        "pub_date": "2026-12-01T00:00:00Z",
        "platforms": { target: { "signature": SIGNATURE.trim(), "url": format!("{base}/package.bin") } }
    })
    .to_string()
    .into_bytes();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let line = String::from_utf8_lossy(&request);
            let body: &[u8] = if line.starts_with("GET /feed.json") {
                &feed
            } else {
                package
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
    });
    Url::parse(&format!("{base}/feed.json")).unwrap()
}

fn app(feed: &Url) -> App<MockRuntime> {
    let mut context = mock_context(noop_assets());
    context.config_mut().plugins.0.insert(
        "updater".into(),
        serde_json::json!({
            "pubkey": TEST_PUBKEY.trim(),
            "endpoints": [feed.as_str()],
            "dangerousInsecureTransportProtocol": true
        }),
    );
    mock_builder()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .build(context)
        .unwrap()
}

#[test]
fn a_newer_version_is_offered_with_its_notes_and_installs_after_its_signature() {
    let feed = serve("9.9.9", PACKAGE);
    let app = app(&feed);
    let update = tauri::async_runtime::block_on(find(app.handle(), None))
        .unwrap()
        .expect("9.9.9 is newer");
    let offered = offer(&update, None, Some(&feed));
    assert_eq!(offered.version, "9.9.9");
    assert_eq!(offered.notes.as_deref(), Some("Purges twice as fast."));
    assert_eq!(offered.way, InstallWay::InApp);
    let from_deb = offer(&update, Some(BundleType::Deb), Some(&feed));
    assert!(matches!(from_deb.way, InstallWay::Package { format, .. } if format == "deb"));
    let package = tauri::async_runtime::block_on(update.download(|_, _| {}, || {})).unwrap();
    assert_eq!(package, PACKAGE, "the signed package passes its check");
}

#[test]
fn the_same_version_is_no_update() {
    let feed = serve(env!("CARGO_PKG_VERSION"), PACKAGE);
    let app = app(&feed);
    let found = tauri::async_runtime::block_on(find(app.handle(), None)).unwrap();
    assert!(found.is_none());
}

#[test]
fn a_package_whose_signature_does_not_match_is_refused_clearly() {
    let feed = serve("9.9.9", TAMPERED);
    let app = app(&feed);
    let update = tauri::async_runtime::block_on(find(app.handle(), None))
        .unwrap()
        .expect("the feed offers 9.9.9");
    let error = tauri::async_runtime::block_on(update.download(|_, _| {}, || {}))
        .expect_err("a tampered package is refused");
    let body = error_body(&error, Lang::En);
    assert_eq!(body.code, ErrorCode::Internal);
    assert_eq!(body.details["reason"], "bad_signature");
    assert!(
        body.message.starts_with("The update was refused"),
        "{}",
        body.message
    );
    assert!(error_body(&error, Lang::ZhCn)
        .message
        .starts_with("已拒绝该更新"));
}
