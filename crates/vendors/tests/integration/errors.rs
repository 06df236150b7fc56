//! Every error shape → the right `Error`, network failures with an honest `maybe_delivered`,
//! the endpoint and credential policy, and Baishan's token kept out of every message.

use crate::common::{config, impatient_provider, provider, TOKEN};
use cachedesk_core::{Action, Credentials, Error, ErrorCode, Secret, Vendor};
use cachedesk_vendors::{connect, Provider, SubmitRequest};
use serde_json::json;
use std::sync::Arc;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn purge() -> SubmitRequest {
    SubmitRequest {
        action: Action::PurgeFiles,
        urls: vec!["https://www.example.com/a.js".into()],
        start_at: None,
    }
}

async fn answer(vendor: Vendor, reply: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(reply)
        .mount(&server)
        .await;
    provider(vendor, &server.uri())
        .submit(&purge())
        .await
        .unwrap_err()
}

fn bce(status: u16, code: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"code": code, "message": "human text", "requestId": "0d3c-uuid"}))
        .insert_header("x-bce-request-id", "0d3c-uuid")
}

fn never_shows_token(err: &Error) {
    let shown = format!(
        "{err} | {err:?} | {}",
        err.message(cachedesk_core::Lang::ZhCn)
    );
    assert!(!shown.contains(TOKEN), "token leaked: {shown}");
}

#[tokio::test]
async fn bce_error_bodies_map_to_codes() {
    let cases = [
        (bce(403, "InvalidAccessKeyId"), ErrorCode::Auth),
        (bce(403, "SignatureDoesNotMatch"), ErrorCode::Auth),
        (bce(400, "InvalidHTTPAuthHeader"), ErrorCode::Auth),
        (bce(403, "AccessDenied"), ErrorCode::Auth),
        (bce(401, "Unauthorized"), ErrorCode::Auth),
        (ResponseTemplate::new(401), ErrorCode::Auth),
        (bce(400, "RequestExpired"), ErrorCode::ClockSkew),
        (bce(403, "QuotaExceeded"), ErrorCode::QuotaExceeded),
        (bce(400, "ExceedQuota"), ErrorCode::QuotaExceeded),
        (bce(403, "UrlQuotaInsufficient"), ErrorCode::QuotaExceeded),
        (bce(400, "IllegalRequestUrl"), ErrorCode::Vendor),
        (bce(500, "InternalError"), ErrorCode::Vendor),
    ];
    for vendor in [Vendor::BaiduCdn, Vendor::BaiduGeo] {
        for (reply, code) in cases.clone() {
            assert_eq!(answer(vendor, reply).await.code(), code);
        }
    }
    assert_eq!(
        answer(Vendor::BaiduCdn, bce(400, "IllegalRequestUrl")).await,
        Error::UrlsRefused {
            code: "IllegalRequestUrl".into(),
            message: "human text".into(),
            urls: vec![],
        }
    );
    assert_eq!(
        answer(Vendor::BaiduCdn, bce(400, "InvalidArgument")).await,
        Error::Vendor {
            status: Some(400),
            code: "InvalidArgument".into(),
            message: "human text".into(),
            request_id: Some("0d3c-uuid".into()),
        }
    );
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "7");
    assert_eq!(
        answer(Vendor::BaiduCdn, limited).await,
        Error::RateLimited {
            retry_after_secs: Some(7)
        }
    );
    let auth = answer(Vendor::BaiduGeo, bce(403, "SignatureDoesNotMatch")).await;
    assert_eq!(
        auth,
        Error::Auth {
            code: "SignatureDoesNotMatch".into(),
            message: "human text".into()
        }
    );
}

#[tokio::test]
async fn bodies_that_are_not_json() {
    for (vendor, status) in [
        (Vendor::BaiduCdn, 201),
        (Vendor::BaiduGeo, 502),
        (Vendor::Baishan, 200),
        (Vendor::Baishan, 503),
    ] {
        let reply = ResponseTemplate::new(status).set_body_string("<html>Bad Gateway</html>");
        match answer(vendor, reply).await {
            Error::Vendor {
                status: s, code, ..
            } => assert_eq!((s, code.as_str()), (Some(status), "MalformedResponse")),
            other => panic!("{vendor} {status}: {other:?}"),
        }
    }
    let no_id = ResponseTemplate::new(201).set_body_json(json!({"taskId": "x"}));
    assert!(
        matches!(answer(Vendor::BaiduCdn, no_id).await, Error::Vendor { code, .. } if code == "MalformedResponse")
    );
}

