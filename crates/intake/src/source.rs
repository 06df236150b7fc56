//! What was dropped or pasted, as numbered lines: format detection and the public entry.

use crate::limits::{cut_line, MAX_INPUT_BYTES, MAX_LINES};
use crate::{table, text, IntakeError};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The name of the file a line came from, shared by all its lines.
pub type Origin = Arc<str>;

/// One line of input (a text line, or the URL cell of a CSV / spreadsheet row), untouched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLine {
    /// 1-based: the line in a text or CSV file, the row number Excel shows in a spreadsheet.
    pub number: u32,
    pub text: String,
    /// The file the line came from; `None` for pasted text and stdin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// The lines of one input, and for a table which column was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub lines: Vec<SourceLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<UrlColumn>,
}

/// The column of a CSV file or spreadsheet the URLs were read from, shown to the editor so
/// a wrong guess (and a skipped header row) is visible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlColumn {
    /// 0-based column index.
    pub index: u32,
    /// The column as a spreadsheet names it: `A`, `B`, … `AA`.
    pub letter: String,
    /// The header row that was skipped, and its text in this column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Delimited(u8),
    Spreadsheet,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads dropped or pasted bytes. The format comes from the content (zip / OLE spreadsheets)
/// and the file name's extension (`.csv`, `.tsv`, `.xlsx`, `.xls`, …); anything else is text.
pub fn read_source(bytes: &[u8], file_name: Option<&str>) -> Result<Source, IntakeError> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(IntakeError::TooLarge {
            what: "bytes",
            limit: MAX_INPUT_BYTES,
        });
    }
    let origin = file_name.map(Origin::from);
    match detect(bytes, file_name)? {
        Format::Text => {
            let text = text::decode(bytes)?;
            let lines = text::lines(&text)
                .enumerate()
                .map(|(i, line)| {
                    if i >= MAX_LINES {
                        return Err(IntakeError::TooLarge {
                            what: "lines",
                            limit: MAX_LINES as u64,
                        });
                    }
                    Ok(SourceLine {
                        number: line_number(i),
                        text: cut_line(line).into_owned(),
                        origin: origin.clone(),
                    })
                })
                .collect::<Result<_, _>>()?;
            Ok(Source {
                lines,
                column: None,
            })
        }
        Format::Delimited(delimiter) => {
            let text = text::decode(bytes)?;
            Ok(table::pick_column(
                table::csv_rows(&text, delimiter)?,
                origin,
            ))
        }
        Format::Spreadsheet => Ok(table::pick_column(table::sheet_rows(bytes)?, origin)),
    }
}

fn detect(bytes: &[u8], file_name: Option<&str>) -> Result<Format, IntakeError> {
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC) {
        return Ok(Format::Spreadsheet);
    }
    let extension = file_name
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("csv") => Ok(Format::Delimited(b',')),
        Some("tsv") => Ok(Format::Delimited(b'\t')),
        Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods") => Err(IntakeError::NotASpreadsheet),
        _ => Ok(Format::Text),
    }
}

pub(crate) fn line_number(index: usize) -> u32 {
    u32::try_from(index).map_or(u32::MAX, |i| i.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_are_numbered_with_blank_lines_kept() {
        let src = read_source(b"\xEF\xBB\xBFa\r\n\r\n# c\rb\n", Some("list.txt")).unwrap();
        let got: Vec<(u32, &str)> = src
            .lines
            .iter()
            .map(|l| (l.number, l.text.as_str()))
            .collect();
        assert_eq!(got, [(1, "a"), (2, ""), (3, "# c"), (4, "b")]);
        assert!(src
            .lines
            .iter()
            .all(|l| l.origin.as_deref() == Some("list.txt")));
        assert_eq!(src.column, None);
    }

    #[test]
    fn format_by_magic_then_extension() {
        assert_eq!(
            detect(b"PK\x03\x04rest", Some("a.txt")),
            Ok(Format::Spreadsheet)
        );
        assert_eq!(detect(b"a,b", Some("A.CSV")), Ok(Format::Delimited(b',')));
        assert_eq!(detect(b"a\tb", Some("a.tsv")), Ok(Format::Delimited(b'\t')));
        assert_eq!(detect(b"a,b", None), Ok(Format::Text));
        assert_eq!(
            detect(b"<html>", Some("export.xls")),
            Err(IntakeError::NotASpreadsheet)
        );
    }
}
