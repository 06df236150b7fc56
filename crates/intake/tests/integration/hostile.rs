//! Hostile input ends in a clear intake error or in rejected lines, never in a crash, a
//! frozen reader or an exhausted memory: each test is named after what it tries.

use cachedesk_intake::{read_source, IntakeError, MAX_LINES, MAX_LINE_CHARS};
use rust_xlsxwriter::Workbook;

fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, col, text) in cells {
        sheet.write_string(*row, *col, *text).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

#[test]
fn a_workbook_with_cells_at_a1_and_xfd1048576_reads_two_cells_not_a_grid() {
    // Read densely, the sheet's range is 16,384 x 1,048,576 cells: the process aborted.
    let bytes = workbook(&[
        (0, 0, "https://www.example.com/a.png"),
        (1_048_575, 16_383, "https://www.example.com/far.png"),
    ]);
    let source = read_source(&bytes, Some("urls.xlsx")).expect("read");
    let texts: Vec<&str> = source.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["https://www.example.com/a.png"]);
}

#[test]
fn a_zip_declaring_gigabytes_of_unpacked_parts_is_refused_before_unpacking() {
    let mut bytes = workbook(&[(0, 0, "https://www.example.com/a.png")]);
    // Each central directory entry says its part unpacks to 2 GB.
    let mut at = 0;
    while let Some(found) = bytes[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let entry = at + found;
        bytes[entry + 24..entry + 28].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
        at = entry + 4;
    }
    match read_source(&bytes, Some("bomb.xlsx")) {
        Err(IntakeError::TooLarge { what: "bytes", .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_100_mb_line_is_kept_cut_and_refused_as_too_long() {
    let mut text = String::from("https://www.example.com/");
    text.push_str(&"a".repeat(100 * 1024 * 1024));
    text.push_str("\nhttps://www.example.com/ok.png\n");
    let source = read_source(text.as_bytes(), None).expect("read");
    assert_eq!(source.lines.len(), 2);
    assert_eq!(source.lines[0].text.chars().count(), MAX_LINE_CHARS + 1);
    assert!(source.lines[0].text.ends_with('…'));
    assert_eq!(source.lines[1].text, "https://www.example.com/ok.png");
}

#[test]
fn more_lines_than_any_list_holds_is_one_clear_error() {
    let text = "x\n".repeat(MAX_LINES + 1);
    match read_source(text.as_bytes(), None) {
        Err(e @ IntakeError::TooLarge { what: "lines", .. }) => {
            assert!(e.message(cachedesk_core::Lang::ZhCn).contains("拆分"));
            assert!(e.message(cachedesk_core::Lang::En).contains("too large"));
        }
        other => panic!("{:?}", other.map(|s| s.lines.len())),
    }
    let csv = "url\n".to_owned() + &"https://a.com/x\n".repeat(MAX_LINES + 1);
    assert!(matches!(
        read_source(csv.as_bytes(), Some("big.csv")),
        Err(IntakeError::TooLarge { what: "lines", .. })
    ));
}
