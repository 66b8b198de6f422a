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
    tokenize_in(text, None)
}

/// A text together with its copy in ASCII lower case, from which the
/// tokens of capitalized ASCII words borrow their folded form: a copy of
/// the whole text is made in one pass, where each such word (one in six
/// of English news) would otherwise be copied into a string of its own.
///
/// ```
/// use tripmap::text::tokens::Lowered;
/// let text = Lowered::new("Xi flew to Nur-Sultan.");
/// let t = text.tokenize();
/// assert_eq!((t[3].text, t[3].folded.as_ref()), ("Nur", "nur"));
/// ```
///
/// The copy and the tokens are made in buffers that this thread used for
/// the article before: see [`Tokens`].
pub struct Lowered<'t> {
    text: &'t str,
    lower: String,
}

impl<'t> Lowered<'t> {
    pub fn new(text: &'t str) -> Lowered<'t> {
        let mut lower = POOL.with_borrow_mut(|pool| std::mem::take(&mut pool.lower));
        lower.clear();
        lower.push_str(text);
        lower.make_ascii_lowercase();
        Lowered { text, lower }
    }

    /// [`tokenize`] on the text.
    pub fn tokenize(&self) -> Tokens<'_> {
        let mut list = POOL.with_borrow_mut(|pool| recycle(std::mem::take(&mut pool.tokens)));
        tokenize_into(self.text, Some(&self.lower), &mut list);
        Tokens { list }
    }
}

impl Drop for Lowered<'_> {
    fn drop(&mut self) {
        let lower = std::mem::take(&mut self.lower);
        if lower.capacity() <= POOLED_BYTES {
            // (Not at all while the thread's pool is being torn down.)
            let _ = POOL.try_with(|pool| pool.borrow_mut().lower = lower);
        }
    }
}

/// The tokens of a [`Lowered`] text. Their buffer goes back to this
/// thread's pool when they are dropped, for the next article: a buffer
/// of a few dozen kilobytes, asked of the allocator afresh for each
/// article, often came in new pages that the system had to clear first
/// (a twentieth of a batch's time on short local news).
pub struct Tokens<'a> {
    list: Vec<Token<'a>>,
}

impl<'a> std::ops::Deref for Tokens<'a> {
    type Target = [Token<'a>];

    fn deref(&self) -> &[Token<'a>] {
        &self.list
    }
}

impl<'t, 'a> IntoIterator for &'t Tokens<'a> {
    type Item = &'t Token<'a>;
    type IntoIter = std::slice::Iter<'t, Token<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl Drop for Tokens<'_> {
    fn drop(&mut self) {
        let list = std::mem::take(&mut self.list);
        if list.capacity() * std::mem::size_of::<Token<'_>>() <= POOLED_BYTES {
            let _ = POOL.try_with(|pool| pool.borrow_mut().tokens = recycle(list));
        }
    }
}

/// Buffers kept for the next article: a text's lower-case copy and its
/// tokens' list (empty, for tokens of any text).
#[derive(Default)]
struct Pool {
    lower: String,
    tokens: Vec<Token<'static>>,
}

/// The largest buffer kept in the pool (that of an article of some
/// 100 KB); a larger one is given back, so that one huge text does not
/// hold its memory for the rest of a batch.
const POOLED_BYTES: usize = 4 << 20;

thread_local! {
    static POOL: std::cell::RefCell<Pool> = std::cell::RefCell::new(Pool::default());
}

/// An empty token list with the buffer of `list`, for tokens that borrow
/// from another text. (Collecting a list's own iterator into a list of the
/// same layout reuses its buffer; the map is never called.)
fn recycle<'b>(mut list: Vec<Token<'_>>) -> Vec<Token<'b>> {
    list.clear();
    list.into_iter()
        .map(|_| unreachable!("the list is empty"))
        .collect()
}

/// [`tokenize`], borrowing folded ASCII words from `lower` when given (the
/// text in ASCII lower case: the same bytes at the same offsets).
fn tokenize_in<'a>(text: &'a str, lower: Option<&'a str>) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    tokenize_into(text, lower, &mut out);
    out
}

