//! Which language an article is written in: by script first (Arabic,
//! Cyrillic, Han and kana, Hangul), then, for Latin script, by counting
//! frequent function words from `data/lang/function_words.tsv`.

use crate::hash::FastMap;
use std::sync::OnceLock;

use super::tokens::{Script, Token};

static FUNCTION_WORDS: &str = include_str!("../../data/lang/function_words.tsv");

/// The function words, each packed into a `u64` (see [`packed`]), with
/// the set of languages that use it as bits of a mask; and the languages,
/// in the order of their bits.
struct FunctionWords {
    langs: Vec<&'static str>,
    words: FastMap<u64, u64>,
}

/// A word of at most eight bytes as one number (its bytes, zero-padded):
/// hashed and compared as a number, not as a string. No function word is
/// longer, and none holds a zero byte, so two words never share a number.
fn packed(word: &str) -> Option<u64> {
    let b = word.as_bytes();
    let mut w = [0u8; 8];
    w.get_mut(..b.len())?.copy_from_slice(b);
    Some(u64::from_le_bytes(w))
}

fn function_words() -> &'static FunctionWords {
    static W: OnceLock<FunctionWords> = OnceLock::new();
    W.get_or_init(|| {
        let mut table = FunctionWords {
            langs: Vec::new(),
            words: FastMap::default(),
        };
        for line in FUNCTION_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
        {
            let Some((lang, words)) = line.split_once('\t') else {
                continue;
            };
            // A language beyond the mask's 64 bits would never get a vote.
            let bit = table.langs.len();
            if bit >= 64 {
                break;
            }
            table.langs.push(lang);
            for w in words.split_whitespace().filter_map(packed) {
                *table.words.entry(w).or_default() |= 1 << bit;
            }
        }
        table
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
    let bytes = text.as_bytes();
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
        if t.all_caps {
            return false;
        }
        let after = &bytes[t.byte_end.min(bytes.len())..];
        if after.starts_with(b"://") || (t.folded == "www" && after.starts_with(b".")) {
            let rest = text.get(t.byte_end..).unwrap_or("");
            address_end = t.byte_end + rest.find(char::is_whitespace).unwrap_or(rest.len());
            return false;
        }
        // Not a user handle.
        t.byte_start == 0 || bytes[t.byte_start - 1] != b'@'
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
    let mut votes = Votes::new();
    // At most this many words are read (the filter only drops tokens).
    let sample = tokens.len().min(SAMPLE_TOKENS);
    for (i, t) in words(text, tokens).take(SAMPLE_TOKENS).enumerate() {
        scripts[t.script as usize] += 1;
        if i < VOTING_WORDS {
            votes.read(t);
        }
        if matches!(t.script, Script::Latin | Script::Other) {
            // Once the Latin words outnumber those of any other script by
            // more than the words left to read, no other script can lead,
            // and the rest of the sample would only count: once the vote
            // is over too, the language is known.
            let left = sample - (i + 1);
            let rival = scripts[Script::Cyrillic as usize]
                .max(scripts[Script::Arabic as usize])
                .max(scripts[Script::Cjk as usize]);
            if scripts[Script::Latin as usize] > rival + left
                && (votes.settled || i + 1 >= VOTING_WORDS)
            {
                break;
            }
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
        Some(_) => votes.winner(),
    }
}

/// How many words of a Latin-script text vote on its language.
const VOTING_WORDS: usize = 200;

/// The function words' votes on a Latin-script text's language, counted
/// as its words are read.
struct Votes {
    table: &'static FunctionWords,
    /// Per language, in the order of the table's bits.
    votes: [usize; 64],
    /// The most votes any language has.
    lead: usize,
    settled: bool,
}

impl Votes {
    fn new() -> Votes {
        Votes {
            table: function_words(),
            votes: [0; 64],
            lead: 0,
            settled: false,
        }
    }

    /// Counts the word `t`, if it is a function word and the vote is open.
    fn read(&mut self, t: &Token<'_>) {
        // Function words are short and, but at a sentence start, lower case.
        if self.settled || t.script != Script::Latin || t.capitalized {
            return;
        }
        let Some(&langs) = packed(&t.folded).and_then(|w| self.table.words.get(&w)) else {
            return;
        };
        // The languages that use the word, one set bit each.
        let mut bits = langs;
        while bits != 0 {
            let bit = bits.trailing_zeros() as usize;
            self.votes[bit] += 1;
            self.lead = self.lead.max(self.votes[bit]);
            bits &= bits - 1;
        }
        // Thirty votes with no rival at half of them settle it.
        if self.lead >= 30 {
            let n = self.table.langs.len();
            let rivals = self.votes[..n]
                .iter()
                .filter(|&&v| v * 2 > self.lead)
                .count();
            self.settled = rivals == 1;
        }
    }

    /// The language with the most votes (a tie goes to the code that sorts
    /// last); English when no word voted.
    fn winner(&self) -> &'static str {
        let langs = &self.table.langs;
        (0..langs.len())
            .map(|bit| (self.votes[bit], langs[bit]))
            .filter(|&(n, _)| n > 0)
            .max()
            .map_or("en", |(_, l)| l)
    }
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
    fn every_function_word_is_counted() {
        let table = function_words();
        assert!(table.langs.len() >= 8, "{:?}", table.langs);
        for line in FUNCTION_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
        {
            let (lang, words) = line.split_once('\t').unwrap();
            let bit = table.langs.iter().position(|l| *l == lang).unwrap();
            for w in words.split_whitespace() {
                let langs = packed(w).and_then(|p| table.words.get(&p));
                assert!(langs.is_some_and(|m| m >> bit & 1 == 1), "{lang} {w}");
            }
        }
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
