//! Name folding: the one canonical form in which names are stored in the
//! gazetteer index and in which article text is looked up.
//!
//! This file is also compiled into `build.rs` (via `#[path]`), so the index
//! built at compile time and the lookups made at run time can never disagree
//! about what "the same name" means. It therefore depends on nothing but `std`
//! and `unicode-normalization`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds one character of already NFKC-normalized text, appending zero or
/// more characters to `out`. Returns nothing: a character that carries no
/// meaning for names (Arabic harakat, tatweel, Latin accents) simply vanishes.
///
/// Why each rule:
/// - Arabic: writers vary freely between hamza-carrying alefs and the bare
///   alef, between final ya and alef maqsura, between ta marbuta and ha, and
///   add vowel marks or kashida for emphasis; none of it changes the name.
/// - Persian/Urdu yeh and keheh are the same letters as Arabic ya and kaf in
///   place names borrowed across the three languages.
/// - Latin diacritics: "Élysée" and "Elysee", "Türkiye" and "Turkiye" are
///   written both ways in news copy.
/// - Cyrillic ё is written as е in most Russian print.
/// - Hyphens, dashes, dots and apostrophes inside names vary ("Nur-Sultan",
///   "Nur Sultan", "Côte d’Ivoire"): dashes and apostrophes become spaces, so that
///   folding a name and folding the article's tokens joined by spaces agree.
fn fold_char(c: char, out: &mut String) {
    match c {
        // Arabic vowel marks, shadda, sukun, superscript alef, Quranic marks.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => {}
        '\u{0640}' => {} // tatweel
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        // What canonical decomposition and dropping the hamza mark make of
        // them anyway; spelled out for the fast path.
        'ؤ' => out.push('و'),
        'ئ' => out.push('ي'),
        'ى' | 'ی' | 'ې' | 'ۍ' => out.push('ي'),
        'ة' => out.push('ه'),
        'ک' => out.push('ك'),
        'ۀ' | 'ە' => out.push('ه'),
        'ё' => out.push('е'),
        // Zero-width and bidi controls carry no letters.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => {}
        '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´' | '-' | '‐' | '‑' | '‒' | '–' | '—' | '_'
        | '.' | '·' | '・' | '‧' => out.push(' '),
        c if c.is_whitespace() => out.push(' '),
        // Scripts without case, asked of every Arabic word: no table lookup.
        '\u{0600}'..='\u{06FF}' | '\u{4E00}'..='\u{9FFF}' => out.push(c),
        c => {
            for l in c.to_lowercase() {
                out.push(l);
            }
        }
    }
}

/// Folds a name (or a stretch of article text) into its canonical lookup form.
///
/// NFKC first (it also folds Arabic presentation forms and full-width Latin),
/// then canonical decomposition so that Latin accents can be dropped, then the
/// per-character rules of [`fold_char`], then runs of spaces collapse to one
/// and the ends are trimmed.
///
/// ```
/// use tripmap::text::fold;
/// assert_eq!(fold("Nur-Sultan"), "nur sultan");
/// assert_eq!(fold("  Élysée "), "elysee");
/// assert_eq!(fold("قازاقستانَ"), "قازاقستان");
/// assert_eq!(fold("الأردن"), "الاردن");
/// ```
pub fn fold(s: &str) -> String {
    // Most tokens of Latin-script news are plain ASCII letters and digits:
    // lower-casing is all that folding does to them.
    if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return s.to_ascii_lowercase();
    }
    // So are Arabic letters and marks, one word or several: no
    // normalization form changes them beyond what the per-letter rules do.
    let spaced_once = !s.starts_with(' ') && !s.ends_with(' ') && !s.contains("  ");
    if s.chars().all(|c| is_plain_arabic(c) || c == ' ') && spaced_once {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            fold_char(c, &mut out);
        }
        return out;
    }
    fold_slow(s)
}

/// Whether [`fold`] leaves `s` as it is, answered without building the
/// folded string: lower-case ASCII letters and digits, or Arabic letters
/// that no rule changes (most Arabic words). Conservative: `false` says
/// only that folding must be done to know.
pub fn folds_to_itself(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        || s.chars().all(|c| {
            matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
                && !matches!(c, 'آ' | 'أ' | 'ؤ' | 'إ' | 'ئ' | 'ة' | 'ى')
        })
}

