//! Splitting article text into word tokens, with offsets counted in Unicode
//! scalar values of the text as read (the output contract's offsets).

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;

use super::fold;

/// Script class of a token, as far as recognition cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin, Greek, Armenian...: cased alphabets written with spaces.
    Latin,
    Cyrillic,
    Arabic,
    /// Han, kana, Hangul syllables: one token per character, names are
    /// matched across tokens with no separator.
    Cjk,
    Other,
}

/// One word of the article.
#[derive(Clone, Debug)]
pub struct Token<'a> {
    /// The token as written.
    pub text: &'a str,
    /// The token folded with [`fold`]; borrowed from the text when folding
    /// changes nothing (most words of Latin-script text).
    pub folded: Cow<'a, str>,
    /// Offsets in chars, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Offsets in bytes of the article, for slicing it.
    pub byte_start: usize,
    pub byte_end: usize,
    pub script: Script,
    /// First letter is upper case (only meaningful for cased scripts).
    pub capitalized: bool,
    /// Every letter is upper case and there are at least two ("SCO", "USA").
    pub all_caps: bool,
    /// The token may continue a name begun by the previous token: only
    /// spaces, a hyphen, an apostrophe or an abbreviation's dot lie between.
    pub joins_previous: bool,
    /// The token starts a sentence (or the text, a line, a heading): its
    /// capital letter is no evidence of a name.
    pub sentence_start: bool,
    /// A full stop follows right after the token: an abbreviation ("Md.").
    pub dotted: bool,
}

fn script_of(c: char) -> Script {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            Script::Latin
        } else {
            Script::Other
        };
    }
    match c as u32 {
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x2E80..=0x2FDF
        | 0x3040..=0x30FF
        | 0x3100..=0x312F
        | 0x31A0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3134F => Script::Cjk,
        _ if c.is_alphabetic() && (c.is_lowercase() || c.is_uppercase()) => Script::Latin,
        _ => Script::Other,
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // The Arabic block, answered without Unicode tables: letters, marks and
    // digits are word characters, its punctuation is not.
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return !matches!(c, '\u{0600}'..='\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' | '\u{06DD}' | '\u{06DE}' | '\u{06E9}')
            || ('\u{0610}'..='\u{061A}').contains(&c);
    }
    c.is_alphanumeric()
        || is_combining_mark(c)
        || c == '\u{0640}'
        || c == '\u{200C}'
        || c == '\u{200D}'
}

