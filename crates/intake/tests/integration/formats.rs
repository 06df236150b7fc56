//! Whole files through `read_source` and `check`: spreadsheets made here, CSV in several
//! encodings, damaged files.

use cachedesk_core::{Action, Lang};
use cachedesk_intake::{check, read_source, IntakeError, RejectReason, Rules, Source};
use rust_xlsxwriter::Workbook;

fn xlsx(sheets: &[&[&[&str]]]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    for rows in sheets {
        let sheet = workbook.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn numbered(source: &Source) -> Vec<(u32, &str)> {
    source
        .lines
        .iter()
        .map(|l| (l.number, l.text.as_str()))
        .collect()
}

#[test]
fn xlsx_first_sheet_url_column_by_header_with_excel_row_numbers() {
    let bytes = xlsx(&[
        &[
            &["序号", "链接", "备注"],
            &["1", "https://a.com/图片.png", "x"],
            &["2", "", ""],
            &["3", "https://a.com/b", ""],
        ],
        &[&["url"], &["https://other-sheet.com/"]],
    ]);
    let source = read_source(&bytes, Some("清单.xlsx")).unwrap();
    assert_eq!(
        numbered(&source),
        [
            (2, "https://a.com/图片.png"),
            (3, ""),
            (4, "https://a.com/b")
        ]
    );
    let column = source.column.clone().unwrap();
    assert_eq!(
        (
            column.letter.as_str(),
            column.header_row,
            column.header.as_deref()
        ),
        ("B", Some(1), Some("链接"))
    );
    assert_eq!(source.lines[0].origin.as_deref(), Some("清单.xlsx"));
    let report = check(&source.lines, &Rules::new(Action::PurgeFiles));
    assert_eq!(
        report.accepted[0].url,
        "https://a.com/%E5%9B%BE%E7%89%87.png"
    );
    assert_eq!(report.skipped_blank, 1);
}

#[test]
fn xlsx_starting_below_a1_keeps_sheet_row_numbers() {
    let bytes = xlsx(&[&[
        &[],
        &[],
        &["", "", "https://a.com/1"],
        &["", "", "not a url"],
    ]]);
    let source = read_source(&bytes, None).unwrap();
    assert_eq!(
        numbered(&source),
        [(3, "https://a.com/1"), (4, "not a url")]
    );
    assert_eq!(source.column.unwrap().letter, "C");
    let report = check(&source.lines, &Rules::new(Action::PurgeFiles));
    assert_eq!(report.rejected[0].line, 4);
    assert_eq!(report.rejected[0].reason, RejectReason::NotAUrl);
}

#[test]
fn damaged_spreadsheets_are_errors_not_panics() {
    let good = xlsx(&[&[&["url"], &["https://a.com/"]]]);
    for cut in [4, 30, good.len() / 2, good.len() - 1] {
        let err = read_source(&good[..cut], Some("a.xlsx")).unwrap_err();
        assert!(matches!(err, IntakeError::Spreadsheet(_)), "{cut}: {err:?}");
        assert!(err.message(Lang::ZhCn).contains("表格"));
    }
    let mut flipped = good.clone();
    for i in (0..flipped.len()).step_by(97) {
        flipped[i] ^= 0x5A;
    }
    let _ = read_source(&flipped, Some("a.xlsx"));
    assert_eq!(
        read_source(b"<html></html>", Some("export.XLS")).unwrap_err(),
        IntakeError::NotASpreadsheet
    );
}

#[test]
fn csv_header_by_name_quoted_cells_and_flexible_rows() {
    let csv = "id,URL,note\r\n1,\"https://a.com/a,b.png\",x\r\n2\r\n3,https://a.com/c,\"multi\nline\"\r\n4,https://a.com/d\r\n";
    let source = read_source(csv.as_bytes(), Some("list.csv")).unwrap();
    assert_eq!(
        numbered(&source),
        [
            (2, "https://a.com/a,b.png"),
            (3, ""),
            (4, "https://a.com/c"),
            (6, "https://a.com/d")
        ]
    );
}

#[test]
fn csv_line_numbers_with_lf_and_lone_cr() {
    let source = read_source(
        b"url\rhttps://a.com/1\r\rhttps://a.com/2\nhttps://a.com/3",
        Some("a.csv"),
    )
    .unwrap();
    assert_eq!(
        numbered(&source),
        [
            (2, "https://a.com/1"),
            (4, "https://a.com/2"),
            (5, "https://a.com/3")
        ]
    );
}

#[test]
fn csv_without_header_takes_the_url_column() {
    let source = read_source(b"x,https://a.com/1\ny,https://a.com/2\n", Some("a.csv")).unwrap();
    assert_eq!(
        numbered(&source),
        [(1, "https://a.com/1"), (2, "https://a.com/2")]
    );
    assert_eq!(source.column.unwrap().header_row, None);
}

#[test]
fn csv_in_gbk_and_utf16_with_bom() {
    // "链接\r\nhttps://a.com/新闻.png" in GBK.
    let mut gbk = b"\xC1\xB4\xBD\xD3\r\nhttps://a.com/".to_vec();
    gbk.extend_from_slice(b"\xD0\xC2\xCE\xC5.png\r\n");
    let source = read_source(&gbk, Some("gbk.csv")).unwrap();
    assert_eq!(numbered(&source), [(2, "https://a.com/新闻.png")]);
    assert_eq!(source.column.unwrap().header.as_deref(), Some("链接"));

    let text = "地址\tnote\r\nhttps://a.com/图\tx\r\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let source = read_source(&utf16, Some("excel-export.tsv")).unwrap();
    assert_eq!(numbered(&source), [(2, "https://a.com/图")]);
}

#[test]
fn utf8_bom_csv_header_still_recognised() {
    let source = read_source("\u{feff}url\nhttps://a.com/\n".as_bytes(), Some("a.csv")).unwrap();
    assert_eq!(numbered(&source), [(2, "https://a.com/")]);
}

#[test]
fn pasted_text_with_every_line_ending() {
    let text = "https://a.com/1\r\nhttps://a.com/2\rhttps://a.com/3\n\n# done\n";
    let source = read_source(text.as_bytes(), None).unwrap();
    let report = check(&source.lines, &Rules::new(Action::Prefetch));
    let lines: Vec<u32> = report.accepted.iter().map(|a| a.line).collect();
    assert_eq!(lines, [1, 2, 3]);
    assert_eq!((report.skipped_blank, report.skipped_comments), (1, 1));
}

#[test]
fn unreadable_text_is_an_error() {
    let err = read_source(&[0xFF, 0xFF, 0xFF, 0x00], Some("list.txt")).unwrap_err();
    assert_eq!(err, IntakeError::UnreadableText);
    let core: cachedesk_core::Error = err.into();
    assert_eq!(core.code(), cachedesk_core::ErrorCode::InvalidInput);
}
