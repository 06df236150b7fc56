//! Shared by the integration tests: obviously fake credentials, profiles pointed at a local
//! server, and a BCE signature check done the way a BCE server does it.

use cachedesk_bce_auth::{canonical_query, verify, Request as SignedRequest};
use cachedesk_core::{Credentials, Secret, Vendor, VendorLimits};
use cachedesk_vendors::{connect, connect_with, HttpOptions, Provider, ProviderConfig};
use chrono::Utc;
use std::sync::Arc;
use std::time::Duration;

pub const AK: &str = "ak-test-0001";
pub const SK: &str = "sk-test-0001";
pub const TOKEN: &str = "tok-test-0001-never-print";

pub fn config(vendor: Vendor, endpoint: &str) -> ProviderConfig {
    let credentials = match vendor {
        Vendor::Baishan => Credentials::Token(Secret::new(TOKEN)),
        _ => Credentials::AccessKey {
            access_key_id: AK.into(),
            secret_access_key: Secret::new(SK),
        },
    };
    ProviderConfig {
        vendor,
        endpoint: Some(endpoint.to_owned()),
        credentials,
        site: (vendor == Vendor::BaiduGeo).then(|| "example.org".to_owned()),
        limits: VendorLimits::for_vendor(vendor),
    }
}

pub fn provider(vendor: Vendor, endpoint: &str) -> Arc<dyn Provider> {
    connect(config(vendor, endpoint)).expect("a valid loopback profile")
}

pub fn impatient_provider(vendor: Vendor, endpoint: &str) -> Arc<dyn Provider> {
    let options = HttpOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_millis(400),
    };
    connect_with(config(vendor, endpoint), options).expect("a valid loopback profile")
}

pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

pub fn query_pairs(request: &wiremock::Request) -> Vec<(String, String)> {
    request.url.query_pairs().into_owned().collect()
}

/// Checks the request as a BCE server would, and that the query sent is the canonical one.
/// Returns the `signedHeaders` field.
pub fn assert_bce_signed(request: &wiremock::Request) -> String {
    let authorization = header(request, "authorization").expect("an Authorization header");
    let pairs = query_pairs(request);
    let query: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        request.url.query().unwrap_or(""),
        canonical_query(query.iter().copied())
    );
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.to_str().unwrap_or("")))
        .collect();
    let signed = SignedRequest {
        method: request.method.as_str(),
        path: request.url.path(),
        query: &query,
        headers: &headers,
    };
    let found = verify(
        authorization,
        &signed,
        |ak| (ak == AK).then(|| SK.to_owned()),
        Utc::now(),
        300,
    )
    .unwrap_or_else(|e| panic!("the signature does not verify: {e:?}"));
    found.signed_headers.join(";")
}
