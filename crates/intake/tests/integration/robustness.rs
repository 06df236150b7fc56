//! Arbitrary or damaged bytes never panic, and a one-column CSV numbers its lines like the
//! same text.

use cachedesk_intake::read_source;
use proptest::prelude::*;
use std::sync::OnceLock;

fn workbook() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "链接").unwrap();
        for row in 1..50u32 {
            sheet
                .write_string(row, 0, format!("https://a.com/图片/{row}.png"))
                .unwrap();
            sheet.write_number(row, 1, f64::from(row)).unwrap();
        }
        workbook.save_to_buffer().unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_give_lines_or_an_error(
        body in proptest::collection::vec(any::<u8>(), 0..512),
        prefix in prop_oneof![Just(&b""[..]), Just(&b"PK\x03\x04"[..]), Just(&b"\xFF\xFE"[..]), Just(&b"\xEF\xBB\xBF"[..])],
        name in prop_oneof![Just(None), Just(Some("a.txt")), Just(Some("a.csv")), Just(Some("a.tsv")), Just(Some("a.xlsx"))],
    ) {
        let bytes = [prefix, &body[..]].concat();
        if let Ok(source) = read_source(&bytes, name) {
            prop_assert!(source.lines.windows(2).all(|w| w[0].number < w[1].number));
        }
    }

    #[test]
    fn damaged_workbooks_give_rows_or_an_error(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 1..=255u8), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = workbook().to_vec();
        for (at, mask) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= mask;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        let _ = read_source(&bytes, Some("a.xlsx"));
    }

    #[test]
    fn csv_and_text_agree_on_line_numbers(
        cells in proptest::collection::vec("(https://a\\.com/[a-z图 ]{0,6})?", 1..30),
        endings in proptest::collection::vec(prop_oneof![Just("\n"), Just("\r\n"), Just("\r")], 30),
    ) {
        let text: String = cells.iter().zip(&endings).map(|(cell, end)| format!("{cell}{end}")).collect();
        let as_text = read_source(text.as_bytes(), None).unwrap();
        let as_csv = read_source(text.as_bytes(), Some("list.csv")).unwrap();
        let non_blank: Vec<(u32, &str)> = as_text.lines.iter()
            .filter(|l| !l.text.is_empty())
            .map(|l| (l.number, l.text.as_str()))
            .collect();
        // The first URL row is data, not a header, so every non-empty line is a CSV row.
        let rows: Vec<(u32, &str)> = as_csv.lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        if non_blank.first().is_some_and(|(_, t)| t.starts_with("https://")) {
            prop_assert_eq!(rows, non_blank);
        }
    }
}
