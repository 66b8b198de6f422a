//! Decoding an article's bytes into text: UTF-8, with or without a byte
//! order mark. The offsets of every mention count chars of the decoded text.

use thiserror::Error;

/// Why bytes are not an article.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("not UTF-8: invalid byte sequence at byte offset {0}")]
    InvalidUtf8(usize),
    #[error("UTF-16 text (byte order mark {0}); convert it to UTF-8 first")]
    Utf16(&'static str),
    #[error("binary data (a NUL byte at offset {0}), not text")]
    Binary(usize),
}

/// Decodes an article. A UTF-8 byte order mark is kept as the text's first
/// char: offsets count the text as a reader of the file sees it (Python's
/// `open(path, encoding="utf-8")` keeps it too), and it is no word, so it
/// changes nothing else. UTF-16 and binary input are refused with a reason
/// rather than misread.
///
/// ```
/// use tripmap::article::decode;
/// assert_eq!(decode(b"\xEF\xBB\xBFKyiv").unwrap(), "\u{FEFF}Kyiv");
/// assert!(decode(b"Ky\xFFiv").unwrap_err().to_string().contains("byte offset 2"));
/// ```
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Err(DecodeError::Utf16("FF FE, little-endian"));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16("FE FF, big-endian"));
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary(nul));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(DecodeError::InvalidUtf8(e.valid_up_to())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_utf16_and_binary() {
        assert!(matches!(
            decode(&[0xFF, 0xFE, b'a', 0]),
            Err(DecodeError::Utf16(_))
        ));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(DecodeError::Binary(8))
        );
    }

    #[test]
    fn a_byte_order_mark_counts_as_one_char_and_is_no_word() {
        let text = decode(b"\xEF\xBB\xBFTalks in Samarkand.").unwrap();
        let tokens = crate::text::tokens::tokenize(&text);
        assert_eq!(tokens[0].text, "Talks");
        assert_eq!(tokens[2].start, 10);
    }

    #[test]
    fn keeps_crlf_and_empty() {
        assert_eq!(decode(b"a\r\nb").unwrap(), "a\r\nb");
        assert_eq!(decode(b"").unwrap(), "");
    }
}
