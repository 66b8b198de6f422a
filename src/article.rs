//! Reading an article: its bytes, within a size limit, decoded as UTF-8
//! (with or without a byte order mark), and reduced to its readable text
//! when it is an HTML page. The offsets of every mention count chars of
//! the text this gives.

use std::io::Read;
use std::path::Path;

use thiserror::Error;

/// The largest article read, in bytes. News stories are kilobytes; a file
/// of this size is a mistake or an attack, and refusing it up front keeps
/// memory bounded (parsing takes a few times the text's size).
pub const MAX_BYTES: u64 = 64 << 20;

/// Why a file is not an article.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("a directory, not a file")]
    Directory,
    #[error("{:.1} MiB, larger than the {} MiB an article may be", *.0 as f64 / 1048576.0, MAX_BYTES >> 20)]
    TooLarge(u64),
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

/// Reads an article file: refuses directories and files over
/// [`MAX_BYTES`] before reading them, decodes, and reads HTML pages
/// (forced with `html`, or recognized by a `.html`/`.htm` name or a
/// doctype) as their text.
pub fn read(path: &Path, html: bool) -> Result<String, ReadError> {
    let text = decode(&read_bytes(path)?)?;
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"));
    Ok(readable(text, html || by_name))
}

/// A file's bytes, refusing directories and anything over [`MAX_BYTES`]
/// before reading it (map specs are read this way too).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if meta.len() > MAX_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    // A pipe or device says nothing of its length: read one byte past the
    // limit to know.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The text to geoparse: an HTML page (forced with `html`, or starting
/// like one) becomes its readable text; anything else is kept as it is.
pub fn readable(text: String, html: bool) -> String {
    if html || crate::html::looks_like_html(&text) {
        crate::html::text_of(&text)
    } else {
        text
    }
}

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
    fn pages_are_read_as_their_text() {
        let page = "<!DOCTYPE html><p>Talks in <i>Doha</i>.</p>".to_string();
        assert_eq!(readable(page, false), "Talks in Doha.");
        assert_eq!(readable("<b>Doha</b>".into(), false), "<b>Doha</b>");
        assert_eq!(readable("<b>Doha</b>".into(), true), "Doha");
    }

    #[test]
    fn too_large_and_directories_are_refused_before_reading() {
        let dir = std::env::temp_dir();
        assert!(matches!(read(&dir, false), Err(ReadError::Directory)));
        assert_eq!(
            ReadError::TooLarge(100_021_000).to_string(),
            "95.4 MiB, larger than the 64 MiB an article may be"
        );
    }

    #[test]
    fn keeps_crlf_and_empty() {
        assert_eq!(decode(b"a\r\nb").unwrap(), "a\r\nb");
        assert_eq!(decode(b"").unwrap(), "");
    }
}
