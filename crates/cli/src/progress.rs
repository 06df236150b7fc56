//! Progress of a running job: a bar on a terminal, a plain line now and then otherwise.

use crate::text::tr;
use cachedesk_core::Lang;
use cachedesk_engine::Counts;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Plain progress lines are at most this frequent.
const PLAIN_EVERY: Duration = Duration::from_secs(2);

pub struct Progress {
    lang: Lang,
    bar: Option<ProgressBar>,
    /// Print plain lines (no terminal, and stdout is not a JSON document).
    plain: bool,
    last_plain: Option<Instant>,
    /// The latest plain line, when it was held back by `PLAIN_EVERY`: `finish` prints it, so
    /// that the last line says where the job ended, not where it started.
    unsaid: Option<String>,
}

impl Progress {
    /// `quiet`: no plain lines (the command prints JSON); a terminal still gets its bar.
    pub fn new(lang: Lang, total: u64, quiet: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = terminal.then(|| {
            let bar = ProgressBar::new(total);
            let style = ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress {
            lang,
            bar,
            plain: !terminal && !quiet,
            last_plain: None,
            unsaid: None,
        }
    }

    /// Shows `counts`; `waiting` says whether the bar counts finished (or only sent) URLs.
    pub fn update(&mut self, counts: &Counts, waiting: bool) {
        let done = if waiting {
            counts.completed + counts.failed + counts.uncertain
        } else {
            counts.total() - counts.rejected - counts.pending - counts.sending
        };
        let total = counts.total() - counts.rejected;
        let message = self.summary(counts);
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
            bar.set_message(message);
        } else if self.plain {
            let line = format!("{done}/{total} {message}");
            if self.last_plain.is_none_or(|t| t.elapsed() >= PLAIN_EVERY) {
                self.last_plain = Some(Instant::now());
                self.unsaid = None;
                eprintln!("{line}");
            } else {
                self.unsaid = Some(line);
            }
        }
    }

    fn summary(&self, c: &Counts) -> String {
        let (sent, completed, failed) =
            (c.accepted + c.completed + c.failed, c.completed, c.failed);
        tr!(
            self.lang,
            "sent {sent}, completed {completed}, failed {failed}",
            "已提交 {sent}，成功 {completed}，失败 {failed}"
        )
    }

    pub fn finish(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if let Some(line) = self.unsaid.take() {
            eprintln!("{line}");
        }
    }
}