/// [`tokenize_in`] into `out`, which is empty.
fn tokenize_into<'a>(text: &'a str, lower: Option<&'a str>, out: &mut Vec<Token<'a>>) {
    // News averages a token per six or seven bytes; reserving for one per
    // four means the vector is almost never grown (each growth copies every
    // token made so far).
    out.reserve(text.len() / 4 + 16);
    let mut gap_start = 0; // byte offset where the separator before a token begins
    let bytes = text.as_bytes();
    let (mut bi, mut ci) = (0usize, 0usize);
    while let Some(&b) = bytes.get(bi) {
        // Spaces and ASCII punctuation, the most common gap, skip here.
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            bi += 1;
            ci += 1;
            continue;
        }
        // Most words of Latin-script text are ASCII to their end: such a
        // word is read in one run, which also tells its case, with no char
        // decoded. Any other word, or one that goes on in another script
        // ("Zürich"), is read a char at a time.
        let run = (b < 0x80)
            .then(|| ascii_alnum_run(&bytes[bi..]))
            .filter(|run| bytes.get(bi + run.len).is_none_or(u8::is_ascii));
        let word = match run {
            Some(run) => ascii_word(text, lower, bi, ci, &run),
            None => match other_word(text, lower, bi, ci) {
                Some(word) => word,
                None => {
                    // Not a word char: a space or a mark of another script.
                    bi += text[bi..].chars().next().map_or(1, char::len_utf8);
                    ci += 1;
                    continue;
                }
            },
        };
        let prev = out.last();
        // One space, the gap between most words, joins and breaks nothing.
        let one_space = bi == gap_start + 1 && bytes[gap_start] == b' ';
        let (joins_previous, sentence_start) = match prev {
            None => (false, true),
            Some(_) if one_space => (true, false),
            Some(p) => {
                let gap = &text[gap_start..bi];
                (joinable(gap, p, word.script), breaks_sentence(gap))
            }
        };
        out.push(Token {
            text: word.text,
            folded: word.folded,
            start: ci,
            end: word.end,
            byte_start: bi,
            byte_end: word.byte_end,
            script: word.script,
            capitalized: word.capitalized,
            all_caps: word.all_caps,
            joins_previous,
            sentence_start,
            dotted: bytes.get(word.byte_end) == Some(&b'.'),
        });
        gap_start = word.byte_end;
        bi = word.byte_end;
        ci = word.end;
    }
}

/// A word as read, before what lies around it is known.
struct Word<'a> {
    text: &'a str,
    folded: Cow<'a, str>,
    /// End offsets, in chars and in bytes.
    end: usize,
    byte_end: usize,
    script: Script,
    capitalized: bool,
    all_caps: bool,
}

/// The ASCII word at byte `bi` (char `ci`) of `text`, its letters and
/// digits `run`.
fn ascii_word<'a>(
    text: &'a str,
    lower: Option<&'a str>,
    bi: usize,
    ci: usize,
    run: &AsciiRun,
) -> Word<'a> {
    let byte_end = bi + run.len;
    let word = &text[bi..byte_end];
    let first = word.as_bytes()[0];
    let capitalized = first.is_ascii_uppercase();
    Word {
        text: word,
        folded: ascii_folded(word, lower, bi, run.upper),
        end: ci + run.len,
        byte_end,
        script: if first.is_ascii_alphabetic() {
            Script::Latin
        } else {
            Script::Other
        },
        capitalized,
        // Only a capitalized word can be all capitals.
        all_caps: capitalized && ascii_all_caps(word, run.lower),
    }
}

/// An ASCII word at byte `at` folded: lower-cased (see `fold`), borrowed
/// from the text's lower-case copy `lower` where there is one.
fn ascii_folded<'a>(word: &'a str, lower: Option<&'a str>, at: usize, upper: bool) -> Cow<'a, str> {
    if !upper {
        return Cow::Borrowed(word);
    }
    match lower.and_then(|l| l.get(at..at + word.len())) {
        Some(folded) => Cow::Borrowed(folded),
        None => Cow::Owned(word.to_ascii_lowercase()),
    }
}

/// Whether a capitalized ASCII word, which has small letters when `lower`,
/// is all capitals: two at least ("SCO", not "A").
fn ascii_all_caps(word: &str, lower: bool) -> bool {
    !lower && word.bytes().filter(u8::is_ascii_uppercase).count() >= 2
}

