//! Word-form variants that real text needs before a name can be looked up:
//! Arabic proclitics (و ف ب ك ل ال لل), Russian case endings, German
//! genitive and adjective endings.
//!
//! Every function returns candidate forms only; the caller keeps a variant
//! only when the gazetteer knows it, which is what makes stripping safe
//! (بكين is looked up as itself before anyone tries ب + كين).

/// Arabic proclitic stacks, most specific first, each with the letters it
/// removes and what replaces them. `لل` is ل + ال with the alef elided
/// (للصين = ل + الصين).
const ARABIC_PREFIXES: &[(&str, &str)] = &[
    ("وبال", "ال"),
    ("وكال", "ال"),
    ("فبال", "ال"),
    ("وال", "ال"),
    ("فال", "ال"),
    ("بال", "ال"),
    ("كال", "ال"),
    ("ولل", "ال"),
    ("فلل", "ال"),
    ("لل", "ال"),
    ("وب", ""),
    ("ول", ""),
    ("وك", ""),
    ("فب", ""),
    ("فل", ""),
    ("و", ""),
    ("ف", ""),
    ("ب", ""),
    ("ك", ""),
    ("ل", ""),
];

/// A prefix of [`ARABIC_PREFIXES`] as the bytes a word starts with, read
/// as one little-endian number: a word is compared with all twenty by a
/// mask and an equality each, where comparing strings cost a call apiece.
#[derive(Clone, Copy)]
struct Packed {
    bytes: u64,
    mask: u64,
    /// Its length in bytes and in letters.
    len: usize,
    letters: usize,
    ends_with_article: bool,
}

const fn pack(prefix: &str) -> Packed {
    let b = prefix.as_bytes();
    assert!(b.len() <= 8);
    let (mut bytes, mut mask, mut i) = (0u64, 0u64, 0);
    while i < b.len() {
        bytes |= (b[i] as u64) << (8 * i);
        mask |= 0xFF << (8 * i);
        i += 1;
    }
    // Every letter of the prefixes is two bytes long (U+0600–U+06FF).
    let article = "ال".as_bytes();
    let ends_with_article = b.len() >= 4
        && b[b.len() - 4] == article[0]
        && b[b.len() - 3] == article[1]
        && b[b.len() - 2] == article[2]
        && b[b.len() - 1] == article[3];
    Packed {
        bytes,
        mask,
        len: b.len(),
        letters: b.len() / 2,
        ends_with_article,
    }
}

/// The first eight bytes of `word` (zeros past its end), read as a
/// [`Packed`] prefix is.
fn leading_bytes(word: &str) -> u64 {
    let mut head = [0u8; 8];
    let take = word.len().min(8);
    head[..take].copy_from_slice(&word.as_bytes()[..take]);
    u64::from_le_bytes(head)
}

/// [`ARABIC_PREFIXES`] packed, in the same order, with whether each puts
/// the article back.
const PACKED_PREFIXES: [(Packed, bool); ARABIC_PREFIXES.len()] = {
    let mut out = [(pack(""), false); ARABIC_PREFIXES.len()];
    let mut i = 0;
    while i < out.len() {
        let (prefix, replacement) = ARABIC_PREFIXES[i];
        out[i] = (pack(prefix), !replacement.is_empty());
        i += 1;
    }
    out
};

/// Forms of an Arabic word (already folded) with its proclitics removed,
/// with the article kept (الهند) and without it (هند), each with the number
/// of letters that the name's span leaves out at the front (the conjunctions
/// and prepositions, never the article). The word itself is not included.
///
/// ```
/// use tripmap::text::morph::arabic_variants;
/// let v = arabic_variants("والهند");
/// assert!(v.contains(&("الهند".to_string(), 1)));
/// assert!(v.contains(&("هند".to_string(), 1)));
/// ```
pub fn arabic_variants(word: &str) -> Vec<(String, usize)> {
    arabic_strips(word)
        .map(|(head, rest, n)| (format!("{head}{rest}"), n))
        .collect()
}

