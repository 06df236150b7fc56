//! A `tracing` writer that scrubs each whole event before it reaches its sink.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use tracing_subscriber::fmt::MakeWriter;

static HIDDEN: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Makes a secret known to the logs and crash reports: from now on it is masked wherever it
/// appears (the CLI's secrets from the environment, say). Empty values are ignored.
pub fn hide(secret: &str) {
    if secret.trim().is_empty() {
        return;
    }
    let mut hidden = HIDDEN.write().unwrap_or_else(PoisonError::into_inner);
    if !hidden.iter().any(|s| s == secret) {
        hidden.push(secret.to_owned());
    }
}

/// The text as the logs write it: [`hide`]'s secrets and every `token=` value masked
/// ([`cachedesk_core::redact::scrub`]).
pub fn scrub(text: &str) -> String {
    let hidden = HIDDEN.read().unwrap_or_else(PoisonError::into_inner);
    cachedesk_core::redact::scrub(text, hidden.iter().map(String::as_str))
}

type Sink = Arc<Mutex<Box<dyn Write + Send>>>;

/// Where the lines of one layer go, each scrubbed whole.
#[derive(Clone)]
pub(crate) struct Redacted {
    sink: Sink,
}

impl Redacted {
    pub fn new(sink: impl Write + Send + 'static) -> Redacted {
        Redacted {
            sink: Arc::new(Mutex::new(Box::new(sink))),
        }
    }
}

impl<'a> MakeWriter<'a> for Redacted {
    type Writer = Event;

    fn make_writer(&'a self) -> Event {
        Event {
            text: Vec::new(),
            sink: self.sink.clone(),
        }
    }
}

/// One event's text: gathered, then scrubbed and written whole when dropped, so a secret cut
/// across two writes is still found.
pub(crate) struct Event {
    text: Vec<u8>,
    sink: Sink,
}

impl Write for Event {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for Event {
    fn drop(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let line = scrub(&String::from_utf8_lossy(&self.text));
        let mut sink = self.sink.lock().unwrap_or_else(PoisonError::into_inner);
        // A log line that cannot be written is dropped: logging never stops the work.
        let _ = sink.write_all(line.as_bytes()).and_then(|()| sink.flush());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_secrets_and_tokens_are_masked() {
        hide("sk-fake-hidden-1");
        hide("");
        assert_eq!(
            scrub("key sk-fake-hidden-1 at /x?token=tok-fake-3&a=1"),
            "key *** at /x?token=***&a=1"
        );
    }
}