/// The word at byte `bi` (char `ci`) of `text` read a char at a time, or
/// `None` when no word starts there.
fn other_word<'a>(text: &'a str, lower: Option<&'a str>, bi: usize, ci: usize) -> Option<Word<'a>> {
    let bytes = text.as_bytes();
    // The char at a byte offset (always on a char boundary here).
    let char_at = |b: usize| text[b..].chars().next().unwrap_or(' ');
    let c = char_at(bi);
    if !is_word_char(c) {
        return None;
    }
    let script = script_of(c);
    let mut end_bi = bi + c.len_utf8();
    // Bytes beyond the first of each multi-byte char: the word's
    // length in chars is its length in bytes less these.
    let mut continuation = c.len_utf8() - 1;
    // The cases of the word's letters, learnt while it is all ASCII:
    // case and folding are then known without a second look at the word.
    let mut ascii = c.is_ascii();
    let (mut has_upper, mut has_lower) = (c.is_ascii_uppercase(), c.is_ascii_lowercase());
    if script != Script::Cjk && !ascii {
        // A word of another script, read a char at a time.
        while let Some(&b) = bytes.get(end_bi) {
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                end_bi += 1;
                continue;
            }
            // A letter of the Arabic block (two bytes, U+0600–U+06FF),
            // most of an Arabic text, decoded here rather than by
            // slicing the text at it.
            if let (0xD8..=0xDB, Some(&next)) = (b, bytes.get(end_bi + 1)) {
                let code = u32::from(b & 0x1F) << 6 | u32::from(next & 0x3F);
                if char::from_u32(code).is_none_or(|c| !is_word_char(c)) {
                    break;
                }
                end_bi += 2;
                continuation += 1;
                continue;
            }
            let nc = char_at(end_bi);
            if !is_word_char(nc) || script_of(nc) == Script::Cjk {
                break;
            }
            end_bi += nc.len_utf8();
            continuation += nc.len_utf8() - 1;
        }
    } else if script != Script::Cjk {
        loop {
            if bytes.get(end_bi).is_some_and(u8::is_ascii) {
                let run = ascii_alnum_run(&bytes[end_bi..]);
                end_bi += run.len;
                has_upper |= run.upper;
                has_lower |= run.lower;
            }
            // The run ends at a non-word ASCII byte, the text's end or
            // a non-ASCII char, which may go on with the word.
            if bytes.get(end_bi).is_none_or(u8::is_ascii) {
                break;
            }
            let nc = char_at(end_bi);
            if !is_word_char(nc) || script_of(nc) == Script::Cjk {
                break;
            }
            ascii = false;
            end_bi += nc.len_utf8();
            continuation += nc.len_utf8() - 1;
        }
    }
    let word = &text[bi..end_bi];
    // Only the cased scripts have capitals (Arabic and CJK letters
    // are not asked the Unicode tables).
    let capitalized = matches!(script, Script::Latin | Script::Cyrillic) && c.is_uppercase();
    // Only a capitalized word can be all capitals.
    let all_caps = capitalized
        && if ascii {
            ascii_all_caps(word, has_lower)
        } else {
            let mut letters = word.chars().filter(|c| c.is_alphabetic());
            let n = letters.clone().count();
            n >= 2 && letters.all(char::is_uppercase)
        };
    let folded = if ascii {
        ascii_folded(word, lower, bi, has_upper)
    } else {
        fold::fold_word(word)
    };
    Some(Word {
        text: word,
        folded,
        end: ci + (end_bi - bi) - continuation,
        byte_end: end_bi,
        script,
        capitalized,
        all_caps,
    })
}

/// A run of ASCII letters and digits: its length in bytes, and whether it
/// holds capital and small letters.
#[derive(Debug, PartialEq)]
struct AsciiRun {
    len: usize,
    upper: bool,
    lower: bool,
}

