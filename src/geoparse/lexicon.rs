//! Word lists that recognition consults besides the gazetteer: common words
//! that are also place names, words naming languages, and the cue words
//! around them. All of it is reviewed data under `data/`, not code.

use crate::hash::{FastMap, FastSet};
use std::cell::RefCell;
use std::sync::OnceLock;

use crate::text::fold;

static NOT_PLACES: &str = include_str!("../../data/curated/not_places.tsv");
static LANGUAGE_NAMES: &str = include_str!("../../data/curated/language_names.tsv");
static CUES: &str = include_str!("../../data/lang/recognition_cues.tsv");
static COMMON_WORDS: &str = include_str!("../../data/generated/common_words.tsv");
static DICTIONARY_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dictionary.fst"));
static DEMONYM_WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/demonym_words.txt"));
static FUNCTION_WORDS: &str = include_str!("../../data/lang/function_words.tsv");

/// Dictionary answers kept per thread before the memo starts afresh.
const WORDS_REMEMBERED: usize = 50_000;
/// The longest dictionary key ("lang\tword", zero-padded) whose answer is
/// remembered; a multiple of eight.
const SEEN_KEY: usize = 32;
/// [`Lexicon::dictionary_entry`]: the word is in the dictionary.
const IN_DICTIONARY: u8 = 1;
/// [`Lexicon::dictionary_entry`]: the word is a given name.
const GIVEN_NAME: u8 = 2;

/// How strongly a common word resists being read as a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Common {
    /// Never a place on its own ("of", كان).
    Word,
    /// A real place too (Nice, Reading): a place only with evidence.
    CityAndWord,
    /// An everyday word of the language's dictionary that some place is
    /// also called (March, Police, State): capitals prove nothing in
    /// English, so it is a place only with the article's support.
    Dictionary,
}

/// The languages a common word is common in, one mask per kind (a bit
/// per language of [`Lexicon::common_langs`]): read in one look, where a
/// list of (language, kind) pairs cost a step to memory for each.
#[derive(Clone, Copy, Debug, Default)]
struct CommonIn {
    word: u32,
    city: u32,
    dictionary: u32,
}

impl CommonIn {
    /// Listed for every language ("" or "*" in the lists).
    const EVERY_LANGUAGE: u32 = 1 << 31;
}

/// The lists, folded, by language ("" = any language).
#[derive(Default)]
pub struct Lexicon {
    /// Common words, each with the languages it is common in, by kind.
    common: FastMap<String, CommonIn>,
    /// The languages of the common-word lists, each by its bit in a
    /// [`CommonIn`] mask.
    common_langs: Vec<String>,
    language_names: FastSet<String>,
    /// The cue words of every kind a [`Cue`] tells, each with its kinds:
    /// the recognizer asks what the words beside a mention are, and one
    /// lookup answers for all the lists.
    cues: FastMap<String, Cue>,
    /// Person titles that are no ASCII words (总统), for text run together
    /// with a name.
    run_in_titles: Vec<String>,
    /// Per language: articles and determiners, in languages that write
    /// every noun with a capital (German).
    determiners: FastMap<String, FastSet<String>>,
    /// Prepositions with the masculine article in them, per language.
    contracted_articles: FastMap<String, FastSet<String>>,
    /// Lower-case words that begin names of features, per language.
    name_openers: FastMap<String, FastSet<String>>,
    division_before: CueWords,
    capital_before: CueWords,
    not_place_before: CueWords,
    country_anaphor: CueWords,
    /// CJK characters that may follow a one-character country abbreviation
    /// in news compounds (俄方, 美军, 中外).
    cjk_short_followers: FastSet<char>,
    /// Languages that write their demonyms with a capital letter (English
    /// "Russian"), where a word in lower case begins none.
    capitalized_demonyms: Vec<String>,
    /// Per language: plurals of words for a second-level division, each
    /// with its singular ("counties", "county"), and the conjunctions that
    /// close a list of names before one.
    division_lists: FastMap<String, DivisionList>,
}

/// What reads a list of divisions' names in one language: "Clay, Swift
/// and Wilkin counties".
#[derive(Debug, Default)]
pub struct DivisionList {
    /// (plural, singular), folded.
    pub plurals: Vec<(String, String)>,
    /// Folded.
    pub conjunctions: Vec<String>,
}

