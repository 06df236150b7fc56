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
            let store = &self.inner.store;
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
                            return store.accept_batch(job, batch.id, task_id.as_deref(), &|url| {
                                if urls.contains(url) {
                                    Verdict::Accept
                                } else {
                                    Verdict::Unresolved(why.clone())
                                }
                            });
                        }
                        Found::Absent => {
                            store.back_to_pending(job, batch.id)?;
                            batch.state = BatchState::Pending;
                        }
                    }
                }
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
                batch.sent_at = Some(store.begin_send(job, batch.id)?);
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
                let error = match answer {
                    Ok(receipt) => {
                        let rejected: HashMap<String, String> = receipt
                            .rejected
                            .into_iter()
                            .map(|r| (r.url, r.reason))
                            .collect();
                        return store.accept_batch(job, batch.id, Some(&receipt.task_id), &|url| {
                            match rejected.get(url) {
                                Some(reason) => Verdict::Fail(reason.clone()),
                                None => Verdict::Accept,
                            }
                        });
                    }
                    Err(e) => e,
                };
                match classify_submit(&error) {
                    SubmitFailure::Refused if batch.urls.len() > 1 => {
                        return self.split(batch).await
                    }
                    SubmitFailure::Refused => {
                        return store.fail_batch(job, batch.id, &refusal(&error))
                    }
                    SubmitFailure::Unknown => {
                        store.mark_uncertain(
                            job,
                            batch.id,
                            &format!(
                                "no clear answer to the submit ({error}); checking with the vendor"
                            ),
                        )?;
                        batch.state = BatchState::Uncertain;
                        self.inner.publish(job);
                        tokio::time::sleep(self.inner.options.reconcile.delay).await;
                    }
                    SubmitFailure::NotDelivered | SubmitFailure::Stop => {
                        store.back_to_pending(job, batch.id)?;
                        return Err(error);
                    }
                }
            }
        }
        .boxed()
    }

    /// Sends the two halves of a refused batch, so the URLs the vendor takes get through.
    async fn split(&self, batch: BatchRow) -> Result<()> {
        let children = self.inner.store.split_batch(self.job.id, batch.id)?;
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
