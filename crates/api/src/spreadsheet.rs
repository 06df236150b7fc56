//! CSV files a person opens in a spreadsheet. Excel and WPS read a CSV without a byte-order mark
//! in the system's code page (GBK on Chinese Windows), which garbles every Chinese URL, profile
//! name and reason in it. The window's exports and `cachedesk export --bom` start with the UTF-8
//! mark; the command's plain output stays as scripts expect it.

use std::io::{self, Write};

/// The UTF-8 byte-order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `out`, once the byte-order mark is written to it.
pub fn for_spreadsheets<W: Write>(mut out: W) -> io::Result<W> {
    out.write_all(UTF8_BOM)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_comes_first_and_a_csv_reader_still_reads_the_header() {
        let mut out = for_spreadsheets(Vec::new()).unwrap();
        out.extend_from_slice("line,url\n1,https://www.example.com/活动/1.html\n".as_bytes());
        assert!(out.starts_with(UTF8_BOM));
        let mut reader = csv::Reader::from_reader(out.as_slice());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            ["line", "url"]
        );
    }
}
