//! One batch from pending (or uncertain) to held by the vendor, split, or failed.

use super::call::{self, classify_submit, SubmitFailure};
use super::reconcile::Found;
use super::Run;
use crate::reason::{UrlReason, Why};
use crate::state::BatchState;
use crate::store::{BatchRow, Verdict};
use cachedesk_core::{Error, Result};
use cachedesk_vendors::{SubmitReceipt, SubmitRequest};
use futures::future::BoxFuture;
use futures::FutureExt;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;

/// The vendor's words for a refusal, kept on the URLs it concerns.
fn refusal(e: &Error) -> String {
    match e {
        Error::Vendor { code, message, .. } | Error::UrlsRefused { code, message, .. }
            if !message.is_empty() =>
        {
            format!("{message} ({code})")
        }
        Error::Vendor { code, .. } | Error::UrlsRefused { code, .. } => code.clone(),
        other => other.to_string(),
    }
}

/// The vendor's code of a refusal, to tell whether two refusals are the same.
fn refusal_code(e: &Error) -> Option<&str> {
    match e {
        Error::UrlsRefused { code, .. } => Some(code),
        _ => None,
    }
}

/// How sending a batch ended.
enum Delivery {
    /// The vendor holds it, or the job is stopping (the batch then waits for `resume`).
    Done,
    /// The vendor refused URLs of it: the batch is still `sending`, for `isolate` to split.
    Refused(Error),
}

