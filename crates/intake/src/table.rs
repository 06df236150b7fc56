//! CSV and spreadsheet rows, and which column holds the URLs.

use crate::limits::{MAX_CELLS, MAX_COLUMNS, MAX_LINES, MAX_UNPACKED_BYTES};
use crate::source::{Origin, Source, SourceLine, UrlColumn};
use crate::IntakeError;

use calamine::{open_workbook_auto_from_rs, Data, Reader, Sheets};
use std::collections::BTreeMap;
use std::io::Cursor;

pub(crate) struct Row {
    number: u32,
    cells: Vec<String>,
}

/// Header names (compared without case, spaces, `_` or `-`) that mark the URL column.
const URL_HEADERS: &[&str] = &[
    "url",
    "urls",
    "uri",
    "link",
    "links",
    "href",
    "address",
    "webaddress",
    "网址",
    "链接",
    "地址",
    "url地址",
    "链接地址",
    "网页地址",
    "网页链接",
    "文件地址",
    "资源地址",
    "刷新地址",
    "预热地址",
    "刷新url",
    "预热url",
];

pub(crate) fn csv_rows(text: &str, delimiter: u8) -> Result<Vec<Row>, IntakeError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    // The csv crate's line numbers go wrong after `\r\n` and skipped empty lines, and its
    // record offset can point at the terminators before a record: count lines here, from
    // the first byte of each record (no record starts with a line break).
    let mut counted: (usize, u32) = (0, 1);
    reader
        .records()
        .enumerate()
        .map(|(i, record)| {
            if i >= MAX_LINES {
                return Err(IntakeError::TooLarge {
                    what: "lines",
                    limit: MAX_LINES as u64,
                });
            }
            let record = record.map_err(|e| IntakeError::Csv(e.to_string()))?;
            let start = record
                .position()
                .and_then(|p| usize::try_from(p.byte()).ok())
                .unwrap_or(counted.0)
                .clamp(counted.0, text.len());
            let start = text.as_bytes()[start..]
                .iter()
                .position(|b| !matches!(b, b'\r' | b'\n'))
                .map_or(text.len(), |skip| start + skip);
            let (from, line) = counted;
            counted = (
                start,
                line.saturating_add(line_breaks(text.as_bytes(), from, start)),
            );
            Ok(Row {
                number: counted.1,
                cells: record.iter().map(str::to_owned).collect(),
            })
        })
        .collect()
}

/// Breaks in `bytes[from..to]` as [`crate::text::lines`] counts them: `\r\n`, `\n` and a
/// lone `\r` are one each.
fn line_breaks(bytes: &[u8], from: usize, to: usize) -> u32 {
    let mut breaks = 0u32;
    for i in from..to {
        let crlf_tail = bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\r';
        if matches!(bytes[i], b'\n' | b'\r') && !crlf_tail {
            breaks = breaks.saturating_add(1);
        }
    }
    breaks
}

/// The first worksheet of an .xlsx / .xlsm / .xlsb / .xls / .ods file, with the row numbers
/// Excel shows. Cells are read one by one where the format allows (.xlsx, .xlsb), so a sheet
/// that declares cells at A1 and XFD1048576 costs two cells, not a grid of 1.7e10.
pub(crate) fn sheet_rows(bytes: &[u8]) -> Result<Vec<Row>, IntakeError> {
    check_unpacked_size(bytes)?;
    // calamine can panic on a hostile file (found by fuzzing: a cell reference with a long
    // column name overflows its arithmetic); a file that breaks the reader is unreadable, not
    // a crash. Nothing escapes the closure but its result.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_sheet(bytes))).unwrap_or_else(
        |_| {
            Err(IntakeError::Spreadsheet(
                "the spreadsheet reader failed on this file".into(),
            ))
        },
    )
}

fn read_sheet(bytes: &[u8]) -> Result<Vec<Row>, IntakeError> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(spreadsheet)?;
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(IntakeError::NoSheet)?;
    let mut cells = SparseCells::default();
    match &mut workbook {
        Sheets::Xlsx(book) => {
            let mut reader = book.worksheet_cells_reader(&name).map_err(spreadsheet)?;
            while let Some(cell) = reader.next_cell().map_err(spreadsheet)? {
                cells.add(cell.get_position(), Data::from(cell.get_value().clone()))?;
            }
        }
        Sheets::Xlsb(book) => {
            let mut reader = book.worksheet_cells_reader(&name).map_err(spreadsheet)?;
            while let Some(cell) = reader.next_cell().map_err(spreadsheet)? {
                cells.add(cell.get_position(), Data::from(cell.get_value().clone()))?;
            }
        }
        // Older formats bound their own grids (.xls: 65,536 x 256).
        other => {
            let range = other.worksheet_range(&name).map_err(spreadsheet)?;
            for (row, col, value) in range.used_cells() {
                let (row, col) = (u32::try_from(row), u32::try_from(col));
                if let (Ok(row), Ok(col)) = (row, col) {
                    cells.add((row, col), value.clone())?;
                }
            }
        }
    }
    Ok(cells.into_rows())
}

fn spreadsheet(e: impl std::fmt::Display) -> IntakeError {
    IntakeError::Spreadsheet(e.to_string())
}

/// Refuses a workbook whose parts declare more unpacked bytes than a URL list needs (a zip
/// bomb), before anything is unpacked. Not a zip (.xls): nothing to check.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), IntakeError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(spreadsheet)?;
        total = total.saturating_add(part.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(IntakeError::TooLarge {
            what: "bytes",
            limit: MAX_UNPACKED_BYTES,
        });
    }
    Ok(())
}

