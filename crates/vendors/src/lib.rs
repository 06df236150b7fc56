//! Vendor clients behind one `Provider` trait.

pub mod provider;

pub use provider::{
    Provider, ProviderConfig, RejectedUrl, SubmitReceipt, SubmitRequest, TaskQuery, TaskSelector,
};
