use serde::{Deserialize, Serialize};

/// A URL's state at the vendor, normalised across vendors. The raw word is kept beside it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    Waiting,
    Running,
    Completed,
    Failed,
    Unknown,
}

impl TaskStatus {
    /// Reads any vendor's status word: `in-progress`, `in-process` (Baidu seed typo),
    /// `processing` (Baishan), any capitalisation. Words nobody documented become `Unknown`.
    pub fn from_vendor(raw: &str) -> TaskStatus {
        match raw.trim().to_ascii_lowercase().as_str() {
            "waiting" | "pending" | "queued" => TaskStatus::Waiting,
            "in-progress" | "in-process" | "in_progress" | "processing" | "running" => {
                TaskStatus::Running
            }
            "completed" | "complete" | "success" | "succeeded" | "done" => TaskStatus::Completed,
            "failed" | "failure" | "fail" | "error" => TaskStatus::Failed,
            _ => TaskStatus::Unknown,
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, TaskStatus::Completed | TaskStatus::Failed)
    }

    pub fn slug(self) -> &'static str {
        match self {
            TaskStatus::Waiting => "waiting",
            TaskStatus::Running => "running",
            TaskStatus::Completed => "completed",
            TaskStatus::Failed => "failed",
            TaskStatus::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TaskStatus::{self, *};

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
            assert_eq!(TaskStatus::from_vendor(raw), want, "{raw:?}");
        }
        assert!(Completed.is_terminal() && Failed.is_terminal());
        assert!(!Running.is_terminal() && !Unknown.is_terminal());
    }
}
