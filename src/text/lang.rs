//! Which language an article is written in: by script first (Arabic,
//! Cyrillic, Han and kana, Hangul), then, for Latin script, by counting
//! frequent function words from `data/lang/function_words.tsv`.

use crate::hash::FastMap;
use std::sync::OnceLock;

use super::tokens::{Script, Token};

static FUNCTION_WORDS: &str = include_str!("../../data/lang/function_words.tsv");

fn function_words() -> &'static FastMap<&'static str, Vec<&'static str>> {
    static W: OnceLock<FastMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    W.get_or_init(|| {
        let mut m: FastMap<&'static str, Vec<&'static str>> = FastMap::default();
        for line in FUNCTION_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
        {
            if let Some((lang, words)) = line.split_once('\t') {
                for w in words.split_whitespace() {
                    m.entry(w).or_default().push(lang);
                }
            }
        }
        m
    })
}

/// How many words are read: a few hundred tell the language as well as a
/// whole book.
const SAMPLE_TOKENS: usize = 400;

/// The tokens of `text` that are words of its language: not web addresses
/// or user handles ("https://t.co/GLK1PKRhPu", "@user"), nor acronyms
/// ("RT", "UN"). A short post in Arabic or Russian carries a few of
/// those in Latin letters, often more of them than it has words. A text
/// of nothing else (all in capitals) keeps them all.
fn words<'t, 'a>(text: &'t str, tokens: &'t [Token<'a>]) -> impl Iterator<Item = &'t Token<'a>> {
    let keep_all = tokens
        .iter()
        .take(SAMPLE_TOKENS)
        .all(|t| t.script == Script::Other || (t.script == Script::Latin && t.all_caps));
    // Byte offset where the web address being read ends.
    let mut address_end = 0;
    tokens.iter().filter(move |t| {
        if keep_all {
            return true;
        }
        if t.byte_start < address_end {
            return false;
        }
        if t.script != Script::Latin {
            return true;
        }
        let after = text.get(t.byte_end..).unwrap_or("");
        if after.starts_with("://") || (t.folded == "www" && after.starts_with('.')) {
            address_end = t.byte_end + after.find(char::is_whitespace).unwrap_or(after.len());
            return false;
        }
        let handle = text.get(..t.byte_start).is_some_and(|b| b.ends_with('@'));
        !(handle || t.all_caps)
    })
}

/// The language of `text`, tokenized as `tokens`, as an ISO 639-1 code
/// ("en", "ar", "ru", "zh", ...), or "und" when nothing tells.
///
/// ```
/// use tripmap::text::{lang::detect, tokens::tokenize};
/// let fr = "Le président est arrivé à Paris pour la réunion";
/// assert_eq!(detect(fr, &tokenize(fr)), "fr");
/// let ar = "RT @user برد في #حفرالباطن https://t.co/GLK1PKRhPu";
/// assert_eq!(detect(ar, &tokenize(ar)), "ar");
/// ```
pub fn detect(text: &str, tokens: &[Token<'_>]) -> &'static str {
    // Counts per script, in the order of `Script`'s variants.
    let mut scripts = [0usize; 5];
    let (mut kana, mut hangul, mut persian, mut ukrainian) = (0, 0, 0, 0);
    for t in words(text, tokens).take(SAMPLE_TOKENS) {
        scripts[t.script as usize] += 1;
        if matches!(t.script, Script::Latin | Script::Other) {
            continue;
        }
        for c in t.text.chars() {
            match c {
                '\u{3040}'..='\u{30FF}' => kana += 1,
                '\u{AC00}'..='\u{D7AF}' => hangul += 1,
                'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک' => persian += 1,
                'і' | 'ї' | 'є' | 'ґ' => ukrainian += 1,
                _ => {}
            }
        }
    }
    let count = |s: Script| scripts[s as usize];
    let top = [Script::Latin, Script::Cyrillic, Script::Arabic, Script::Cjk]
        .into_iter()
        .filter(|&s| count(s) > 0)
        .max_by_key(|&s| (count(s), s as u8));
    match top {
        None => "und",
        Some(Script::Arabic) => {
            if persian * 20 > count(Script::Arabic) {
                "fa"
            } else {
                "ar"
            }
        }
        Some(Script::Cyrillic) => {
            if ukrainian * 30 > count(Script::Cyrillic) {
                "uk"
            } else {
                "ru"
            }
        }
        Some(Script::Cjk) if hangul > kana && hangul > 0 => "ko",
        Some(Script::Cjk) if kana > 0 => "ja",
        Some(Script::Cjk) => "zh",
        Some(_) => latin_language(words(text, tokens)),
    }
}

fn latin_language<'t, 'a: 't>(words: impl Iterator<Item = &'t Token<'a>>) -> &'static str {
    let function = function_words();
    // A handful of languages ever get a vote: a short list beats a map.
    let mut votes: Vec<(&'static str, usize)> = Vec::new();
    // Function words are short and, but at a sentence start, lower case.
    for t in words
        .take(200)
        .filter(|t| t.script == Script::Latin && !t.capitalized && t.text.len() <= 10)
    {
        if let Some(langs) = function.get(t.folded.as_ref()) {
            for &l in langs {
                match votes.iter_mut().find(|(v, _)| *v == l) {
                    Some((_, n)) => *n += 1,
                    None => votes.push((l, 1)),
                }
            }
            // Thirty votes with no rival at half of them settle it.
            if let Some(&(_, lead)) = votes.iter().max_by_key(|&&(l, n)| (n, l))
                && lead >= 30
                && votes.iter().filter(|&&(_, n)| n * 2 > lead).count() == 1
            {
                break;
            }
        }
    }
    votes
        .into_iter()
        .max_by_key(|&(l, n)| (n, l))
        .map_or("en", |(l, _)| l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;

    fn lang_of(text: &str) -> &'static str {
        detect(text, &tokenize(text))
    }

    #[test]
    fn addresses_handles_and_acronyms_do_not_outvote_a_short_post() {
        // Without the filter the Latin tokens (RT, user, https, t, co, ...)
        // outnumber the post's words.
        assert_eq!(
            lang_of("RT @user_01 برد #حفرالباطن الاحد https://t.co/GLK1PKRhPu"),
            "ar"
        );
        assert_eq!(
            lang_of("RT @news: Дождь в Москве http://bit.ly/x1Y2z3 www.example.com/a/b"),
            "ru"
        );
        // The words after an address are counted again.
        assert_eq!(
            lang_of("https://t.co/abc le président est arrivé à la réunion de la semaine"),
            "fr"
        );
    }

    #[test]
    fn a_text_all_in_capitals_still_has_a_language() {
        assert_eq!(lang_of("TALKS IN PARIS END WITH DEAL ON 5 MAY"), "en");
    }

    #[test]
    fn an_english_article_with_links_stays_english() {
        let text = "Read the UN report at https://www.un.org/fr/la/de and the NATO note \
                    at www.nato.int/la/le: the talks in Kyiv went on for a week.";
        assert_eq!(lang_of(text), "en");
    }
}
