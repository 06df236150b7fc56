//! The command's input (files, or standard input as `-` or when no file is given) handed to
//! the engine's input check.

use crate::failure::Failure;
use cachedesk_core::{said, Action, Error, Lang};
use cachedesk_engine::{Input, IntakeError, Preview, Profile, MAX_INPUT_BYTES};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Reads and checks the input; a file that cannot be read stops the command. Standard input
/// is numbered before the files.
pub fn check(
    files: &[PathBuf],
    profile: &Profile,
    action: Action,
    lang: Lang,
) -> Result<Preview, Failure> {
    let stdin = Path::new("-");
    let mut input = Input {
        files: files.iter().filter(|f| *f != stdin).cloned().collect(),
        ..Input::default()
    };
    if files.is_empty() || files.iter().any(|f| f == stdin) {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut input.text)
            .map_err(|e| {
                Failure::Core(Error::InvalidInput(said!(
                    "cannot read standard input ({e})",
                    "无法读取标准输入（{e}）"
                )))
            })?;
        if input.text.len() as u64 > MAX_INPUT_BYTES {
            let too_large = IntakeError::TooLarge {
                what: "bytes",
                limit: MAX_INPUT_BYTES,
            };
            return Err(Failure::Core(too_large.into()));
        }
    }
    let preview = cachedesk_engine::preview(&input, profile, action, None, lang);
    if let Some(file) = preview.unreadable().next() {
        return Err(Failure::Unreadable(file.message.clone()));
    }
    Ok(preview)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_an_input_error() {
        let profile = cachedesk_engine::testing::profile(1, &["a.test"], None);
        let files = [PathBuf::from("/nonexistent/urls.txt")];
        let e = check(&files, &profile, Action::PurgeFiles, Lang::ZhCn).unwrap_err();
        assert_eq!(e.exit(), crate::failure::Exit::Input);
        assert!(e.message(Lang::ZhCn).contains("无法读取文件"));
    }
}