impl DivisionList {
    /// The singular of `folded` when it is one of the plurals.
    pub fn singular(&self, folded: &str) -> Option<&str> {
        self.plurals
            .iter()
            .find(|(plural, _)| plural == folded)
            .map(|(_, singular)| singular.as_str())
    }

    pub fn is_conjunction(&self, folded: &str) -> bool {
        self.conjunctions.iter().any(|c| c == folded)
    }
}

fn data_lines(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// The language of a `kind lang words` line.
fn lang_of(fields: &[&str]) -> String {
    fields.get(1).copied().unwrap_or("").to_string()
}

/// Adds a cue line's `words`, folded, to the set of its language (the
/// line's `fields`) in `sets`.
fn add_words(sets: &mut FastMap<String, FastSet<String>>, fields: &[&str], words: &str) {
    sets.entry(lang_of(fields))
        .or_default()
        .extend(words.split_whitespace().map(fold));
}

impl Lexicon {
    /// The embedded lists, parsed once.
    pub fn embedded() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| {
            let mut lex = Lexicon::parse(NOT_PLACES, LANGUAGE_NAMES, CUES);
            lex.add_dictionary_words(COMMON_WORDS);
            lex.add_function_words(FUNCTION_WORDS);
            lex
        })
    }

    /// Parses the three TSV files (`lang word note`, `lang form note`,
    /// `kind lang words`).
    pub fn parse(not_places: &str, language_names: &str, cues: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        for f in data_lines(not_places) {
            let (Some(lang), Some(word)) = (f.first(), f.get(1)) else {
                continue;
            };
            let note = f.get(2).copied().unwrap_or("");
            // Notes start "word: ..." for words that are never places alone,
            // "city-and-word: ...", "country-and-word: ..." otherwise.
            let kind = if note.starts_with("word") {
                Common::Word
            } else {
                Common::CityAndWord
            };
            lex.add_common(fold(word), lang, kind);
        }
        for f in data_lines(language_names) {
            if let Some(form) = f.get(1) {
                lex.language_names.insert(fold(form));
            }
        }
        for f in data_lines(cues) {
            let (Some(kind), Some(words)) = (f.first(), f.get(2)) else {
                continue;
            };
            if let Some(cue) = Cue::of_kind(kind) {
                for w in words.split_whitespace().map(fold) {
                    if cue == Cue::PERSON_TITLE && !w.is_ascii() {
                        lex.run_in_titles.push(w.clone());
                    }
                    let kinds = lex.cues.entry(w).or_default();
                    *kinds = Cue(kinds.0 | cue.0);
                }
                continue;
            }
            match *kind {
                "noun_determiner" => add_words(&mut lex.determiners, &f, words),
                "contracted_article" => add_words(&mut lex.contracted_articles, &f, words),
                "name_opener" => add_words(&mut lex.name_openers, &f, words),
                "division_before" => lex.division_before.extend(words),
                "division_list" => {
                    let list = lex.division_lists.entry(lang_of(&f)).or_default();
                    list.plurals
                        .extend(words.split_whitespace().filter_map(|w| {
                            let (plural, singular) = w.split_once(':')?;
                            Some((fold(plural), fold(singular)))
                        }));
                }
                "list_conjunction" => lex
                    .division_lists
                    .entry(lang_of(&f))
                    .or_default()
                    .conjunctions
                    .extend(words.split_whitespace().map(fold)),
                "capital_before" => lex.capital_before.extend(words),
                "not_place_before" => lex.not_place_before.extend(words),
                "country_anaphor" => lex.country_anaphor.extend(words),
                "cjk_short_follower" => lex
                    .cjk_short_followers
                    .extend(words.chars().filter(|c| !c.is_whitespace())),
                "orthography"
                    if words
                        .split_whitespace()
                        .any(|w| w == "capitalized_demonyms") =>
                {
                    lex.capitalized_demonyms.push(lang_of(&f));
                }
                _ => {}
            }
        }
        lex
    }

    /// Adds everyday words from a dictionary (`lang word` lines): place names
    /// that are also such words need the article's support.
    pub fn add_dictionary_words(&mut self, tsv: &str) {
        for f in data_lines(tsv) {
            if let (Some(lang), Some(word)) = (f.first(), f.get(1)) {
                self.add_common(fold(word), lang, Common::Dictionary);
            }
        }
    }

    /// Adds function words (`lang words...` lines): articles, prepositions
    /// and auxiliaries are never places, whatever a gazetteer spells so
    /// (German "Eine", "Des"; English "Of").
    pub fn add_function_words(&mut self, tsv: &str) {
        for f in data_lines(tsv) {
            if let (Some(lang), Some(words)) = (f.first(), f.get(1)) {
                for w in words.split_whitespace() {
                    self.add_common(fold(w), lang, Common::Word);
                }
            }
        }
    }

    /// Lists `folded` as a common word of kind `kind` in `lang` ("" or
    /// "*": in every language).
    fn add_common(&mut self, folded: String, lang: &str, kind: Common) {
        let bit = if lang.is_empty() || lang == "*" {
            CommonIn::EVERY_LANGUAGE
        } else {
            let i = match self.common_langs.iter().position(|l| l == lang) {
                Some(i) => i,
                None => {
                    self.common_langs.push(lang.to_string());
                    self.common_langs.len() - 1
                }
            };
            // One bit a language, and the top bit for every language.
            assert!(i < 31, "more than 31 languages of common words");
            1 << i
        };
        let entry = self.common.entry(folded).or_default();
        match kind {
            Common::Word => entry.word |= bit,
            Common::CityAndWord => entry.city |= bit,
            Common::Dictionary => entry.dictionary |= bit,
        }
    }

    /// Whether `folded` is a common word in `lang` (or in every language),
    /// and of which kind; the strongest when several lists have it.
    pub fn common_word(&self, folded: &str, lang: &str) -> Option<Common> {
        let entry = self.common.get(folded)?;
        let bit = CommonIn::EVERY_LANGUAGE
            | self
                .common_langs
                .iter()
                .position(|l| l == lang)
                .map_or(0, |i| 1 << i);
        [
            (entry.word, Common::Word),
            (entry.city, Common::CityAndWord),
            (entry.dictionary, Common::Dictionary),
        ]
        .into_iter()
        .find(|&(langs, _)| langs & bit != 0)
        .map(|(_, kind)| kind)
    }

    /// Whether `folded` names a language (بالتركية, "Turkish" as a language).
    pub fn is_language_name(&self, folded: &str) -> bool {
        self.language_names.contains(folded)
    }

    /// What kinds of cue word `folded` is (none for most words).
    pub fn cue(&self, folded: &str) -> Cue {
        self.cues.get(folded).copied().unwrap_or_default()
    }

    /// Whether a dictionary of `lang` is bundled (English and Spanish), so
    /// that a word it lacks is no everyday word of the language.
    pub fn has_dictionary(&self, lang: &str) -> bool {
        use fst::{IntoStreamer, Streamer};
        // Asked once per language and thread: the answer is a range walk.
        thread_local! {
            static KNOWN: RefCell<Vec<(String, bool)>> = const { RefCell::new(Vec::new()) };
        }
        if let Some(has) = KNOWN.with_borrow(|k| k.iter().find(|(l, _)| l == lang).map(|e| e.1)) {
            return has;
        }
        let prefix = format!("{lang}\t");
        let has = dictionary().is_some_and(|s| {
            s.range()
                .ge(prefix.as_bytes())
                .into_stream()
                .next()
                .is_some_and(|k| k.starts_with(prefix.as_bytes()))
        });
        KNOWN.with_borrow_mut(|k| k.push((lang.to_string(), has)));
        has
    }

    /// Whether `folded` is an everyday word of `lang`'s dictionary (only
    /// languages with a bundled dictionary answer yes).
    pub fn is_dictionary_word(&self, lang: &str, folded: &str) -> bool {
        self.dictionary_entry(lang, folded) & IN_DICTIONARY != 0
    }

    /// Whether `folded` is a given name that `lang`'s dictionary lists
    /// with a capital (Bob, Mark): an everyday word that is also a name.
    pub fn is_given_name(&self, lang: &str, folded: &str) -> bool {
        self.dictionary_entry(lang, folded) & GIVEN_NAME != 0
    }

    /// What the bundled dictionaries say of `folded` in `lang`: whether
    /// they hold "`lang`\t`folded`" ([`IN_DICTIONARY`]) and
    /// "`lang`-name\t`folded`" ([`GIVEN_NAME`]). Both are asked at once:
    /// the recognizer asks both of most words.
    fn dictionary_entry(&self, lang: &str, folded: &str) -> u8 {
        let Some(s) = dictionary() else {
            return 0;
        };
        let listed = |list: &str| {
            // The key is assembled on the stack: this runs for every
            // capitalized neighbour of a match. No dictionary word is
            // longer than the buffer.
            let mut key = [0u8; 96];
            let mut len = 0;
            for part in [lang.as_bytes(), list.as_bytes(), b"\t", folded.as_bytes()] {
                let Some(room) = key.get_mut(len..len + part.len()) else {
                    return false;
                };
                room.copy_from_slice(part);
                len += part.len();
            }
            s.contains(&key[..len])
        };
        let look_up =
            || (u8::from(listed("")) * IN_DICTIONARY) | (u8::from(listed("-name")) * GIVEN_NAME);
        // A lookup walks a node per byte (two thousand instructions for a
        // word); the same neighbours recur in every article. Answers are
        // remembered under keys of a fixed size (the language, a tab and
        // the word, zero-padded), held in the table itself and compared a
        // word at a time; longer keys, few, are looked up each time.
        let mut bytes = [0u8; SEEN_KEY];
        let (l, w) = (lang.len(), folded.len());
        let Some(room) = bytes.get_mut(l + 1..l + 1 + w) else {
            return look_up();
        };
        room.copy_from_slice(folded.as_bytes());
        bytes[..l].copy_from_slice(lang.as_bytes());
        bytes[l] = b'\t';
        let key: [u64; SEEN_KEY / 8] = std::array::from_fn(|i| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
            u64::from_le_bytes(w)
        });
        thread_local! {
            static SEEN: RefCell<FastMap<[u64; SEEN_KEY / 8], u8>> = RefCell::new(FastMap::default());
        }
        if let Some(known) = SEEN.with_borrow(|seen| seen.get(&key).copied()) {
            return known;
        }
        let found = look_up();
        SEEN.with_borrow_mut(|seen| {
            if seen.len() >= WORDS_REMEMBERED {
                seen.clear();
            }
            seen.insert(key, found);
        });
        found
    }

    /// Whether `lang` writes its demonyms with a capital letter (English
    /// does, French and Russian do not): a word in lower case then begins
    /// none, and need not be looked up.
    pub fn capitalizes_demonyms(&self, lang: &str) -> bool {
        self.capitalized_demonyms.iter().any(|l| l == lang)
    }

    /// Whether a lower-case word may begin a demonym in `lang` (German
    /// adjectives are tried without their endings: russischen → russisch;
    /// Cyrillic ones are left to the recognizer's stem matching).
    pub fn may_begin_demonym(&self, folded: &str, lang: &str) -> bool {
        static WORDS: OnceLock<DemonymWords> = OnceLock::new();
        let words = WORDS.get_or_init(|| DemonymWords::new(DEMONYM_WORDS.split('\n')));
        if words.contains(folded) {
            return true;
        }
        match lang {
            "de" => crate::text::morph::german_variants(folded)
                .iter()
                .any(|v| words.contains(v.as_str())),
            _ => folded
                .chars()
                .next()
                .is_some_and(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
        }
    }

    /// Whether `before` (text run together with a name, as Chinese writes
    /// it) ends with a person's title: 哥伦比亚总统桑托斯.
    pub fn ends_with_person_title(&self, before: &str) -> bool {
        self.run_in_titles
            .iter()
            .any(|t| before.ends_with(t.as_str()))
    }

    /// Whether `lang` writes every noun with a capital (it has
    /// `noun_determiner` cue words): a capital letter is no sign of a name.
    pub fn capitalizes_nouns(&self, lang: &str) -> bool {
        self.determiners.contains_key(lang)
    }

    /// Whether `folded` is an article or determiner of `lang`, a language
    /// that capitalizes its nouns: the capitalized word after it is a
    /// noun ("am Rande", "der Minister"), not a town.
    pub fn is_noun_determiner(&self, lang: &str, folded: &str) -> bool {
        self.determiners
            .get(lang)
            .is_some_and(|d| d.contains(folded))
    }

    /// The lower-case words with which `lang` begins the names of
    /// features ("mer Rouge", "río Amazonas"), if it has any: asked once per
    /// article, not once per word.
    pub fn name_openers(&self, lang: &str) -> Option<&FastSet<String>> {
        self.name_openers.get(lang)
    }

    /// The prepositions of `lang` with the masculine article in them ("au",
    /// "al"), if it has any: a town's name takes no article unless the
    /// article is its own, so "au Québec" is the province.
    pub fn contracted_articles(&self, lang: &str) -> Option<&FastSet<String>> {
        self.contracted_articles.get(lang)
    }

    /// Whether a word before a name makes it a first-level division's
    /// ("محافظة الجيزة"); Arabic words may carry a proclitic (بمحافظة).
    pub fn is_division_before(&self, folded: &str) -> bool {
        with_proclitics(&self.division_before, folded)
    }

    /// Whether a word before a name says it is a capital city ("العاصمة
    /// عمان" is Amman, not Oman; "the capital Kuwait").
    pub fn is_capital_before(&self, folded: &str) -> bool {
        with_proclitics(&self.capital_before, folded)
    }

    /// Whether a word before a name makes the name something other than
    /// a place: the prayer after صلاة or أذان (صلاة المغرب is the sunset
    /// prayer, not Morocco). Arabic words may carry a proclitic (لصلاة).
    pub fn is_not_place_before(&self, folded: &str) -> bool {
        with_proclitics(&self.not_place_before, folded)
    }

    /// How `lang` lists divisions by name before a plural ("Clay and
    /// Wilkin counties"), where it does.
    pub fn division_list(&self, lang: &str) -> Option<&DivisionList> {
        self.division_lists
            .get(lang)
            .filter(|l| !l.plurals.is_empty() && !l.conjunctions.is_empty())
    }

    /// If `folded` is a word that stands for a country named elsewhere in
    /// the article (المملكة "the Kingdom"), written definite and perhaps
    /// with proclitics (بالمملكة, للمملكة), the word without its article
    /// and how many letters of proclitics come before the span.
    pub fn country_anaphor<'w>(&'w self, folded: &str) -> Option<(&'w str, usize)> {
        if !self.country_anaphor.may_end(folded) {
            return None;
        }
        self.country_anaphor.words.iter().find_map(|w| {
            let before = folded.strip_suffix(w.as_str())?;
            // "لل" is ل before the article, its alif dropped.
            let (clitics, skip) = match before.strip_suffix("ال") {
                Some(c) => (c, c.chars().count()),
                None if before.ends_with("لل") => (
                    &before[..before.len() - "ل".len()],
                    before.chars().count() - 1,
                ),
                None => return None,
            };
            (clitics.chars().count() <= 2
                && clitics
                    .chars()
                    .all(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك')))
            .then_some((w.as_str(), skip))
        })
    }

    /// Whether `c` may follow a one-character country abbreviation.
    pub fn is_cjk_short_follower(&self, c: char) -> bool {
        self.cjk_short_followers.contains(&c)
    }
}

/// The words that may begin a demonym, with a sketch that turns most
/// other words away before hashing them: a bit per (first two bytes, last
/// byte, length). Every lower-case word of Latin-script text is asked.
struct DemonymWords {
    words: FastSet<&'static str>,
    sketch: Vec<u64>,
}

impl DemonymWords {
    const SKETCH_BITS: usize = 1 << 16;

    fn new(words: impl Iterator<Item = &'static str>) -> DemonymWords {
        let words: FastSet<&'static str> = words.filter(|w| !w.is_empty()).collect();
        let mut sketch = vec![0u64; Self::SKETCH_BITS / 64];
        for w in &words {
            let bit = Self::bit(w);
            sketch[bit / 64] |= 1 << (bit % 64);
        }
        DemonymWords { words, sketch }
    }

    fn bit(word: &str) -> usize {
        let b = word.as_bytes();
        let at = |i: usize| b.get(i).copied().unwrap_or(0) as usize;
        let last = b.last().copied().unwrap_or(0) as usize;
        (((at(0) * 131 + at(1)) * 131 + last) * 131 + b.len().min(63)) % Self::SKETCH_BITS
    }

    fn contains(&self, word: &str) -> bool {
        let bit = Self::bit(word);
        self.sketch[bit / 64] & (1 << (bit % 64)) != 0 && self.words.contains(word)
    }
}

/// The bundled dictionaries, keyed "lang\tword".
fn dictionary() -> Option<&'static fst::Set<&'static [u8]>> {
    static SET: OnceLock<Option<fst::Set<&'static [u8]>>> = OnceLock::new();
    SET.get_or_init(|| fst::Set::new(DICTIONARY_FST).ok())
        .as_ref()
}

/// The kinds of cue word a word is, as bits: a word may be of several
/// ("in" announces a language and a place).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cue(u8);

impl Cue {
    /// Announces a language: "in Turkish", "на русском", "用中文".
    pub const LANGUAGE: Cue = Cue(1);
    /// Makes the capitalized name after it a person's: "Sen. Bell".
    pub const PERSON_TITLE: Cue = Cue(1 << 1);
    /// A verb of saying, which has a person for its subject: "Lewis said".
    pub const SPEECH_VERB: Cue = Cue(1 << 2);
    /// A preposition of place: "in", "nach".
    pub const LOCATIVE: Cue = Cue(1 << 3);
    /// After a name, makes it a street's: "Wichita Street".
    pub const STREET_AFTER: Cue = Cue(1 << 4);
    /// Before a name, makes it a street's: "rue", "улица".
    pub const STREET_BEFORE: Cue = Cue(1 << 5);
    /// Before a name, makes a part of the place: "South Arlington".
    pub const PLACE_PART: Cue = Cue(1 << 6);
    /// After a name, makes it a first-level division: "Lagos State".
    pub const DIVISION_AFTER: Cue = Cue(1 << 7);

    /// The kind of `recognition_cues.tsv` this bit stands for.
    fn of_kind(kind: &str) -> Option<Cue> {
        Some(match kind {
            "language_cue" => Cue::LANGUAGE,
            "person_title" => Cue::PERSON_TITLE,
            "speech_verb" => Cue::SPEECH_VERB,
            "locative" => Cue::LOCATIVE,
            "street_after" => Cue::STREET_AFTER,
            "street_before" => Cue::STREET_BEFORE,
            "place_part" => Cue::PLACE_PART,
            "division_after" => Cue::DIVISION_AFTER,
            _ => return None,
        })
    }

    /// Whether the word is of kind `kind`.
    pub fn is(self, kind: Cue) -> bool {
        self.0 & kind.0 != 0
    }
}

/// A few cue words, folded, with the last bytes they end in: the words
/// around every mention are asked about, and most end otherwise.
#[derive(Default)]
struct CueWords {
    words: FastSet<String>,
    ends: [u64; 4],
}

impl CueWords {
    fn extend(&mut self, words: &str) {
        for w in words.split_whitespace().map(fold) {
            if let Some(&b) = w.as_bytes().last() {
                self.ends[usize::from(b / 64)] |= 1 << (b % 64);
            }
            self.words.insert(w);
        }
    }

    /// Whether `folded` ends in a byte some cue word ends in.
    fn may_end(&self, folded: &str) -> bool {
        folded
            .as_bytes()
            .last()
            .is_some_and(|&b| self.ends[usize::from(b / 64)] & (1 << (b % 64)) != 0)
    }
}

/// Whether `folded` is one of `cues`, or one of them after at most two
/// Arabic proclitics and the article (بمحافظة, بالمنطقة, وبالعاصمة). The
/// few ways to strip are looked up, not the list walked: this runs for
/// every mention.
fn with_proclitics(cues: &CueWords, folded: &str) -> bool {
    if !cues.may_end(folded) {
        return false;
    }
    let words = &cues.words;
    let mut rest = folded;
    for clitics in 0..=2 {
        if words.contains(rest) || rest.strip_prefix("ال").is_some_and(|r| words.contains(r)) {
            return true;
        }
        match rest.chars().next() {
            Some(c @ ('و' | 'ف' | 'ب' | 'ل' | 'ك')) if clitics < 2 => {
                rest = &rest[c.len_utf8()..]
            }
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_words_are_read_through_proclitics_and_the_article() {
        let lex = Lexicon::embedded();
        for w in [
            "محافظة",
            "بمحافظة",
            "وبمحافظة",
            "المنطقة",
            "بالمنطقة",
            "للمنطقة",
        ] {
            assert!(lex.is_division_before(&fold(w)), "{w}");
        }
        // Three proclitics, or a word that only ends like one, are not.
        for w in ["وبلمحافظة", "الجيزة", "محافظات"] {
            assert!(!lex.is_division_before(&fold(w)), "{w}");
        }
        assert!(lex.is_capital_before(&fold("بالعاصمة")));
        assert!(lex.is_capital_before("capital"));
        assert!(!lex.is_capital_before("capitol"));
        assert!(lex.is_not_place_before(&fold("لصلاة")));
        assert!(lex.is_not_place_before(&fold("أذان")));
        assert!(!lex.is_not_place_before(&fold("سفارة")));
        let kingdom = fold("مملكة");
        let at = |skip| Some((kingdom.as_str(), skip));
        assert_eq!(lex.country_anaphor(&fold("المملكة")), at(0));
        assert_eq!(lex.country_anaphor(&fold("بالمملكة")), at(1));
        assert_eq!(lex.country_anaphor(&fold("للمملكة")), at(1));
        // Indefinite ("a kingdom"), it stands for nothing.
        assert_eq!(lex.country_anaphor(&fold("مملكة")), None);
        assert_eq!(lex.country_anaphor("kingdom"), None);
    }

    #[test]
    fn a_common_word_is_of_its_strongest_kind_in_the_language_asked() {
        let mut lex = Lexicon::parse(
            "lang\tword\tnote\nen\tNice\tcity-and-word: x\nar\tكان\tword: was\n*\tOf\tword: x\n",
            "lang\tform\n",
            "kind\tlang\twords\n",
        );
        lex.add_dictionary_words("lang\tword\nen\tnice\nes\tnice\n");
        // Listed twice for English: the stronger kind wins.
        assert_eq!(lex.common_word("nice", "en"), Some(Common::CityAndWord));
        assert_eq!(lex.common_word("nice", "es"), Some(Common::Dictionary));
        assert_eq!(lex.common_word("nice", "fr"), None);
        assert_eq!(lex.common_word(&fold("كان"), "ar"), Some(Common::Word));
        assert_eq!(lex.common_word(&fold("كان"), "en"), None);
        // "*" lists a word for every language, even one never named.
        assert_eq!(lex.common_word("of", "xx"), Some(Common::Word));
        assert_eq!(lex.common_word("paris", "en"), None);
    }

    #[test]
    fn one_lookup_tells_every_kind_of_cue_a_word_is() {
        let lex = Lexicon::embedded();
        // "in" announces a language ("in Turkish") and a place ("in Paris").
        let cue = lex.cue("in");
        assert!(cue.is(Cue::LANGUAGE) && cue.is(Cue::LOCATIVE));
        assert!(!cue.is(Cue::SPEECH_VERB) && !cue.is(Cue::STREET_AFTER));
        assert!(lex.cue("said").is(Cue::SPEECH_VERB));
        assert!(lex.cue("mr").is(Cue::PERSON_TITLE));
        assert_eq!(lex.cue("paris"), Cue::default());
        // Titles of scripts written without spaces are found at a run's end.
        assert!(lex.ends_with_person_title("哥伦比亚总统"));
        assert!(!lex.ends_with_person_title("the president"));
    }

    #[test]
    fn demonym_sketch_keeps_every_word_and_turns_most_others_away() {
        let words = DemonymWords::new(DEMONYM_WORDS.split('\n'));
        for w in DEMONYM_WORDS.split('\n').filter(|w| !w.is_empty()) {
            assert!(words.contains(w), "{w}");
        }
        let common = [
            "the", "and", "said", "of", "to", "in", "with", "which", "they", "people",
        ];
        let passed = common
            .iter()
            .filter(|w| {
                let bit = DemonymWords::bit(w);
                words.sketch[bit / 64] & (1 << (bit % 64)) != 0
            })
            .count();
        assert!(
            passed <= 2,
            "{passed} of {} common words pass the sketch",
            common.len()
        );
        assert!(!words.contains("the"));
        assert!(words.contains("russian") && words.contains("chinese"));
    }
}
