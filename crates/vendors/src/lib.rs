//! Vendor clients behind one `Provider` trait: Baidu AI Cloud CDN, Baidu GEO and Baishan.
//! `connect` checks a profile and returns a client; `history` walks a vendor's task history.
//! The clients never retry: the engine decides.

mod baidu_cdn;
mod baidu_geo;
mod baidu_records;
mod baishan;
mod bce;
mod endpoint;
mod errors;
#[doc(hidden)]
pub mod fuzzing;
pub mod history;
mod http;
mod lenient;
pub mod provider;
mod redact;
mod validate;

pub use http::HttpOptions;
pub use provider::{
    range_page_size, Provider, ProviderConfig, RejectedUrl, SubmitReceipt, SubmitRequest,
    TaskQuery, TaskSelector,
};

use cachedesk_core::{said, Error, Result, Vendor};
use std::sync::Arc;

/// A client for the profile in `config`, with the default timeouts (connect 10 s, request 60 s).
pub fn connect(config: ProviderConfig) -> Result<Arc<dyn Provider>> {
    connect_with(config, HttpOptions::default())
}

/// `connect` with other timeouts.
pub fn connect_with(config: ProviderConfig, options: HttpOptions) -> Result<Arc<dyn Provider>> {
    let endpoint = endpoint::resolve(config.vendor, config.endpoint.as_deref())?;
    let limits = config.limits;
    Ok(match config.vendor {
        Vendor::BaiduCdn => Arc::new(baidu_cdn::BaiduCdn {
            bce: bce::BceClient::new(config.vendor, endpoint, &config.credentials, options)?,
            limits,
        }),
        Vendor::BaiduGeo => {
            let site = config
                .site
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    Error::InvalidInput(said!(
                        "Baidu GEO needs the site (e.g. example.com)",
                        "百度 GEO 需要填写站点（例如 example.com）"
                    ))
                })?
                .to_owned();
            Arc::new(baidu_geo::BaiduGeo {
                bce: bce::BceClient::new(config.vendor, endpoint, &config.credentials, options)?,
                site,
                limits,
            })
        }
        Vendor::Baishan => Arc::new(baishan::Baishan::new(
            endpoint,
            &config.credentials,
            limits,
            options,
        )?),
    })
}
