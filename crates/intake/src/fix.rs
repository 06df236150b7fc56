use crate::{Report, SourceLine};
use std::collections::HashMap;

/// The lines with every one-step fix of `report` applied (the UI's "fix all", the CLI's
/// `--fix`); check them again to get the new report. Other lines are returned unchanged.
pub fn apply_fixes(lines: &[SourceLine], report: &Report) -> Vec<SourceLine> {
    let fixes: HashMap<(u32, Option<&str>), &str> = report
        .rejected
        .iter()
        .filter_map(|r| Some(((r.line, r.origin.as_deref()), r.fix.as_deref()?)))
        .collect();
    lines
        .iter()
        .map(
            |line| match fixes.get(&(line.number, line.origin.as_deref())) {
                Some(fixed) => SourceLine {
                    text: (*fixed).to_owned(),
                    ..line.clone()
                },
                None => line.clone(),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, Rules};
    use cachedesk_core::Action;

    #[test]
    fn fix_all_then_check_again_accepts_everything() {
        let line = |number: u32, text: &str, origin: &str| SourceLine {
            number,
            text: text.into(),
            origin: Some(origin.into()),
        };
        let lines = vec![
            line(1, "https://a.com/img", "a.txt"),
            line(1, "https://a.com/css/", "b.txt"),
            line(2, "https://a.com/js", "b.txt"),
        ];
        let rules = Rules::new(Action::PurgeDirectories);
        let fixed = apply_fixes(&lines, &check(&lines, &rules));
        assert_eq!(fixed[0].text, "https://a.com/img/");
        assert_eq!(fixed[1], lines[1]);
        assert_eq!(fixed[2].text, "https://a.com/js/");
        let again = check(&fixed, &rules);
        assert_eq!(again.accepted.len(), 3);
        assert!(again.rejected.is_empty());
    }
}