impl Run {
    /// Drives one batch until the vendor holds every URL it takes and the refused ones are
    /// failed with the vendor's reason, or the job must stop.
    pub(super) fn deliver(&self, batch: BatchRow) -> BoxFuture<'_, Result<()>> {
        async move {
            match self.send(batch.clone()).await? {
                Delivery::Done => Ok(()),
                Delivery::Refused(e) => self.isolate(batch, e).await,
            }
        }
        .boxed()
    }

    /// Sends (or reconciles) one batch until the vendor answers it.
    async fn send(&self, mut batch: BatchRow) -> Result<Delivery> {
        // Sends before this run (a resume is a new decision, with its own tries).
        let earlier = batch.attempts;
        loop {
            if batch.state == BatchState::Uncertain {
                if let Some(done) = self.settle_uncertain(&mut batch).await? {
                    return Ok(done);
                }
            }
            if self.stop.load(Ordering::SeqCst) {
                return Ok(Delivery::Done);
            }
            // Journaled before its turn: the durable step then does not hold up the request
            // when a send slot frees.
            self.journal_send(&mut batch, earlier).await?;
            let Ok(slot) = self.permits.acquire().await else {
                return Err(Error::Internal("the send queue was closed".into()));
            };
            if self.stop.load(Ordering::SeqCst) {
                let (job, id) = (self.job.id, batch.id);
                self.journal(move |inner| inner.store.back_to_pending(job, id))
                    .await?;
                return Ok(Delivery::Done);
            }
            let answer = call::submit(&self.provider, &self.request(&batch)).await;
            if let Err(e) = &answer {
                // An answer that ends the job stops it before the slot goes to a batch that
                // would be refused alike.
                if matches!(
                    classify_submit(e),
                    SubmitFailure::Stop | SubmitFailure::NotDelivered
                ) {
                    self.stop.store(true, Ordering::SeqCst);
                }
            }
            drop(slot);
            match answer {
                Ok(receipt) => {
                    self.journal_receipt(batch.id, receipt).await?;
                    return Ok(Delivery::Done);
                }
                Err(error) => {
                    if let Some(done) = self.after_failed_send(&mut batch, error).await? {
                        return Ok(done);
                    }
                }
            }
        }
    }

    /// Asks the vendor about a batch whose answer was lost and journals what it found: done
    /// when the vendor holds it or cannot tell (`Some`); pending again when it holds nothing.
    async fn settle_uncertain(&self, batch: &mut BatchRow) -> Result<Option<Delivery>> {
        let (job, id) = (self.job.id, batch.id);
        let found = self.reconcile(batch).await?;
        tracing::info!(%job, batch = id, found = found.name(), "batch reconciled");
        match found {
            Found::Held { task_id, urls } => self.accept_found(batch, task_id, urls).await?,
            Found::Unresolved(why) => {
                let unresolved = move |_: &str| Verdict::Unresolved(why.clone());
                self.journal_published(move |inner| {
                    inner.store.accept_batch(job, id, None, Some(&unresolved))
                })
                .await?;
            }
            Found::Absent => {
                self.journal(move |inner| inner.store.back_to_pending(job, id))
                    .await?;
                batch.state = BatchState::Pending;
                return Ok(None);
            }
        }
        Ok(Some(Delivery::Done))
    }

    /// Journals the batch as on the wire (durably, before its request leaves), unless it was
    /// sent as often as one run allows without a clear answer.
    async fn journal_send(&self, batch: &mut BatchRow, earlier: u32) -> Result<()> {
        let tries = batch.attempts - earlier;
        if tries >= self.inner.options.reconcile.max_sends {
            return Err(Error::Network {
                message: format!(
                    "a batch was sent {tries} times without a clear answer from the vendor"
                ),
                maybe_delivered: true,
            });
        }
        let (job, id) = (self.job.id, batch.id);
        batch.sent_at = Some(
            self.journal(move |inner| inner.store.begin_send(job, id))
                .await?,
        );
        batch.attempts += 1;
        batch.state = BatchState::Sending;
        tracing::debug!(%job, batch = id, urls = batch.urls.len(), try_no = tries + 1, "batch sent");
        Ok(())
    }

    fn request(&self, batch: &BatchRow) -> SubmitRequest {
        SubmitRequest {
            action: self.job.action,
            urls: batch.urls.iter().map(|(_, url)| url.clone()).collect(),
            start_at: self.job.start_at,
        }
    }

    /// Journals the vendor's receipt: it holds the batch; the URLs it refused fail with its
    /// reason.
    async fn journal_receipt(&self, id: i64, receipt: SubmitReceipt) -> Result<()> {
        let job = self.job.id;
        tracing::info!(%job, batch = id, task = %receipt.task_id, refused = receipt.rejected.len(), "batch accepted");
        let refused: HashMap<String, String> = receipt
            .rejected
            .into_iter()
            .map(|r| (r.url, r.reason))
            .collect();
        let task_id = receipt.task_id;
        // The common answer refuses nothing: every URL is then accepted without being read back.
        let judged = !refused.is_empty();
        let verdict = move |url: &str| match refused.get(url) {
            Some(reason) => Verdict::Fail(reason.clone()),
            None => Verdict::Accept,
        };
        self.journal_published(move |inner| {
            let verdict = judged.then_some(&verdict as &dyn Fn(&str) -> Verdict);
            inner.store.accept_batch(job, id, Some(&task_id), verdict)
        })
        .await
    }

    /// Journals a send the vendor did not accept. `Some`: its refusal names URLs of the batch
    /// (for `isolate`); `None`: the answer was lost, the batch is uncertain and is reconciled
    /// next. An error stops the job, the batch pending again.
    async fn after_failed_send(
        &self,
        batch: &mut BatchRow,
        error: Error,
    ) -> Result<Option<Delivery>> {
        let (job, id) = (self.job.id, batch.id);
        tracing::warn!(%job, batch = id, code = ?error.code(), error = %error, "batch not accepted");
        match classify_submit(&error) {
            SubmitFailure::Refused => Ok(Some(Delivery::Refused(error))),
            SubmitFailure::Unknown => {
                let why =
                    format!("no clear answer to the submit ({error}); checking with the vendor");
                self.journal_published(move |inner| inner.store.mark_uncertain(job, id, &why))
                    .await?;
                batch.state = BatchState::Uncertain;
                tokio::time::sleep(self.inner.options.reconcile.delay).await;
                Ok(None)
            }
            SubmitFailure::NotDelivered | SubmitFailure::Stop => {
                self.journal(move |inner| inner.store.back_to_pending(job, id))
                    .await?;
                Err(error)
            }
        }
    }

    /// Journals what reconciliation found the vendor holds of a batch whose answer was lost.
    async fn accept_found(
        &self,
        batch: &BatchRow,
        task_id: Option<String>,
        urls: HashSet<String>,
    ) -> Result<()> {
        let why = Why::new(
            UrlReason::NotInVendorRecords,
            format!(
                "the vendor has no record of this URL after the lost answer{}",
                task_id
                    .as_deref()
                    .map(|t| format!(" (task {t} holds the rest of its batch)"))
                    .unwrap_or_default()
            ),
        );
        let (job, id) = (self.job.id, batch.id);
        let verdict = move |url: &str| {
            if urls.contains(url) {
                Verdict::Accept
            } else {
                Verdict::Unresolved(why.clone())
            }
        };
        self.journal_published(move |inner| {
            inner
                .store
                .accept_batch(job, id, task_id.as_deref(), Some(&verdict))
        })
        .await
    }

    /// Finds the URLs the vendor refuses in a refused batch (still `sending`): the URLs the
    /// refusal names fail and the rest is sent again; otherwise the batch is sent in halves.
    /// When both halves are refused alike, the refusal is about the request, not some URLs:
    /// the job stops with it instead of spending a request per URL.
    fn isolate(&self, batch: BatchRow, error: Error) -> BoxFuture<'_, Result<()>> {
        async move {
            let job = self.job.id;
            let named: HashSet<&str> = match &error {
                Error::UrlsRefused { urls, .. } => urls.iter().map(String::as_str).collect(),
                _ => HashSet::new(),
            };
            let (bad, rest): (Vec<_>, Vec<_>) = batch
                .urls
                .iter()
                .cloned()
                .partition(|(_, url)| named.contains(url.as_str()));
            if batch.urls.len() == 1 || (!bad.is_empty() && rest.is_empty()) {
                let (id, why) = (batch.id, refusal(&error));
                return self
                    .journal_published(move |inner| inner.store.fail_batch(job, id, &why))
                    .await;
            }
            let parts = if bad.is_empty() {
                let half = batch.urls.len().div_ceil(2);
                let (first, second) = batch.urls.split_at(half);
                (first.to_vec(), second.to_vec())
            } else {
                (bad, rest)
            };
            let by_name = !named.is_empty();
            let [a, b] = self.split(&batch, [&parts.0, &parts.1]).await?;
            let a = BatchRow { urls: parts.0, ..a };
            let b = BatchRow { urls: parts.1, ..b };
            if by_name {
                // The named URLs fail with the vendor's reason; the others go again.
                let (id, why) = (a.id, refusal(&error));
                self.journal(move |inner| {
                    inner.store.begin_send(job, id)?;
                    inner.store.fail_batch(job, id, &why)
                })
                .await?;
                return self.deliver(b).await;
            }
            let first = self.send(a.clone()).await?;
            let second = self.send(b.clone()).await?;
            match (first, second) {
                (Delivery::Refused(ea), Delivery::Refused(eb))
                    if refusal_code(&ea).is_some() && refusal_code(&ea) == refusal_code(&eb) =>
                {
                    let (ida, idb) = (a.id, b.id);
                    self.journal(move |inner| {
                        inner.store.back_to_pending(job, ida)?;
                        inner.store.back_to_pending(job, idb)
                    })
                    .await?;
                    Err(ea)
                }
                (first, second) => {
                    for (half, outcome) in [(a, first), (b, second)] {
                        if let Delivery::Refused(e) = outcome {
                            self.isolate(half, e).await?;
                        }
                    }
                    Ok(())
                }
            }
        }
        .boxed()
    }

    /// Journals the split of a refused batch into two pending batches of `parts`.
    async fn split(&self, batch: &BatchRow, parts: [&[(i64, String)]; 2]) -> Result<[BatchRow; 2]> {
        let (job, id) = (self.job.id, batch.id);
        let ids: [Vec<i64>; 2] = parts.map(|p| p.iter().map(|(id, _)| *id).collect());
        let children = self
            .journal(move |inner| inner.store.split_batch(job, id, [&ids[0], &ids[1]]))
            .await?;
        Ok(children.map(|id| BatchRow {
            id,
            state: BatchState::Pending,
            task_id: None,
            sent_at: None,
            attempts: 0,
            urls: Vec::new(),
        }))
    }
}
