//! How much input CacheDesk reads: far above any real URL list, far below what would exhaust
//! memory or freeze a window. Beyond them the whole input is refused with a clear message.

/// Bytes of one file, of a paste, or of standard input.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;
/// Lines (or spreadsheet rows) of one input.
pub const MAX_LINES: usize = 2_000_000;
/// Characters of one line kept: a longer line is refused as too long and kept cut to this,
/// so a 100 MB line is never stored, sent to the window or printed whole.
pub const MAX_LINE_CHARS: usize = 4096;
/// Bytes a spreadsheet's parts may unpack to, all together (a few-KB zip can declare gigabytes).
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// Spreadsheet columns read: a URL list's column is among the first ones (Excel 2003 had 256).
pub const MAX_COLUMNS: u32 = 256;
/// Spreadsheet cells read.
pub const MAX_CELLS: usize = 20_000_000;

/// `text` cut to [`MAX_LINE_CHARS`] characters, with `…` where it was cut.
pub(crate) fn cut_line(text: &str) -> std::borrow::Cow<'_, str> {
    // No more bytes than the limit: no more characters either, without walking them.
    if text.len() <= MAX_LINE_CHARS {
        return text.into();
    }
    match text.char_indices().nth(MAX_LINE_CHARS) {
        None => text.into(),
        Some((end, _)) => format!("{}…", &text[..end]).into(),
    }
}