/// The forms of [`arabic_variants`] without allocating: each is `head`
/// (the article put back, or nothing) followed by `rest` (a suffix of the
/// word), with the letters the span leaves out. Forms repeat no earlier one.
pub fn arabic_strips(word: &str) -> ArabicStrips<'_> {
    let mut strips = ArabicStrips {
        word,
        slots: [Strip::default(); 16],
        len: 0,
        next: 0,
    };
    // Every proclitic begins with one of five letters; most words begin
    // with none of them, and need only the article tried.
    let clitic = word
        .chars()
        .next()
        .is_some_and(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ل'));
    if clitic {
        // The word's first eight bytes (four Arabic letters), against
        // which every prefix is compared at once.
        let head = leading_bytes(word);
        for &(packed, replacement) in PACKED_PREFIXES.iter() {
            if head & packed.mask != packed.bytes {
                continue;
            }
            // A whole prefix matched, so its end is a char boundary.
            let rest = &word[packed.len..];
            let n = packed.letters;
            if !replacement {
                strips.push(false, rest, n);
            } else if packed.ends_with_article {
                // The article belongs to the word (و|الهند, ب|الروسي): the
                // span starts at it, whichever form matches.
                strips.push(true, rest, n - 2);
                strips.push(false, rest, n - 2);
            } else {
                // لل is ل + ال with the alef elided: the word's letters
                // cannot be split, so the span keeps them all.
                strips.push(true, rest, 0);
                strips.push(false, rest, 0);
            }
        }
    }
    if let Some(rest) = word.strip_prefix("ال") {
        strips.push(false, rest, 0);
    }
    strips
}

/// The forms of one word from [`arabic_strips`], kept on the stack: every
/// Arabic token is asked. A form is four bytes, so the iterator is cheap to
/// move through the adapters that read it (as an array of string slices it
/// was half a kilobyte, copied at each step).
#[derive(Clone, Debug)]
pub struct ArabicStrips<'w> {
    word: &'w str,
    // The prefixes that can begin one word form a chain of at most four
    // (و, وب, وبا, وبال) with two forms each, and the article alone adds
    // one: sixteen slots are never all used.
    slots: [Strip; 16],
    len: u8,
    next: u8,
}

/// One form: whether the article is put back, the length in bytes of the
/// word's suffix that follows, and the letters the span leaves out.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Strip {
    article: bool,
    rest: u16,
    stripped: u8,
}

impl ArabicStrips<'_> {
    fn push(&mut self, article: bool, rest: &str, stripped: usize) {
        // A stem of one or two letters is never a name worth guessing; the
        // same form is tried once (a form is identified by the article and
        // the length of the rest, since every rest is a suffix of the word).
        // (Twelve bytes hold three letters of any script: no count needed.)
        let letters = 2 * usize::from(article)
            + if rest.len() >= 12 {
                3
            } else {
                rest.chars().count()
            };
        let (Ok(len), Ok(stripped)) = (u16::try_from(rest.len()), u8::try_from(stripped)) else {
            return;
        };
        let filled = &self.slots[..usize::from(self.len)];
        if letters >= 3
            && filled.len() < self.slots.len()
            && !filled.iter().any(|s| (s.article, s.rest) == (article, len))
        {
            self.slots[usize::from(self.len)] = Strip {
                article,
                rest: len,
                stripped,
            };
            self.len += 1;
        }
    }
}

impl<'w> Iterator for ArabicStrips<'w> {
    type Item = (&'static str, &'w str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.len {
            return None;
        }
        let s = self.slots[usize::from(self.next)];
        self.next += 1;
        let head = if s.article { "ال" } else { "" };
        let rest = &self.word[self.word.len() - usize::from(s.rest)..];
        Some((head, rest, usize::from(s.stripped)))
    }
}

/// Russian case endings, longest first, each with the nominative endings
/// of the words that take it: a paradigm, not every ending with every
/// nominative. России is Россия (-ии of -ия), Москве Москва (-е of -а),
/// Кремля Кремль (-я of -ь), китайского китайский. "Ранее" ("earlier")
/// would be Рания if any ending could stand for any nominative; no noun
/// in -ия takes -ее.
pub const CYRILLIC_CASES: &[(&str, &[&str])] = &[
    // Adjectives in -ский: the country adjectives (китайского, российской).
    ("ского", &["ский"]),
    ("скому", &["ский"]),
    ("скими", &["ский"]),
    ("ским", &["ский"]),
    ("ской", &["ский"]),
    ("ских", &["ский"]),
    ("скую", &["ский"]),
    ("ская", &["ский"]),
    ("ское", &["ский"]),
    ("ские", &["ский"]),
    // Other adjectives (турецкого, ближнего), masculine as the lexicon
    // lists them.
    ("ого", &["ий", "ый", "ой"]),
    ("его", &["ий"]),
    ("ому", &["ий", "ый", "ой"]),
    ("ему", &["ий"]),
    ("ыми", &["ый"]),
    ("ими", &["ий"]),
    // Nouns in -ия: России, Россию, Россией.
    ("ией", &["ия"]),
    ("ию", &["ия"]),
    ("ии", &["ия", "ий"]),
    // Third declension in -ь, instrumental: Сибирью.
    ("ью", &["ь"]),
    // Instrumental of nouns in -а (Москвой), or an adjective.
    ("ой", &["а", "ий", "ый"]),
    // Instrumental of nouns in -я (Кореей), or a soft adjective.
    ("ей", &["я", "ь", "ий"]),
    ("ом", &["", "о"]),
    // Instrumental of nouns in -ь, -й, -е: Кремлём, Китаем, Подмосковьем.
    ("ем", &["ь", "й", "е"]),
    // Plurals: Филиппинах, Штатам; Гавайях.
    ("ам", &["ы", "а"]),
    ("ах", &["ы", "а"]),
    ("ям", &["и", "я"]),
    ("ях", &["и", "я"]),
    ("ую", &["ий", "ый"]),
    ("ая", &["ий", "ый"]),
    ("яя", &["ий"]),
    ("ое", &["ий", "ый"]),
    ("ее", &["ий"]),
    ("ые", &["ый"]),
    ("ие", &["ий"]),
    ("ых", &["ый"]),
    ("их", &["ий"]),
    ("ым", &["ый"]),
    ("им", &["ий"]),
    // Genitive of masculine and neuter nouns: Пекина.
    ("а", &["", "о"]),
    // Кремля, Китая, Подмосковья.
    ("я", &["ь", "й", "е"]),
    // Dative of masculines (Пекину), accusative of nouns in -а (Москву).
    ("у", &["", "а", "о"]),
    ("ю", &["ь", "й", "я", "е"]),
    // Prepositional: Пекине, Москве, Корее, Кремле, Китае, Косове.
    ("е", &["", "а", "я", "ь", "й", "о"]),
    // Genitive of nouns in -а: Москвы.
    ("ы", &["а"]),
    // Genitive of nouns in -а after к, г, х (Африки), in -я (Кореи), in -ь
    // (Сибири).
    ("и", &["а", "я", "ь"]),
];

