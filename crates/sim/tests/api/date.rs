//! Every answer of every vendor carries `Date` from the simulator's own clock, skew included.

use crate::common::{baishan, cdn, geo, instant, start};
use cachedesk_core::Vendor;
use cachedesk_sim::{Faults, RateWindow};
use chrono::{DateTime, Duration, Utc};

fn date_of(answer: &crate::common::Answer) -> DateTime<Utc> {
    let raw = answer.header("date").expect("a Date header");
    assert!(
        raw.ends_with(" GMT") && raw.len() == 29,
        "RFC 7231 form: {raw}"
    );
    DateTime::parse_from_rfc2822(raw)
        .expect("an HTTP date")
        .with_timezone(&Utc)
}

fn near(at: DateTime<Utc>, want: DateTime<Utc>) -> bool {
    (at - want).num_seconds().abs() <= 5
}

#[tokio::test]
async fn every_answer_is_dated_by_the_simulator_clock() {
    let mut config = instant();
    config.limits.baishan_short_window = RateWindow {
        requests: 1,
        window: std::time::Duration::from_secs(10),
    };
    let sim = start(config).await;
    let answers = [
        cdn(&sim, "GET", "/v2/cache/quota").send().await,
        cdn(&sim, "GET", "/v2/cache/nope").send().await,
        geo(&sim, "GET", "/v2/geo/cache/purge")
            .query("site", "example.org")
            .send()
            .await,
        baishan(&sim, "GET", "/v2/cache/refresh", &[], None).await,
    ];
    for answer in &answers {
        assert!(near(date_of(answer), Utc::now()), "{answer:?}");
    }

    let ahead = Duration::hours(2);
    for vendor in Vendor::ALL {
        sim.set_faults(
            vendor,
            Faults {
                clock_skew: ahead,
                ..Faults::default()
            },
        );
    }
    let signed_by_server_time = cdn(&sim, "GET", "/v2/cache/quota")
        .at(Utc::now() + ahead)
        .send()
        .await;
    assert_eq!(signed_by_server_time.status, 200);
    let expired = geo(&sim, "GET", "/v2/geo/cache/purge")
        .query("site", "example.org")
        .send()
        .await;
    assert_eq!(expired.bce_error(), (400, "RequestExpired".into()));
    let throttled = baishan(&sim, "GET", "/v2/cache/refresh", &[], None).await;
    assert_eq!(throttled.status, 429, "{}", throttled.text);
    for answer in [&signed_by_server_time, &expired, &throttled] {
        let date = date_of(answer);
        assert!(near(date, Utc::now() + ahead), "{date} {answer:?}");
        assert_eq!(
            answer.headers.get_all("date").iter().count(),
            1,
            "one Date only"
        );
    }
}
