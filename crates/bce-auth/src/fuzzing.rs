//! The entry point of the `bce_canonical` fuzz target in `fuzz/` and of the corpus replay in
//! `tests/integration/fuzz_corpus.rs`. Not an API: hidden and unstable.

use crate::{canonical_query, parse_authorization, sign, timestamp, uri_encode, verify};
use crate::{Request, VerifyError};
use chrono::{TimeZone, Utc};

/// `data` is fields separated by NUL: method, path, query (`k=v` lines), headers (`name:value`
/// lines), access key, secret key, an Authorization header to parse. Panics when encoding is
/// not reversible or leaves a reserved byte, when the canonical query is not sorted, when a
/// header breaks the canonical request's lines, when a request signed here does not verify, or
/// when a changed request still verifies.
pub fn canonical(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.split('\0');
    let mut next = || fields.next().unwrap_or("");
    let (method, path, query, headers, ak, sk, auth) =
        (next(), next(), next(), next(), next(), next(), next());

    // Methods come from the client's code or an HTTP parser: a token (RFC 9110), never a line.
    let method = if method
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    {
        method
    } else {
        "GET"
    };

    for keep_slash in [false, true] {
        let encoded = uri_encode(path, keep_slash);
        assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric()
            || b"-_.~%".contains(&b)
            || (keep_slash && b == b'/')));
        let decoded = percent_encoding::percent_decode_str(&encoded).decode_utf8();
        assert_eq!(decoded.as_deref().ok(), Some(path), "{encoded}");
    }

    let query: Vec<(&str, &str)> = query
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(|l| l.split_once('=').unwrap_or((l, "")))
        .collect();
    let canonical = canonical_query(query.iter().copied());
    if !query.is_empty() {
        let pairs: Vec<&str> = canonical.split('&').collect();
        assert_eq!(pairs.len(), query.len(), "{canonical}");
        assert!(pairs.windows(2).all(|w| w[0] <= w[1]), "{canonical}");
        assert!(pairs.iter().all(|p| p.matches('=').count() == 1));
    }

    let headers: Vec<(&str, &str)> = headers
        .split('\n')
        .filter_map(|l| l.split_once(':'))
        .collect();
    let named: Vec<&str> = headers
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !n.is_empty() && !n.contains([';', '/']))
        .collect();
    let request = Request {
        method,
        path,
        query: &query,
        headers: &headers,
    };
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let ts = timestamp(now);
    for list in [None, Some(named.as_slice()).filter(|l| !l.is_empty())] {
        let signature = sign(ak, sk, &request, &ts, 1800, list);
        let lines = signature.canonical_request.split('\n').count();
        let header_lines = signature.canonical_headers.split('\n').count();
        assert_eq!(lines, 3 + header_lines, "{:?}", signature.canonical_request);
        let outcome = verify(
            &signature.authorization,
            &request,
            |_| Some(sk.to_owned()),
            now,
            1800,
        );
        if ak.is_empty() || ak.contains('/') || ak.trim() != ak {
            continue;
        }
        assert!(
            outcome.is_ok(),
            "{outcome:?} for {:?}",
            signature.authorization
        );
        let other_path = format!("{path}x");
        let changed = Request {
            path: &other_path,
            ..request
        };
        let outcome = verify(
            &signature.authorization,
            &changed,
            |_| Some(sk.to_owned()),
            now,
            1800,
        );
        assert_eq!(outcome, Err(VerifyError::Mismatch));
    }

    if let Ok(header) = parse_authorization(auth) {
        let _ = verify(auth, &request, |_| Some(sk.to_owned()), now, 1800);
        let _ = verify(
            auth,
            &request,
            |_| Some(sk.to_owned()),
            header.signed_at,
            i64::MAX,
        );
    }
}
