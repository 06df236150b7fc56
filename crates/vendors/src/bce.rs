//! Signed BCE v1 requests, shared by Baidu CDN and Baidu GEO. What is signed is exactly what is
//! sent: the same Host, Content-Length, Content-Type and x-bce-date, and the canonical query as
//! the query string. Every send is dated and signed afresh.

use crate::endpoint::Endpoint;
use crate::errors::bce_error;
use crate::http::{Http, HttpOptions, Reply};
use crate::redact::Redactor;
use cachedesk_bce_auth::{canonical_query, sign, timestamp, Request, DEFAULT_EXPIRATION_SECS};
use cachedesk_core::{said, Credentials, Error, Result, Secret, Vendor};
use chrono::Utc;
use reqwest::Method;

pub(crate) const JSON_CONTENT_TYPE: &str = "application/json;charset=utf-8";

/// Named in the Authorization header like the Go SDK does (sorted).
const SIGNED_GET: [&str; 3] = ["content-length", "host", "x-bce-date"];
const SIGNED_POST: [&str; 4] = ["content-length", "content-type", "host", "x-bce-date"];

pub(crate) struct BceClient {
    http: Http,
    endpoint: Endpoint,
    access_key_id: String,
    secret_access_key: Secret,
}

/// Query parameters, unencoded; keys whose value is unset are simply not in the list.
pub(crate) type Params = Vec<(&'static str, String)>;

impl BceClient {
    pub fn new(
        vendor: Vendor,
        endpoint: Endpoint,
        credentials: &Credentials,
        options: HttpOptions,
    ) -> Result<BceClient> {
        let Credentials::AccessKey {
            access_key_id,
            secret_access_key,
        } = credentials
        else {
            return Err(Error::InvalidInput(said!(
                "{vendor} needs an access key (AK) and secret key (SK), not a token",
                "{vendor} 需要 Access Key（AK）和 Secret Key（SK），而不是令牌"
            )));
        };
        if access_key_id.trim().is_empty() || secret_access_key.is_empty() {
            return Err(Error::InvalidInput(said!(
                "{vendor} needs both the access key (AK) and the secret key (SK)",
                "{vendor} 需要同时填写 Access Key（AK）和 Secret Key（SK）"
            )));
        }
        Ok(BceClient {
            http: Http::new(options, &endpoint, Redactor::default())?,
            endpoint,
            access_key_id: access_key_id.trim().to_owned(),
            secret_access_key: secret_access_key.clone(),
        })
    }

    pub async fn get(&self, path: &str, params: &Params) -> Result<Reply> {
        self.send(Method::GET, path, params, Vec::new()).await
    }

    pub async fn post(&self, path: &str, body: &(impl serde::Serialize + Sync)) -> Result<Reply> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Internal(e.to_string()))?;
        self.send(Method::POST, path, &Vec::new(), bytes).await
    }

    /// Sends once; a non-2xx answer becomes the matching `Error`.
    async fn send(
        &self,
        method: Method,
        path: &str,
        params: &Params,
        body: Vec<u8>,
    ) -> Result<Reply> {
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut url = self.endpoint.url(path);
        let query = canonical_query(pairs.iter().copied());
        url.set_query(Some(&query).filter(|q| !q.is_empty()).map(String::as_str));

        let date = timestamp(Utc::now());
        let length = body.len().to_string();
        let mut headers = vec![
            ("host", self.endpoint.host_header.as_str()),
            ("content-length", length.as_str()),
            ("x-bce-date", date.as_str()),
        ];
        let signed: &[&str] = if method == Method::POST {
            headers.push(("content-type", JSON_CONTENT_TYPE));
            &SIGNED_POST
        } else {
            &SIGNED_GET
        };
        let request = Request {
            method: method.as_str(),
            path,
            query: &pairs,
            headers: &headers,
        };
        let signature = sign(
            &self.access_key_id,
            self.secret_access_key.expose(),
            &request,
            &date,
            DEFAULT_EXPIRATION_SECS,
            Some(signed),
        );

        let mut builder = self.http.request(method, url);
        for (name, value) in &headers {
            builder = builder.header(*name, *value);
        }
        let builder = builder
            .header("authorization", signature.authorization)
            .body(body);
        let reply = self.http.send(builder).await?;
        if reply.is_success() {
            Ok(reply)
        } else {
            Err(bce_error(&reply, self.http.redactor()))
        }
    }
}
