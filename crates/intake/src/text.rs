//! Text decoding and line splitting.

use crate::IntakeError;
use encoding_rs::{Encoding, GB18030};
use std::borrow::Cow;

/// UTF-8 with or without BOM, UTF-16 LE/BE with BOM, else GB18030 (a superset of GBK, what
/// Chinese Windows tools often write). Malformed input is an error, never U+FFFD in a URL.
/// Valid UTF-8 is taken as UTF-8: a GBK text passes as UTF-8 only when it is a word or two
/// (each GBK pair would have to form a UTF-8 sequence), while accented or Cyrillic UTF-8 text
/// nearly always passes as GBK, so no guessing beyond this order.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, IntakeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return strict(encoding, &bytes[bom_len..]);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => strict(GB18030, bytes),
    }
}

fn strict<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, IntakeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        Err(IntakeError::UnreadableText)
    } else {
        Ok(text)
    }
}

/// Lines ended by `\r\n`, `\n` or a lone `\r`; a final terminator opens no extra line.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, tail) = match rest.bytes().position(|b| b == b'\r' || b == b'\n') {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..i], &rest[i + skip..])
            }
            None => (rest, ""),
        };
        rest = tail;
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        lines(text).collect()
    }

    #[test]
    fn every_line_ending() {
        assert_eq!(split("a\r\nb\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(split("a\n"), ["a"]);
        assert_eq!(split("a\n\n"), ["a", ""]);
        assert_eq!(split("\r\n\r\nx"), ["", "", "x"]);
        assert_eq!(split("a\r\r\nb"), ["a", "", "b"]);
        assert!(split("").is_empty());
    }

    #[test]
    fn encodings() {
        assert_eq!(decode("\u{feff}图".as_bytes()).unwrap(), "图");
        assert_eq!(decode("图".as_bytes()).unwrap(), "图");
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("图a".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16le).unwrap(), "图a");
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("图a".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&utf16be).unwrap(), "图a");
        let gbk = b"https://a.com/\xCD\xBC\xC6\xAC/\xD0\xC2\xCE\xC5.png";
        assert_eq!(decode(gbk).unwrap(), "https://a.com/图片/新闻.png");
        assert_eq!(decode("/naïve/Привет".as_bytes()).unwrap(), "/naïve/Привет");
    }

    #[test]
    fn binary_is_an_error() {
        assert_eq!(
            decode(&[0x89, b'P', b'N', b'G', 0xFF, 0xFF, 0x00, 0x81]),
            Err(IntakeError::UnreadableText)
        );
    }
}
