//! Starting a simulator and talking to it: BCE-signed calls (signed with
//! `cachedesk_bce_auth::sign`, exactly as sent) and Baishan token calls.

use cachedesk_core::Vendor;
use cachedesk_sim::{Sim, SimConfig, Speed};
use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use serde_json::Value;

/// The demo account, done the moment a task is accepted.
pub fn instant() -> SimConfig {
    SimConfig {
        speed: Speed::Instant,
        ..SimConfig::default()
    }
}

pub async fn start(config: SimConfig) -> Sim {
    Sim::start(config)
        .await
        .expect("the simulator starts on loopback")
}

/// An answer: status, headers, and the body as JSON (`Null` when it is not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Answer {
    async fn read(response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a readable body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            text,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A BCE error: (status, code), after checking its shape.
    pub fn bce_error(&self) -> (u16, String) {
        let request_id = self.body["requestId"].as_str().expect("requestId");
        assert_eq!(
            self.header("x-bce-request-id"),
            Some(request_id),
            "{}",
            self.text
        );
        assert!(self.body["message"].as_str().is_some_and(|m| !m.is_empty()));
        (
            self.status,
            self.body["code"].as_str().expect("code").to_owned(),
        )
    }
}

/// One BCE v1 call, built up then sent.
pub struct BceCall {
    endpoint: String,
    method: reqwest::Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<String>,
    content_type: Option<&'static str>,
    content_length_on_get: bool,
    signed_headers: Option<Vec<&'static str>>,
    at: DateTime<Utc>,
    access_key: String,
    secret_key: String,
    authorization: Option<String>,
    tamper_query: Option<(String, String)>,
    timeout: Option<std::time::Duration>,
}

pub fn bce(sim: &Sim, vendor: Vendor, method: &str, path: &str) -> BceCall {
    let credentials = &sim.config().credentials;
    BceCall {
        endpoint: sim.endpoint(vendor),
        method: method.parse().expect("an HTTP method"),
        path: path.to_owned(),
        query: Vec::new(),
        body: None,
        content_type: None,
        content_length_on_get: false,
        signed_headers: None,
        at: Utc::now(),
        access_key: credentials.access_key.clone(),
        secret_key: credentials.secret_key.clone(),
        authorization: None,
        tamper_query: None,
        timeout: None,
    }
}

pub fn cdn(sim: &Sim, method: &str, path: &str) -> BceCall {
    bce(sim, Vendor::BaiduCdn, method, path)
}

pub fn geo(sim: &Sim, method: &str, path: &str) -> BceCall {
    bce(sim, Vendor::BaiduGeo, method, path)
}