/// [`fold`] of a word, borrowed when folding leaves it as it is.
///
/// A word of basic Arabic letters and marks (most of an Arabic article) is
/// read once, two bytes at a time, each pair folded by one match: what
/// [`folds_to_itself`] and [`fold`] would find in three passes over its
/// chars.
pub fn fold_word(s: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let b = s.as_bytes();
    // The first char that folding changes, and whether every char is a
    // basic Arabic one.
    let mut first_change = None;
    let mut basic = b.len().is_multiple_of(2);
    let mut i = 0;
    while basic && i < b.len() {
        match arabic_fold(b[i], b[i + 1]) {
            ArabicFold::Other => basic = false,
            ArabicFold::Keep => {}
            _ => {
                first_change.get_or_insert(i);
            }
        }
        i += 2;
    }
    if !basic {
        return if folds_to_itself(s) {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(fold(s))
        };
    }
    let Some(at) = first_change else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..at]);
    for i in (at..b.len()).step_by(2) {
        match arabic_fold(b[i], b[i + 1]) {
            ArabicFold::Keep => out.push_str(&s[i..i + 2]),
            ArabicFold::Into(c) => out.push(c),
            ArabicFold::Drop | ArabicFold::Other => {}
        }
    }
    Cow::Owned(out)
}

/// What [`fold_char`] does to a basic Arabic char.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ArabicFold {
    /// Not a basic Arabic char (U+0621–U+065F, U+0670).
    Other,
    Keep,
    /// A mark or the tatweel, which vanish.
    Drop,
    /// A letter written another way (أ → ا, ة → ه).
    Into(char),
}

/// [`ArabicFold`] of the two bytes of a UTF-8 char, or `Other`. Valid
/// UTF-8 has a continuation byte after a two-byte lead, so a pair read
/// from the start of a word of two-byte chars is always one char.
#[inline]
fn arabic_fold(lead: u8, next: u8) -> ArabicFold {
    if !matches!(lead, 0xD8 | 0xD9) {
        return ArabicFold::Other;
    }
    let c = 0x0600 | u32::from(lead & 1) << 6 | u32::from(next & 0x3F);
    match c {
        0x0622 | 0x0623 | 0x0625 => ArabicFold::Into('ا'),
        0x0624 => ArabicFold::Into('و'),
        0x0626 | 0x0649 => ArabicFold::Into('ي'),
        0x0629 => ArabicFold::Into('ه'),
        0x0640 | 0x064B..=0x065F => ArabicFold::Drop,
        0x0621..=0x064A => ArabicFold::Keep,
        // U+0670 is D9 B0: the mask above keeps its low six bits.
        0x0670 => ArabicFold::Drop,
        _ => ArabicFold::Other,
    }
}

/// Arabic-script letters and marks that normalization leaves to the
/// per-letter rules: the basic letters U+0621–U+064A with the harakat and
/// the superscript alef, and the letters of Persian, Urdu and other
/// languages up to U+06D3, but for the few with a decomposition of their own
/// (high hamza forms, ۀ, ۂ, ۓ).
fn is_plain_arabic(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{065F}' | '\u{0670}'..='\u{06D3}')
        && !matches!(
            c,
            '\u{0675}'..='\u{0678}' | '\u{06C0}' | '\u{06C2}' | '\u{06D3}'
        )
}