/// The non-empty cells of a sheet by row, within the columns a URL list uses.
#[derive(Default)]
struct SparseCells {
    rows: BTreeMap<u32, Vec<(u32, String)>>,
    count: usize,
}

impl SparseCells {
    fn add(&mut self, (row, col): (u32, u32), value: Data) -> Result<(), IntakeError> {
        if col >= MAX_COLUMNS || matches!(value, Data::Empty) {
            return Ok(());
        }
        self.count += 1;
        if self.count > MAX_CELLS {
            return Err(IntakeError::TooLarge {
                what: "cells",
                limit: MAX_CELLS as u64,
            });
        }
        if !self.rows.contains_key(&row) && self.rows.len() >= MAX_LINES {
            return Err(IntakeError::TooLarge {
                what: "lines",
                limit: MAX_LINES as u64,
            });
        }
        let text = crate::limits::cut_line(&value.to_string()).into_owned();
        self.rows.entry(row).or_default().push((col, text));
        Ok(())
    }

    fn into_rows(self) -> Vec<Row> {
        self.rows
            .into_iter()
            .map(|(row, cells)| {
                let width = cells
                    .iter()
                    .map(|(col, _)| *col as usize + 1)
                    .max()
                    .unwrap_or(0);
                let mut dense = vec![String::new(); width];
                for (col, text) in cells {
                    dense[col as usize] = text;
                }
                Row {
                    number: row.saturating_add(1),
                    cells: dense,
                }
            })
            .collect()
    }
}

/// The URL column is the one whose header names it; else the first column whose first data
/// cell looks like a URL (the first row is then a header only if it holds no URL); else the
/// first column, every row read.
pub(crate) fn pick_column(rows: Vec<Row>, origin: Option<Origin>) -> Source {
    let (index, has_header) = choose(&rows);
    let header = has_header.then(|| &rows[0]);
    let column = UrlColumn {
        index: u32::try_from(index).unwrap_or(u32::MAX),
        letter: column_letter(index),
        header_row: header.map(|row| row.number),
        header: header.and_then(|row| row.cells.get(index).cloned()),
    };
    let lines = rows
        .into_iter()
        .skip(usize::from(has_header))
        .map(|mut row| SourceLine {
            number: row.number,
            text: if index < row.cells.len() {
                crate::limits::cut_line(&row.cells.swap_remove(index)).into_owned()
            } else {
                String::new()
            },
            origin: origin.clone(),
        })
        .collect();
    Source {
        lines,
        column: Some(column),
    }
}

fn choose(rows: &[Row]) -> (usize, bool) {
    let Some(first) = rows.first() else {
        return (0, false);
    };
    if let Some(i) = first.cells.iter().position(|c| is_url_header(c)) {
        return (i, true);
    }
    if let Some(i) = first.cells.iter().position(|c| looks_like_url(c)) {
        return (i, false);
    }
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let first_data_cell = |col: usize| {
        rows[1..]
            .iter()
            .filter_map(|r| r.cells.get(col))
            .find(|c| !c.trim().is_empty())
    };
    match (0..width).find(|&col| first_data_cell(col).is_some_and(|c| looks_like_url(c))) {
        Some(col) => (col, true),
        None => (0, false),
    }
}

fn is_url_header(cell: &str) -> bool {
    let name: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect();
    URL_HEADERS.contains(&name.as_str())
}

fn looks_like_url(cell: &str) -> bool {
    let cell = cell.trim_start().as_bytes();
    let starts_with = |prefix: &[u8]| {
        cell.len() >= prefix.len() && cell[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    starts_with(b"http://") || starts_with(b"https://")
}

fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::line_number;

    fn rows(table: &[&[&str]]) -> Vec<Row> {
        table
            .iter()
            .enumerate()
            .map(|(i, cells)| Row {
                number: line_number(i),
                cells: cells.iter().map(|c| c.to_string()).collect(),
            })
            .collect()
    }

    #[test]
    fn header_by_name_in_either_language() {
        assert_eq!(choose(&rows(&[&["序号", "链接"], &["1", "x"]])), (1, true));
        assert_eq!(choose(&rows(&[&["id", " URL "], &["1", "x"]])), (1, true));
        assert_eq!(choose(&rows(&[&["Web-Address"]])), (0, true));
    }

    #[test]
    fn no_header_when_the_first_row_holds_a_url() {
        assert_eq!(
            choose(&rows(&[&["1", "https://a.com/x"], &["2", "b"]])),
            (1, false)
        );
    }

    #[test]
    fn unnamed_header_above_url_data() {
        assert_eq!(
            choose(&rows(&[&["编号", "要刷的"], &["1", "HTTPS://a.com/"]])),
            (1, true)
        );
    }

    #[test]
    fn nothing_url_like_reads_every_row_of_the_first_column() {
        assert_eq!(choose(&rows(&[&["a", "b"], &["c", "d"]])), (0, false));
        assert_eq!(choose(&[]), (0, false));
    }

    #[test]
    fn short_rows_give_blank_lines() {
        let src = pick_column(
            rows(&[&["id", "url"], &["1"], &["2", "https://a.com/"]]),
            None,
        );
        let texts: Vec<&str> = src.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["", "https://a.com/"]);
        let column = src.column.unwrap();
        assert_eq!((column.letter.as_str(), column.header_row), ("B", Some(1)));
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