/// The run of ASCII letters and digits that `bytes` starts with, read
/// eight bytes at a time: where a word ends is then found by arithmetic on
/// the eight, not by a branch per byte, which the processor cannot
/// foresee at every word's end.
#[inline(always)]
fn ascii_alnum_run(bytes: &[u8]) -> AsciiRun {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The top bit of each byte of `x` (all below 0x80) that lies in
    // `lo..=hi`: adding 0x80 - lo sets it from `lo` up, adding 0x7F - hi
    // from above `hi`, and no sum carries into the next byte.
    let within = |x: u64, lo: u8, hi: u8| {
        let from_lo = x.wrapping_add(ONES * u64::from(0x80 - lo));
        let above_hi = x.wrapping_add(ONES * u64::from(0x7F - hi));
        from_lo & !above_hi & HIGH
    };
    let mut run = AsciiRun {
        len: 0,
        upper: false,
        lower: false,
    };
    while let Some(chunk) = bytes.get(run.len..run.len + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let low7 = x & !HIGH;
        let upper = within(low7, b'A', b'Z');
        let lower = within(low7, b'a', b'z');
        let digit = within(low7, b'0', b'9');
        // Non-ASCII bytes (top bit set) end the run too.
        let stop = !(upper | lower | digit) & HIGH | x & HIGH;
        // The bytes before the first that stops the run.
        let before = if stop == 0 {
            u64::MAX
        } else {
            (1u64 << stop.trailing_zeros()) - 1
        };
        run.upper |= upper & before != 0;
        run.lower |= lower & before != 0;
        if stop != 0 {
            run.len += stop.trailing_zeros() as usize / 8;
            return run;
        }
        run.len += 8;
    }
    for &b in &bytes[run.len..] {
        if !b.is_ascii_alphanumeric() {
            break;
        }
        run.upper |= b.is_ascii_uppercase();
        run.lower |= b.is_ascii_lowercase();
        run.len += 1;
    }
    run
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
    fn arabic_punctuation_ends_a_word_and_marks_stay_in_it() {
        let t = tokenize("زار بكينَ، موسكو؛ كييف؟ عام ٢٠٢٢م");
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(words, ["زار", "بكينَ", "موسكو", "كييف", "عام", "٢٠٢٢م"]);
        assert_eq!((t[3].start, t[3].end), (18, 22));
        assert!(
            t.iter()
                .all(|t| t.script == Script::Arabic && !t.capitalized)
        );
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
    fn ascii_runs_end_where_a_byte_at_a_time_reading_ends_them() {
        let slow = |b: &[u8]| {
            let len = b.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            AsciiRun {
                len,
                upper: b[..len].iter().any(u8::is_ascii_uppercase),
                lower: b[..len].iter().any(u8::is_ascii_lowercase),
            }
        };
        // Every byte value at every place of a word of up to 19 bytes,
        // around the eight-byte steps.
        for len in 0..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut text = b"Ab3zZ09aQyYmM@[`{/:".to_vec();
                    text.truncate(len);
                    text[at] = b;
                    assert_eq!(ascii_alnum_run(&text), slow(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn tokens_of_a_lowered_text_are_those_of_the_text() {
        let text = "Xi flew to NUR-Sultan, then Самарканд; «Élysée» 他去了 McDonald's";
        let lowered = Lowered::new(text);
        let (a, b) = (tokenize(text), lowered.tokenize());
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(
                (x.text, &x.folded, x.start, x.end),
                (y.text, &y.folded, y.start, y.end)
            );
        }
        assert!(matches!(b[3].folded, Cow::Borrowed("nur")));
    }

    #[test]
    fn the_next_text_is_tokenized_into_the_buffers_of_the_last() {
        let first = Lowered::new("Xi flew to Samarkand.");
        let tokens = first.tokenize();
        let (list, lower) = (tokens.as_ptr() as usize, first.lower.as_ptr() as usize);
        drop(tokens);
        drop(first);
        // Blocks the allocator would hand out again first, were the two
        // buffers given back to it.
        let taken: Vec<Vec<u8>> = [21 * std::mem::size_of::<Token<'_>>(), 21, 32]
            .iter()
            .map(|&n| Vec::with_capacity(n))
            .collect();
        let second = Lowered::new("Talks in Astana.");
        let tokens = second.tokenize();
        let reused = (tokens.as_ptr() as usize, second.lower.as_ptr() as usize);
        assert_eq!(reused, (list, lower));
        drop(taken);
        assert_eq!(tokens[2].text, "Astana");
    }

    #[test]
    fn caps() {
        let t = tokenize("the SCO summit in Samarkand");
        assert!(t[1].all_caps && t[1].capitalized);
        assert!(t[4].capitalized && !t[4].all_caps);
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The fast path for ASCII words reads each word as the char-at-a-
        /// time path would, from the same place: same end, case, script
        /// and folding, and the folded form borrowed where it was.
        #[test]
        fn ascii_words_read_as_a_char_at_a_time(
            text in r"[A-Za-z0-9 .,'’\n\-éÉЖжب中]{0,40}"
        ) {
            let lowered = Lowered::new(&text);
            for t in &lowered.tokenize() {
                let w = other_word(&text, Some(&lowered.lower), t.byte_start, t.start)
                    .expect("a token starts a word");
                let read = |text: &str, folded: &Cow<'_, str>| {
                    (text.to_string(), folded.to_string(), matches!(folded, Cow::Borrowed(_)))
                };
                prop_assert_eq!(read(w.text, &w.folded), read(t.text, &t.folded));
                prop_assert_eq!(
                    (w.end, w.byte_end, w.script, w.capitalized, w.all_caps),
                    (t.end, t.byte_end, t.script, t.capitalized, t.all_caps)
                );
            }
        }
    }
}
