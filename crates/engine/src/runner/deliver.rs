//! One batch from pending (or uncertain) to held by the vendor, split, or failed.

use super::call::{self, classify_submit, SubmitFailure};
use super::reconcile::Found;
use super::Run;
use crate::state::BatchState;
use crate::store::{BatchRow, Verdict};
use cachedesk_core::{Error, Result};
use cachedesk_vendors::SubmitRequest;
use futures::future::BoxFuture;
use futures::FutureExt;
use std::collections::HashMap;
use std::sync::atomic::Ordering;

/// The vendor's words for a refusal, kept on the URLs it concerns.
fn refusal(e: &Error) -> String {
    match e {
        Error::Vendor { code, message, .. } if !message.is_empty() => format!("{message} ({code})"),
        Error::Vendor { code, .. } => code.clone(),
        other => other.to_string(),
    }
}

impl Run {
    /// Drives one batch until the vendor holds it, or it is refused for good, or the job must
    /// stop (the batch is then left pending or uncertain for `resume`).
    pub(super) fn deliver(&self, batch: BatchRow) -> BoxFuture<'_, Result<()>> {
        async move {
            let mut batch = batch;
            let job = self.job.id;
            loop {
                if batch.state == BatchState::Uncertain {
                    match self.reconcile(&batch).await? {
                        Found::Held { task_id, urls } => {
                            let why = format!(
                                "the vendor has no record of this URL after the lost answer{}",
                                task_id
                                    .as_deref()
                                    .map(|t| format!(" (task {t} holds the rest of its batch)"))
                                    .unwrap_or_default()
                            );
                            let id = batch.id;
                            return self
                                .journal_published(move |inner| {
                                    inner
                                        .store
                                        .accept_batch(job, id, task_id.as_deref(), &|url| {
                                            if urls.contains(url) {
                                                Verdict::Accept
                                            } else {
                                                Verdict::Unresolved(why.clone())
                                            }
                                        })
                                })
                                .await;
                        }
                        Found::Absent => {
                            let id = batch.id;
                            self.journal(move |inner| inner.store.back_to_pending(job, id))
                                .await?;
                            batch.state = BatchState::Pending;
                        }
                    }
                }
                let Ok(slot) = self.permits.acquire().await else {
                    return Err(Error::Internal("the send queue was closed".into()));
                };
                if self.stop.load(Ordering::SeqCst) {
                    return Ok(());
                }
                if batch.attempts >= self.inner.options.reconcile.max_sends {
                    return Err(Error::Network {
                        message: format!(
                            "a batch was sent {} times without a clear answer from the vendor",
                            batch.attempts
                        ),
                        maybe_delivered: true,
                    });
                }
                let id = batch.id;
                batch.sent_at = Some(
                    self.journal(move |inner| inner.store.begin_send(job, id))
                        .await?,
                );
                batch.attempts += 1;
                batch.state = BatchState::Sending;
                let request = SubmitRequest {
                    action: self.job.action,
                    urls: batch.urls.iter().map(|(_, url)| url.clone()).collect(),
                    start_at: self.job.start_at,
                };
                let answer = call::submit(
                    self.provider.as_ref(),
                    self.inner.options.retry,
                    &self.pacer,
                    &request,
                )
                .await;
                drop(slot);
                let error = match answer {
                    Ok(receipt) => {
                        let rejected: HashMap<String, String> = receipt
                            .rejected
                            .into_iter()
                            .map(|r| (r.url, r.reason))
                            .collect();
                        return self
                            .journal_published(move |inner| {
                                inner
                                    .store
                                    .accept_batch(job, id, Some(&receipt.task_id), &|url| {
                                        match rejected.get(url) {
                                            Some(reason) => Verdict::Fail(reason.clone()),
                                            None => Verdict::Accept,
                                        }
                                    })
                            })
                            .await;
                    }
                    Err(e) => e,
                };
                match classify_submit(&error) {
                    SubmitFailure::Refused if batch.urls.len() > 1 => {
                        return self.split(batch).await
                    }
                    SubmitFailure::Refused => {
                        let why = refusal(&error);
                        return self
                            .journal_published(move |inner| inner.store.fail_batch(job, id, &why))
                            .await;
                    }
                    SubmitFailure::Unknown => {
                        let why = format!(
                            "no clear answer to the submit ({error}); checking with the vendor"
                        );
                        self.journal_published(move |inner| {
                            inner.store.mark_uncertain(job, id, &why)
                        })
                        .await?;
                        batch.state = BatchState::Uncertain;
                        tokio::time::sleep(self.inner.options.reconcile.delay).await;
                    }
                    SubmitFailure::NotDelivered | SubmitFailure::Stop => {
                        self.journal(move |inner| inner.store.back_to_pending(job, id))
                            .await?;
                        return Err(error);
                    }
                }
            }
        }
        .boxed()
    }

    /// Sends the two halves of a refused batch, so the URLs the vendor takes get through.
    async fn split(&self, batch: BatchRow) -> Result<()> {
        let (job, id) = (self.job.id, batch.id);
        let children = self
            .journal(move |inner| inner.store.split_batch(job, id))
            .await?;
        let half = batch.urls.len().div_ceil(2);
        for (id, urls) in children.into_iter().zip(batch.urls.chunks(half)) {
            let child = BatchRow {
                id,
                state: BatchState::Pending,
                task_id: None,
                sent_at: None,
                attempts: 0,
                urls: urls.to_vec(),
            };
            self.deliver(child).await?;
        }
        Ok(())
    }
}