/// Splits `text` into tokens.
///
/// ```
/// use tripmap::text::tokens::tokenize;
/// let t = tokenize("Xi flew to Nur-Sultan. 他去了撒马尔罕");
/// assert_eq!(t[3].text, "Nur");
/// assert!(t[4].joins_previous);
/// assert!(!t[5].joins_previous && t[5].sentence_start);
/// assert_eq!((t[5].start, t[5].end), (23, 24));
/// ```
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    // News averages a token per six or seven bytes; reserving for one per
    // four means the vector is almost never grown (each growth copies every
    // token made so far).
    let mut out: Vec<Token<'_>> = Vec::with_capacity(text.len() / 4 + 16);
    let mut gap_start = 0; // byte offset where the separator before a token begins
    let bytes = text.as_bytes();
    // The char at a byte offset (always on a char boundary here).
    let char_at = |b: usize| text[b..].chars().next().unwrap_or(' ');
    let (mut bi, mut ci) = (0usize, 0usize);
    while bi < bytes.len() {
        // ASCII is read byte by byte; other text char by char.
        let c = if bytes[bi] < 0x80 {
            // Spaces and ASCII punctuation, the most common gap, skip here.
            if !bytes[bi].is_ascii_alphanumeric() {
                bi += 1;
                ci += 1;
                continue;
            }
            bytes[bi] as char
        } else {
            char_at(bi)
        };
        if !is_word_char(c) {
            bi += c.len_utf8();
            ci += 1;
            continue;
        }
        let gap = &text[gap_start..bi];
        let script = script_of(c);
        let (mut end_ci, mut end_bi) = (ci + 1, bi + c.len_utf8());
        // Letters of each case, counted while the word is all ASCII (most
        // words of Latin-script news): case and folding are then known
        // without a second look at the word.
        let (mut ascii, mut upper, mut lower) = (c.is_ascii(), 0usize, 0usize);
        if ascii {
            upper += c.is_ascii_uppercase() as usize;
            lower += c.is_ascii_lowercase() as usize;
        }
        if script != Script::Cjk {
            while end_bi < bytes.len() {
                let b = bytes[end_bi];
                if b < 0x80 {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    upper += b.is_ascii_uppercase() as usize;
                    lower += b.is_ascii_lowercase() as usize;
                    end_bi += 1;
                } else {
                    ascii = false;
                    let nc = char_at(end_bi);
                    if !is_word_char(nc) || script_of(nc) == Script::Cjk {
                        break;
                    }
                    end_bi += nc.len_utf8();
                }
                end_ci += 1;
            }
        }
        let word = &text[bi..end_bi];
        let prev = out.last();
        // One space, the gap between most words, joins and breaks nothing.
        let one_space = gap == " ";
        let joins_previous = prev.is_some_and(|p| one_space || joinable(gap, p, script));
        let sentence_start = prev.is_none() || (!one_space && breaks_sentence(gap));
        let capitalized = c.is_uppercase();
        // Only a capitalized word can be all capitals.
        let all_caps = capitalized
            && if ascii {
                upper >= 2 && lower == 0
            } else {
                let mut letters = word.chars().filter(|c| c.is_alphabetic());
                let n = letters.clone().count();
                n >= 2 && letters.all(char::is_uppercase)
            };
        // Folding an ASCII word is lower-casing it (see `fold`).
        let folded = match (ascii, upper) {
            (true, 0) => Cow::Borrowed(word),
            (true, _) => Cow::Owned(word.to_ascii_lowercase()),
            _ if fold::folds_to_itself(word) => Cow::Borrowed(word),
            _ => Cow::Owned(fold(word)),
        };
        out.push(Token {
            text: word,
            folded,
            start: ci,
            end: end_ci,
            byte_start: bi,
            byte_end: end_bi,
            script,
            capitalized,
            all_caps,
            joins_previous,
            sentence_start,
            dotted: bytes.get(end_bi) == Some(&b'.'),
        });
        gap_start = end_bi;
        bi = end_bi;
        ci = end_ci;
    }
    out
}

/// Whether a name may run across this gap: whitespace within one line, at
/// most one hyphen or apostrophe, or an abbreviation's dot ("St. Louis").
/// Two CJK characters with nothing between always join.
fn joinable(gap: &str, prev: &Token<'_>, script: Script) -> bool {
    if gap.is_empty() {
        return true; // CJK runs, or a script change inside a word
    }
    let mut marks = 0;
    for c in gap.chars() {
        match c {
            '\n' | '\r' => return false,
            c if c.is_whitespace()
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}') => {}
            // A hashtag joins its words with underscores: #حفر_الباطن.
            '-' | '‐' | '‑' | '\'' | '’' | 'ʼ' | '_' => marks += 1,
            '.' if prev.text.chars().count() <= 3 && prev.capitalized => marks += 1,
            _ => return false,
        }
    }
    marks <= 1 && !(script == Script::Cjk && prev.script == Script::Cjk && !gap.trim().is_empty())
}

fn breaks_sentence(gap: &str) -> bool {
    gap.chars().any(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '؟' | '。' | '！' | '？' | '\n' | ':' | '"' | '“' | '«' | '(' | '['
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_chars_not_bytes() {
        let t = tokenize("زار شي بكين");
        assert_eq!(t.len(), 3);
        assert_eq!((t[2].start, t[2].end), (7, 11));
        assert_eq!(t[2].script, Script::Arabic);
    }

    #[test]
    fn cjk_is_one_token_per_character() {
        let t = tokenize("前往撒马尔罕。");
        assert_eq!(t.len(), 6);
        assert!(t[3].joins_previous);
    }

    #[test]
    fn punctuation_breaks_names() {
        let t = tokenize("Paris, Texas and St. Louis");
        assert!(!t[1].joins_previous);
        assert!(t[4].joins_previous, "abbreviation dot joins");
        assert!(t[0].sentence_start && !t[1].sentence_start);
    }

    #[test]
    fn possessive_is_a_separate_token() {
        let t = tokenize("China's leader");
        assert_eq!(t[0].text, "China");
        assert_eq!(t[1].text, "s");
    }

    #[test]
    fn caps() {
        let t = tokenize("the SCO summit in Samarkand");
        assert!(t[1].all_caps && t[1].capitalized);
        assert!(t[4].capitalized && !t[4].all_caps);
    }
}