impl BceCall {
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.query.push((key.to_owned(), value.to_owned()));
        self
    }

    /// A JSON body, sent without Content-Type (as the Python SDK does).
    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body.to_string());
        self
    }

    pub fn raw_body(mut self, body: &str) -> Self {
        self.body = Some(body.to_owned());
        self
    }

    pub fn content_type(mut self, value: &'static str) -> Self {
        self.content_type = Some(value);
        self
    }

    /// `Content-Length: 0` on a GET, signed (the Python SDK).
    pub fn content_length_on_get(mut self) -> Self {
        self.content_length_on_get = true;
        self
    }

    pub fn signed_headers(mut self, names: &[&'static str]) -> Self {
        self.signed_headers = Some(names.to_vec());
        self
    }

    pub fn at(mut self, at: DateTime<Utc>) -> Self {
        self.at = at;
        self
    }

    pub fn access_key(mut self, ak: &str) -> Self {
        self.access_key = ak.to_owned();
        self
    }

    pub fn secret_key(mut self, sk: &str) -> Self {
        self.secret_key = sk.to_owned();
        self
    }

    pub fn authorization(mut self, value: Option<&str>) -> Self {
        self.authorization = Some(value.unwrap_or("").to_owned());
        self
    }

    /// Gives up on the answer after this long (the request may still take effect).
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds a query pair after signing.
    pub fn tamper_query(mut self, key: &str, value: &str) -> Self {
        self.tamper_query = Some((key.to_owned(), value.to_owned()));
        self
    }

    pub async fn send(self) -> Answer {
        Answer::read(self.request().await.expect("an answer")).await
    }

    /// Sends and hands back the transport result (for faults that break the connection).
    pub async fn request(self) -> reqwest::Result<reqwest::Response> {
        let host = self.endpoint.trim_start_matches("http://").to_owned();
        let date = cachedesk_bce_auth::timestamp(self.at);
        let mut headers: Vec<(&str, String)> = vec![("host", host), ("x-bce-date", date.clone())];
        if let Some(body) = &self.body {
            headers.push(("content-length", body.len().to_string()));
        } else if self.content_length_on_get {
            headers.push(("content-length", "0".into()));
        }
        if let Some(content_type) = self.content_type {
            headers.push(("content-type", content_type.to_owned()));
        }
        let pairs: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let header_refs: Vec<(&str, &str)> =
            headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let signature = cachedesk_bce_auth::sign(
            &self.access_key,
            &self.secret_key,
            &cachedesk_bce_auth::Request {
                method: self.method.as_str(),
                path: &self.path,
                query: &pairs,
                headers: &header_refs,
            },
            &date,
            cachedesk_bce_auth::DEFAULT_EXPIRATION_SECS,
            self.signed_headers.as_deref(),
        );
        let mut query = cachedesk_bce_auth::canonical_query(pairs.iter().copied());
        if let Some((k, v)) = &self.tamper_query {
            let extra = cachedesk_bce_auth::canonical_query([(k.as_str(), v.as_str())]);
            query = if query.is_empty() {
                extra
            } else {
                format!("{query}&{extra}")
            };
        }
        let url = if query.is_empty() {
            format!("{}{}", self.endpoint, self.path)
        } else {
            format!("{}{}?{}", self.endpoint, self.path, query)
        };
        let mut request = reqwest::Client::new().request(self.method, url);
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        // reqwest writes Host, and Content-Length for a body, itself.
        for (name, value) in &headers {
            if *name != "host" && !(*name == "content-length" && self.body.is_some()) {
                request = request.header(*name, value);
            }
        }
        match self.authorization {
            Some(value) if value.is_empty() => {}
            Some(value) => request = request.header("authorization", value),
            None => request = request.header("authorization", signature.authorization),
        }
        if let Some(body) = self.body {
            request = request.body(body);
        }
        request.send().await
    }
}

/// A Baishan call with `token` in the query; `body` is JSON when given.
pub async fn baishan(
    sim: &Sim,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> Answer {
    Answer::read(
        baishan_request(sim, method, path, query, body)
            .await
            .expect("an answer"),
    )
    .await
}

pub async fn baishan_request(
    sim: &Sim,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> reqwest::Result<reqwest::Response> {
    baishan_request_within(sim, method, path, query, body, None).await
}

/// `baishan_request`, giving up on the answer after `timeout` when given.
pub async fn baishan_request_within(
    sim: &Sim,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
    timeout: Option<std::time::Duration>,
) -> reqwest::Result<reqwest::Response> {
    let token = sim.config().credentials.token.clone();
    let mut all = vec![("token", token.as_str())];
    all.extend_from_slice(query);
    let url = format!("{}{}", sim.endpoint(Vendor::Baishan), path);
    let method: reqwest::Method = method.parse().expect("an HTTP method");
    let mut request = reqwest::Client::new().request(method, url).query(&all);
    if let Some(body) = body {
        request = request.json(&body);
    }
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    request.send().await
}

/// The `url` of every record in a Baidu `details` list or a Baishan `data.list`, in order.
pub fn listed_urls(answer: &Answer) -> Vec<String> {
    let items = match answer.body.get("details") {
        Some(details) => details,
        None => &answer.body["data"]["list"],
    };
    items
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let url = match &r["task"] {
                Value::Array(tasks) => &tasks[0]["url"],
                Value::Null => &r["url"],
                task => &task["url"],
            };
            url.as_str().unwrap_or("").to_owned()
        })
        .collect()
}

/// A Baidu timestamp `offset` from now.
pub fn stamp(offset: chrono::Duration) -> String {
    cachedesk_bce_auth::timestamp(Utc::now() + offset)
}

/// `{"tasks": [{"url": ...}, ...]}` for these URLs.
pub fn tasks(urls: &[String]) -> Value {
    let tasks: Vec<Value> = urls
        .iter()
        .map(|u| serde_json::json!({ "url": u }))
        .collect();
    serde_json::json!({ "tasks": tasks })
}

/// `n` distinct URLs on the demo host `www.example.com`.
pub fn urls(n: usize, tag: &str) -> Vec<String> {
    (0..n)
        .map(|i| format!("http://www.example.com/{tag}/{i}.js"))
        .collect()
}