/// The full folding: normalization, per-letter rules, marks, spaces.
fn fold_slow(s: &str) -> String {
    let mut tmp = String::with_capacity(s.len());
    for c in s.nfkc() {
        fold_char(c, &mut tmp);
    }
    let mut out = String::with_capacity(tmp.len());
    let mut space = true; // trims leading spaces
    let mut base = ' ';
    for c in tmp.nfd() {
        if is_combining_mark(c) {
            if keeps_mark(c, base) {
                out.push(c);
            }
            continue;
        }
        base = c;
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    // Recompose what decomposition split but we kept (Hangul, Indic, й).
    out.nfc().collect()
}

/// Marks that are part of a letter's identity rather than decoration:
/// dropping them would merge distinct names (Cyrillic й is и with a breve,
/// Devanagari vowel signs, Japanese voicing marks). Latin and Greek accents
/// are decoration for lookup purposes ("Brăila" is also written "Braila").
fn keeps_mark(mark: char, base: char) -> bool {
    let cp = mark as u32;
    let cyrillic = ('\u{0400}'..='\u{04FF}').contains(&base);
    (cyrillic && cp == 0x0306)
        || (0x0900..=0x0DFF).contains(&cp) // Indic scripts
        || (0x0E00..=0x0EFF).contains(&cp) // Thai, Lao
        || (0x3099..=0x309A).contains(&cp) // kana voicing marks
        || (0x1100..=0x11FF).contains(&cp) // Hangul jamo
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_space_and_dashes() {
        assert_eq!(fold("NUR–SULTAN"), "nur sultan");
        assert_eq!(fold("Nur  Sultan"), "nur sultan");
        assert_eq!(fold("Côte d’Ivoire"), "cote d ivoire");
        assert_eq!(fold("Brăila"), "braila");
    }

    #[test]
    fn folds_arabic_variants() {
        assert_eq!(fold("إيران"), "ايران");
        assert_eq!(fold("موسكـــو"), "موسكو");
        assert_eq!(fold("الولايات المتحدة"), "الولايات المتحده");
        assert_eq!(fold("بُخارى"), "بخاري");
        // Presentation forms (as found in PDFs) fold under NFKC.
        assert_eq!(fold("\u{FEE3}\u{FEEE}\u{FEB3}\u{FEDC}\u{FEEE}"), "موسكو");
    }

    #[test]
    fn keeps_cyrillic_short_i_and_folds_yo() {
        assert_eq!(fold("Самарқанд"), "самарқанд");
        assert_eq!(fold("Йошкар-Ола"), "йошкар ола");
        assert_eq!(fold("Орёл"), "орел");
    }

    #[test]
    fn arabic_fast_path_agrees_with_full_folding() {
        let letters: Vec<char> = ('\u{0600}'..='\u{06FF}').chain([' ']).collect();
        for &a in &letters {
            for &b in &letters {
                // Each at either end, and both inside (two spaces).
                for w in [vec![a, 'ب', b], vec!['ب', a, b, 'ب']] {
                    let w: String = w.into_iter().collect();
                    assert_eq!(
                        fold(&w),
                        super::fold_slow(&w),
                        "{:04X} {:04X}",
                        a as u32,
                        b as u32
                    );
                }
            }
        }
    }

    #[test]
    fn words_said_to_fold_to_themselves_do() {
        let letters = ('\u{0600}'..='\u{06FF}')
            .chain('a'..='z')
            .chain(['A', '1', ' ', '-']);
        for a in letters.clone() {
            for b in letters.clone() {
                let w: String = [a, b, 'ب'].iter().collect();
                if super::folds_to_itself(&w) {
                    assert_eq!(fold(&w), w, "{:04X} {:04X}", a as u32, b as u32);
                }
            }
        }
        assert!(super::folds_to_itself("بكين") && super::folds_to_itself("paris"));
        assert!(!super::folds_to_itself("الأردن") && !super::folds_to_itself("Paris"));
    }

    #[test]
    fn a_word_folds_alike_borrowed_or_not() {
        let letters = ('\u{0600}'..='\u{06FF}')
            .chain('a'..='z')
            .chain(['A', 'É', '1', ' ', '-', 'ی']);
        for a in letters.clone() {
            for b in letters.clone() {
                for w in [[a, b, 'ب'], ['ب', a, b]] {
                    let w: String = w.iter().collect();
                    let folded = super::fold_word(&w);
                    assert_eq!(folded, fold(&w), "{:04X} {:04X}", a as u32, b as u32);
                    if matches!(folded, std::borrow::Cow::Borrowed(_)) {
                        assert_eq!(folded, w);
                    }
                }
            }
        }
        // Unchanged words are borrowed; a change halfway copies once.
        assert!(matches!(
            super::fold_word("بكين"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(super::fold_word("الأردن"), "الاردن");
    }

    #[test]
    fn drops_invisible_controls() {
        assert_eq!(fold("Kyiv\u{200B}"), "kyiv");
        assert_eq!(fold("\u{202B}بكين\u{202C}"), "بكين");
    }
}
