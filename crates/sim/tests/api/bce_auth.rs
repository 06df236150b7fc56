use crate::common::{cdn, instant, start, tasks, urls};
use cachedesk_core::Vendor;
use cachedesk_sim::Faults;
use chrono::{Duration, Utc};

#[tokio::test]
async fn accepts_every_valid_way_of_signing() {
    let sim = start(instant()).await;
    // The Python SDK: empty signedHeaders, Content-Length: 0 on GET, empty id/marker/url.
    let sdk = cdn(&sim, "GET", "/v2/cache/purge")
        .query("id", "")
        .query("marker", "")
        .query("url", "")
        .content_length_on_get()
        .send()
        .await;
    assert_eq!(sdk.status, 200, "{}", sdk.text);
    // The Go SDK: an explicit sorted list, Content-Type signed.
    let go = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&urls(1, "go")))
        .content_type("application/json;charset=utf-8")
        .signed_headers(&["content-length", "content-type", "host", "x-bce-date"])
        .send()
        .await;
    assert_eq!(go.status, 201, "{}", go.text);
    // Content-Type sent but not signed; only host and x-bce-date named.
    let partial = cdn(&sim, "POST", "/v2/cache/prefetch")
        .json(tasks(&urls(1, "partial")))
        .content_type("text/json;utf-8")
        .signed_headers(&["host", "x-bce-date"])
        .send()
        .await;
    assert_eq!(partial.status, 201, "{}", partial.text);
    // No Content-Type at all, default set.
    let bare = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&urls(1, "bare")))
        .send()
        .await;
    assert_eq!(bare.status, 201, "{}", bare.text);
    assert!(bare.header("x-bce-request-id").is_some());
    // Query values that need escaping: `* / : ?`, spaces, `~`, Chinese.
    let escaped = cdn(&sim, "GET", "/v2/cache/prefetch")
        .query("url", "http://www.example.com/图 片/*?a=b+c~")
        .send()
        .await;
    assert_eq!(escaped.status, 200, "{}", escaped.text);
}

#[tokio::test]
async fn refuses_bad_credentials_with_bce_codes() {
    let sim = start(instant()).await;
    let quota = || cdn(&sim, "GET", "/v2/cache/quota");
    let unknown = quota().access_key("ak-test-unknown").send().await;
    assert_eq!(unknown.bce_error(), (403, "InvalidAccessKeyId".into()));
    let wrong = quota().secret_key("sk-test-wrong").send().await;
    assert_eq!(wrong.bce_error(), (403, "SignatureDoesNotMatch".into()));
    let tampered = cdn(&sim, "GET", "/v2/cache/purge")
        .query("id", "")
        .tamper_query("url", "http://www.example.com/x")
        .send()
        .await;
    assert_eq!(tampered.bce_error(), (403, "SignatureDoesNotMatch".into()));
    let missing = quota().authorization(None).send().await;
    assert_eq!(missing.bce_error(), (400, "InvalidHTTPAuthHeader".into()));
    let garbled = quota()
        .authorization(Some("bce-auth-v1/ak/yesterday"))
        .send()
        .await;
    assert_eq!(garbled.bce_error(), (400, "InvalidHTTPAuthHeader".into()));
}

#[tokio::test]
async fn refuses_timestamps_more_than_30_minutes_off() {
    let sim = start(instant()).await;
    let quota = |offset: Duration| cdn(&sim, "GET", "/v2/cache/quota").at(Utc::now() + offset);
    for offset in [Duration::minutes(-31), Duration::minutes(31)] {
        let answer = quota(offset).send().await;
        assert_eq!(
            answer.bce_error(),
            (400, "RequestExpired".into()),
            "{offset}"
        );
    }
    for offset in [Duration::minutes(-29), Duration::minutes(29)] {
        assert_eq!(quota(offset).send().await.status, 200, "{offset}");
    }
}

#[tokio::test]
async fn a_skewed_server_clock_expires_correct_requests() {
    let sim = start(instant()).await;
    sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            clock_skew: Duration::hours(1),
            ..Faults::default()
        },
    );
    let now = cdn(&sim, "GET", "/v2/cache/quota").send().await;
    assert_eq!(now.bce_error(), (400, "RequestExpired".into()));
    let server_time = cdn(&sim, "GET", "/v2/cache/quota")
        .at(Utc::now() + Duration::hours(1))
        .send()
        .await;
    assert_eq!(server_time.status, 200);
    // Only the CDN's clock is off.
    let geo = crate::common::geo(&sim, "GET", "/v2/geo/cache/purge")
        .query("site", "example.org")
        .send()
        .await;
    assert_eq!(geo.status, 200, "{}", geo.text);
}