#[tokio::test]
async fn baishan_error_shapes() {
    let body = |status: u16, value| {
        ResponseTemplate::new(status)
            .set_body_json(value)
            .insert_header("Api-Id", "42")
    };
    assert_eq!(
        answer(
            Vendor::Baishan,
            body(
                200,
                json!({"code": 400, "message": "bad url", "data": null})
            )
        )
        .await,
        Error::Vendor {
            status: Some(200),
            code: "400".into(),
            message: "bad url".into(),
            request_id: Some("42".into())
        }
    );
    let cases = [
        (
            body(401, json!({"code": 401, "message": "鉴权错误"})),
            ErrorCode::Auth,
        ),
        (
            ResponseTemplate::new(401).set_body_string("unauthorized"),
            ErrorCode::Auth,
        ),
        (
            body(
                400,
                json!({"code": 400, "message": "prefetch quota exhausted"}),
            ),
            ErrorCode::QuotaExceeded,
        ),
        (
            body(
                200,
                json!({"code": 403, "message": "x", "data": {"detail": "每日预热额度不足"}}),
            ),
            ErrorCode::QuotaExceeded,
        ),
        (
            body(404, json!({"code": 404, "message": "not found"})),
            ErrorCode::Endpoint,
        ),
        (body(500, json!({"code": 500})), ErrorCode::Vendor),
    ];
    for (reply, code) in cases {
        assert_eq!(answer(Vendor::Baishan, reply).await.code(), code);
    }
    let limited =
        body(429, json!({"code": 429, "message": "too many"})).insert_header("X-Retry-After", "33");
    assert_eq!(
        answer(Vendor::Baishan, limited).await,
        Error::RateLimited {
            retry_after_secs: Some(33)
        }
    );
    let limited_in_body = body(200, json!({"code": 429})).insert_header("X-Retry-After", "2");
    assert_eq!(
        answer(Vendor::Baishan, limited_in_body).await,
        Error::RateLimited {
            retry_after_secs: Some(2)
        }
    );
}

#[tokio::test]
async fn baishan_never_shows_the_token() {
    let echo = format!("invalid request /v2/cache/refresh?token={TOKEN}&x=1 ({TOKEN})");
    let err = answer(
        Vendor::Baishan,
        ResponseTemplate::new(400).set_body_json(json!({"code": 400, "message": echo})),
    )
    .await;
    assert_eq!(err.code(), ErrorCode::Vendor);
    never_shows_token(&err);
    let err = answer(
        Vendor::Baishan,
        ResponseTemplate::new(502).set_body_string(echo),
    )
    .await;
    never_shows_token(&err);
    never_shows_token(&refused(Vendor::Baishan).await);
    never_shows_token(&hang_up(Vendor::Baishan, false).await);
    never_shows_token(&hang_up(Vendor::Baishan, true).await);
}

/// A port nobody listens on.
async fn refused(vendor: Vendor) -> Error {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    provider(vendor, &format!("http://127.0.0.1:{port}"))
        .submit(&purge())
        .await
        .unwrap_err()
}

/// A server that reads the request, then closes the connection, or keeps it open unanswered.
async fn hang_up(vendor: Vendor, keep_open: bool) -> Error {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buffer = vec![0; 64 * 1024];
        let _ = socket.read(&mut buffer).await;
        if keep_open {
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        }
    });
    let client: Arc<dyn Provider> = impatient_provider(vendor, &endpoint);
    let err = client.submit(&purge()).await.unwrap_err();
    server.abort();
    err
}