/// Whether `stem` + `ending` is spelled as a case of `stem` + `nominative`
/// can be. Russian writes и for ы after к, г, х and the hushing
/// consonants: Африки is Африка, Москвы Москва, but Бразилии is not
/// Бразилиа (Brasília), it is Бразилия (Brazil).
pub fn spelled(stem: &str, ending: &str, nominative: &str) -> bool {
    let hard = |c: char| matches!(c, 'к' | 'г' | 'х' | 'ж' | 'ш' | 'ч' | 'щ');
    match (ending, nominative) {
        ("и", "а") => stem.ends_with(hard),
        ("ы", "а") => !stem.ends_with(hard),
        _ => true,
    }
}

/// Nominative candidates for an inflected Cyrillic word (folded):
/// Казахстане → Казахстан, Москве → Москва, России → Россия,
/// китайского → китайский. Longest stems first, as the recognizer
/// prefers them.
///
/// ```
/// use tripmap::text::morph::cyrillic_variants;
/// assert!(cyrillic_variants("москве").contains(&"москва".to_string()));
/// assert!(cyrillic_variants("казахстане").contains(&"казахстан".to_string()));
/// let russia = cyrillic_variants("россии");
/// assert!(russia.contains(&"россия".to_string()));
/// // No noun in -ия takes -ее: "ранее" ("earlier") is no Рания.
/// assert!(!cyrillic_variants("ранее").contains(&"рания".to_string()));
/// ```
pub fn cyrillic_variants(word: &str) -> Vec<String> {
    let mut cases = CYRILLIC_CASES.to_vec();
    cases.sort_by_key(|(ending, _)| ending.len());
    let mut out: Vec<String> = Vec::new();
    for (ending, nominatives) in cases {
        for form in restored(word, &[ending], nominatives) {
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// Each stem of `word` left by one of `endings` (three letters or more),
/// with each of `nominatives` put on instead, in order, once each, and
/// never the word itself.
fn restored(word: &str, endings: &[&str], nominatives: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for ending in endings {
        let Some(stem) = word.strip_suffix(ending) else {
            continue;
        };
        if stem.chars().count() < 3 {
            continue;
        }
        for nom in nominatives.iter().filter(|n| spelled(stem, ending, n)) {
            let form = format!("{stem}{nom}");
            if form != word && !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// German genitive and adjective endings, longest first, as a paradigm
/// (see [`CYRILLIC_CASES`]): the stem is the nominative.
pub const GERMAN_CASES: &[(&str, &[&str])] = &[
    ("es", &[""]),
    ("en", &[""]),
    ("em", &[""]),
    ("er", &[""]),
    ("s", &[""]),
    ("e", &[""]),
    ("n", &[""]),
];

/// German genitive and adjective endings (Chinas, Usbekistans, russischen).
///
/// ```
/// use tripmap::text::morph::german_variants;
/// assert!(german_variants("chinas").contains(&"china".to_string()));
/// assert!(german_variants("russischen").contains(&"russisch".to_string()));
/// ```
pub fn german_variants(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (ending, _) in GERMAN_CASES {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.chars().count() >= 3
        {
            out.push(stem.to_string());
        }
    }
    out
}

/// Russian adjective endings of the oblique cases and plural, and the
/// nominative endings an adjective that opens a name may have.
const RUSSIAN_ADJECTIVE_ENDINGS: &[&str] = &[
    "ого", "его", "ому", "ему", "ыми", "ими", "ым", "им", "ом", "ем", "ой", "ей", "ую", "юю", "ых",
    "их", "ые", "ие",
];
const RUSSIAN_ADJECTIVE_NOMINATIVE: &[&str] =
    &["ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие"];
/// German adjective endings, and the nominatives (strong masculine,
/// feminine, neuter; plural): "Nahen Osten" is "Naher Osten".
const GERMAN_ADJECTIVE_ENDINGS: &[&str] = &["en", "em", "es", "er", "e"];
const GERMAN_ADJECTIVE_NOMINATIVE: &[&str] = &["er", "e", "es"];

/// The nominative forms an inflected adjective may have where it opens a
/// name of several words: Ближнем (Востоке) → ближний, Nahen (Osten) →
/// naher. Empty for other scripts and languages.
///
/// ```
/// use tripmap::text::morph::adjective_nominatives;
/// assert!(adjective_nominatives("ближнем", "ru").contains(&"ближний".to_string()));
/// assert!(adjective_nominatives("nahen", "de").contains(&"naher".to_string()));
/// ```
pub fn adjective_nominatives(word: &str, lang: &str) -> Vec<String> {
    let (endings, nominatives) = match lang {
        "ru" | "uk" | "be" => (RUSSIAN_ADJECTIVE_ENDINGS, RUSSIAN_ADJECTIVE_NOMINATIVE),
        "de" => (GERMAN_ADJECTIVE_ENDINGS, GERMAN_ADJECTIVE_NOMINATIVE),
        _ => return Vec::new(),
    };
    restored(word, endings, nominatives)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_puts_back_nothing_or_the_article() {
        for (prefix, replacement) in ARABIC_PREFIXES {
            assert!(["", "ال"].contains(replacement), "{prefix}");
            assert!(prefix.chars().all(|c| c.len_utf8() == 2), "{prefix}");
        }
        // The packed comparison finds what stripping the prefix finds.
        for word in ["وبالصين", "والهند", "للصين", "بكين", "فلسطين", "وب", "و"]
        {
            let by_strings: Vec<usize> = ARABIC_PREFIXES
                .iter()
                .filter(|(p, _)| word.starts_with(p))
                .map(|(p, _)| p.len())
                .collect();
            let head = leading_bytes(word);
            let packed: Vec<usize> = PACKED_PREFIXES
                .iter()
                .filter(|(p, _)| head & p.mask == p.bytes)
                .map(|(p, _)| p.len)
                .collect();
            assert_eq!(packed, by_strings, "{word}");
        }
    }

    #[test]
    fn arabic_strips_stacked_clitics() {
        let has = |w: &str, v: &str| arabic_variants(w).iter().any(|(x, _)| x == v);
        assert!(has("وباكستان", "باكستان"));
        assert!(has("للصين", "الصين"));
        assert!(has("بالصين", "الصين"));
        assert!(has("بكين", "كين"));
        assert!(arabic_variants("في").is_empty());
    }

    #[test]
    fn cyrillic_restores_nominatives() {
        for (form, nom) in [
            ("пекина", "пекин"),
            ("россии", "россия"),
            ("китайского", "китайский"),
            ("самарканде", "самарканд"),
            ("москвой", "москва"),
            ("кремля", "кремль"),
            ("китае", "китай"),
            ("кореей", "корея"),
            ("сибири", "сибирь"),
            ("африки", "африка"),
            ("филиппинах", "филиппины"),
            ("гавайях", "гавайи"),
            ("подмосковья", "подмосковье"),
            ("турецкой", "турецкий"),
        ] {
            assert!(cyrillic_variants(form).contains(&nom.to_string()), "{form}");
        }
    }

    #[test]
    fn an_ending_stands_only_for_the_nominatives_of_its_paradigm() {
        // Adverbs in -ее are no case of a noun in -ия (Рания, India), and
        // a genitive in -ы is no case of a noun in -ия either.
        for (form, not) in [
            ("ранее", "рания"),
            ("далее", "далия"),
            ("позднее", "поздния"),
            ("москвы", "москвия"),
            ("бразилии", "бразилиа"),
        ] {
            assert!(
                !cyrillic_variants(form).contains(&not.to_string()),
                "{form}"
            );
        }
        // Each ending is listed once, longest first among those it ends.
        for (i, (ending, noms)) in CYRILLIC_CASES.iter().enumerate() {
            assert!(!noms.is_empty(), "{ending}");
            for (later, _) in &CYRILLIC_CASES[i + 1..] {
                assert_ne!(ending, later);
                assert!(!later.ends_with(ending), "{later} after {ending}");
            }
        }
    }
}
