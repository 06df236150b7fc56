use serde::{Deserialize, Serialize};

/// A URL's state at the vendor, normalised across vendors. The raw word is kept beside it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordStatus {
    Waiting,
    Running,
    Completed,
    Failed,
    Unknown,
}

impl RecordStatus {
    /// Reads any vendor's status word: `in-progress`, `in-process` (Baidu seed typo),
    /// `processing` (Baishan), any capitalisation. Words nobody documented become `Unknown`.
    pub fn from_vendor(raw: &str) -> RecordStatus {
        match raw.trim().to_ascii_lowercase().as_str() {
            "waiting" | "pending" | "queued" => RecordStatus::Waiting,
            "in-progress" | "in-process" | "in_progress" | "processing" | "running" => {
                RecordStatus::Running
            }
            "completed" | "complete" | "success" | "succeeded" | "done" => RecordStatus::Completed,
            "failed" | "failure" | "fail" | "error" => RecordStatus::Failed,
            _ => RecordStatus::Unknown,
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, RecordStatus::Completed | RecordStatus::Failed)
    }

    pub fn slug(self) -> &'static str {
        match self {
            RecordStatus::Waiting => "waiting",
            RecordStatus::Running => "running",
            RecordStatus::Completed => "completed",
            RecordStatus::Failed => "failed",
            RecordStatus::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RecordStatus::{self, *};

    #[test]
    fn every_documented_word_and_quirk() {
        let cases = [
            ("waiting", Waiting),
            ("in-progress", Running),
            ("in-process", Running),
            ("processing", Running),
            ("completed", Completed),
            ("Completed", Completed),
            ("FAILED", Failed),
            ("Failed", Failed),
            (" completed ", Completed),
            ("exploded", Unknown),
            ("", Unknown),
        ];
        for (raw, want) in cases {
            assert_eq!(RecordStatus::from_vendor(raw), want, "{raw:?}");
        }
        assert!(Completed.is_terminal() && Failed.is_terminal());
        assert!(!Running.is_terminal() && !Unknown.is_terminal());
    }
}