#[tokio::test]
async fn network_failures_say_whether_the_request_may_have_arrived() {
    for vendor in Vendor::ALL {
        match refused(vendor).await {
            Error::Network {
                maybe_delivered,
                message,
            } => {
                assert!(!maybe_delivered, "{vendor}: {message}");
                assert!(
                    !message.contains("127.0.0.1"),
                    "no URL in the message: {message}"
                );
            }
            other => panic!("{vendor}: {other:?}"),
        }
        for keep_open in [false, true] {
            let err = hang_up(vendor, keep_open).await;
            assert!(
                matches!(
                    err,
                    Error::Network {
                        maybe_delivered: true,
                        ..
                    }
                ),
                "{vendor} {keep_open}: {err:?}"
            );
        }
    }
}

#[test]
fn endpoint_and_credential_policy() {
    for vendor in Vendor::ALL {
        for endpoint in [
            "http://10.1.2.3:8080",
            "http://cdn.example.com",
            "ftp://127.0.0.1",
        ] {
            let err = connect(config(vendor, endpoint)).err().expect("refused");
            assert!(
                matches!(&err, Error::InvalidInput(m) if m.en().contains(endpoint)),
                "{err:?}"
            );
        }
        for endpoint in [
            "http://127.0.0.1:9",
            "http://localhost:9",
            "http://[::1]:9",
            "https://10.1.2.3",
        ] {
            assert!(
                connect(config(vendor, endpoint)).is_ok(),
                "{vendor} {endpoint}"
            );
        }
        let mut default = config(vendor, "");
        default.endpoint = None;
        assert!(connect(default).is_ok());
    }
    let mut wrong = config(Vendor::BaiduCdn, "http://127.0.0.1:9");
    wrong.credentials = Credentials::Token(Secret::new("tok-fake"));
    assert!(matches!(connect(wrong), Err(Error::InvalidInput(_))));
    let mut wrong = config(Vendor::Baishan, "http://127.0.0.1:9");
    wrong.credentials = Credentials::AccessKey {
        access_key_id: "ak".into(),
        secret_access_key: Secret::new("sk"),
    };
    assert!(matches!(connect(wrong), Err(Error::InvalidInput(_))));
    let mut empty = config(Vendor::Baishan, "http://127.0.0.1:9");
    empty.credentials = Credentials::Token(Secret::new(" "));
    assert!(matches!(connect(empty), Err(Error::InvalidInput(_))));
    let mut empty = config(Vendor::BaiduGeo, "http://127.0.0.1:9");
    empty.credentials = Credentials::AccessKey {
        access_key_id: "ak".into(),
        secret_access_key: Secret::new(""),
    };
    assert!(matches!(connect(empty), Err(Error::InvalidInput(_))));
}

/// Two lower-case ASCII words in a row: an English phrase left in a Chinese message.
fn reads_english(message: &str) -> bool {
    let lower = |w: &&str, last: bool| {
        let c = if last {
            w.chars().last()
        } else {
            w.chars().next()
        };
        c.is_some_and(|c| c.is_ascii_lowercase())
    };
    let words: Vec<&str> = message.split(' ').collect();
    words
        .windows(2)
        .any(|w| lower(&w[0], true) && lower(&w[1], false))
}

#[tokio::test]
async fn refused_input_reads_as_chinese_in_chinese() {
    let endpoint = connect(config(Vendor::BaiduCdn, "http://cdn.example.com"))
        .err()
        .expect("refused");
    let cdn = provider(Vendor::BaiduCdn, "http://127.0.0.1:9");
    let empty = SubmitRequest {
        urls: vec![],
        ..purge()
    };
    let no_urls = cdn.submit(&empty).await.unwrap_err();
    let too_many = SubmitRequest {
        urls: vec!["https://www.example.com/a.js".into(); 101],
        ..purge()
    };
    let too_many = cdn.submit(&too_many).await.unwrap_err();
    for (err, says) in [
        (endpoint, "只有本机地址"),
        (no_urls, "没有要提交的 URL"),
        (too_many, "每次最多接受"),
    ] {
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        let zh = err.message(cachedesk_core::Lang::ZhCn);
        assert!(zh.contains(says) && !reads_english(&zh), "{zh}");
        assert!(reads_english(&err.message(cachedesk_core::Lang::En)));
    }
}
