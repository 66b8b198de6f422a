//! Itinerary cues: the words that say how a trip relates to a place
//! ("arrived in", "متوجهاً إلى", "前往"), read from the reviewed per-language
//! file `data/lang/trip_cues.tsv` and matched against an article's tokens.

use std::sync::OnceLock;

use crate::hash::FastMap;
use crate::text::fold;
use crate::text::tokens::{Script, Token};

static TRIP_CUES: &str = include_str!("../../data/lang/trip_cues.tsv");

/// What a cue says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueKind {
    Arrive,
    Go,
    From,
    Leave,
    Start,
    End,
    Return,
    Visit,
    Past,
    Abroad,
    Summit,
    Members,
    Capital,
    Title,
}

impl CueKind {
    fn parse(s: &str) -> Option<CueKind> {
        Some(match s {
            "arrive" => CueKind::Arrive,
            "go" => CueKind::Go,
            "from" => CueKind::From,
            "leave" => CueKind::Leave,
            "start" => CueKind::Start,
            "end" => CueKind::End,
            "return" => CueKind::Return,
            "visit" => CueKind::Visit,
            "past" => CueKind::Past,
            "abroad" => CueKind::Abroad,
            "summit" => CueKind::Summit,
            "members" => CueKind::Members,
            "capital" => CueKind::Capital,
            "title" => CueKind::Title,
            _ => return None,
        })
    }

    /// The name used in explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            CueKind::Arrive => "arrive",
            CueKind::Go => "go",
            CueKind::From => "from",
            CueKind::Leave => "leave",
            CueKind::Start => "start",
            CueKind::End => "end",
            CueKind::Return => "return",
            CueKind::Visit => "visit",
            CueKind::Past => "past",
            CueKind::Abroad => "abroad",
            CueKind::Summit => "summit",
            CueKind::Members => "members",
            CueKind::Capital => "capital",
            CueKind::Title => "title",
        }
    }

    /// Whether the cue points at a place (rather than marking the text).
    pub fn points(self) -> bool {
        matches!(
            self,
            CueKind::Arrive
                | CueKind::Go
                | CueKind::From
                | CueKind::Leave
                | CueKind::Start
                | CueKind::End
                | CueKind::Return
                | CueKind::Visit
        )
    }
}

/// Where the place stands relative to a pointing cue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    After,
    Before,
    None,
}

/// One word of a cue phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Word {
    Exact(String),
    Prefix(String),
    Any,
}

impl Word {
    fn matches(&self, folded: &str) -> bool {
        match self {
            Word::Exact(w) => folded == w,
            Word::Prefix(p) => folded.starts_with(p.as_str()),
            Word::Any => true,
        }
    }
}

/// One cue phrase.
#[derive(Clone, Debug)]
pub struct Cue {
    pub kind: CueKind,
    pub side: Side,
    /// The phrase as written in the file, for explanations.
    pub phrase: String,
    words: Vec<Word>,
}

/// A cue found in the text: tokens `start..end`.
#[derive(Clone, Debug)]
pub struct CueMatch<'c> {
    pub cue: &'c Cue,
    pub start: usize,
    pub end: usize,
}

/// Every cue of one language.
#[derive(Debug, Default)]
pub struct Cues {
    /// By language, the cues whose first word is exact, keyed by that word.
    exact: FastMap<String, FastMap<String, Vec<usize>>>,
    /// By language, the other cues (first word a prefix or a wildcard).
    loose: FastMap<String, Vec<usize>>,
    all: Vec<Cue>,
}

/// Arabic conjunctions that attach to the next word.
const ARABIC_CONJUNCTIONS: [char; 2] = ['و', 'ف'];

impl Cues {
    /// The cues shipped with tripmap.
    pub fn embedded() -> &'static Cues {
        static CUES: OnceLock<Cues> = OnceLock::new();
        CUES.get_or_init(|| Cues::parse(TRIP_CUES))
    }

    /// Reads the cue file format (see `data/lang/trip_cues.tsv`). Lines it
    /// cannot read are skipped: the file is checked by a test instead.
    pub fn parse(tsv: &str) -> Cues {
        let mut cues = Cues::default();
        for line in tsv.lines() {
            if line.starts_with('#') || line.starts_with("kind\t") || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(lang), Some(side), Some(phrases)) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let Some(kind) = CueKind::parse(kind) else {
                continue;
            };
            let side = match side {
                "after" => Side::After,
                "before" => Side::Before,
                _ => Side::None,
            };
            for phrase in phrases.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let words = phrase_words(phrase, lang);
                if words.is_empty() {
                    continue;
                }
                let i = cues.all.len();
                match &words[0] {
                    Word::Exact(w) => cues
                        .exact
                        .entry(lang.to_string())
                        .or_default()
                        .entry(w.clone())
                        .or_default()
                        .push(i),
                    _ => cues.loose.entry(lang.to_string()).or_default().push(i),
                }
                cues.all.push(Cue {
                    kind,
                    side,
                    phrase: phrase.to_string(),
                    words,
                });
            }
        }
        cues
    }

    /// Number of phrases, over all languages.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// Languages that have cues of `kind`.
    pub fn languages(&self, kind: CueKind) -> Vec<String> {
        let mut langs: Vec<String> = self
            .exact
            .iter()
            .filter(|(_, m)| m.values().flatten().any(|&i| self.all[i].kind == kind))
            .map(|(l, _)| l.clone())
            .chain(
                self.loose
                    .iter()
                    .filter(|(_, v)| v.iter().any(|&i| self.all[i].kind == kind))
                    .map(|(l, _)| l.clone()),
            )
            .collect();
        langs.sort();
        langs.dedup();
        langs
    }

    /// Every cue of `lang` in `tokens`, in text order. Cues that point at
    /// places and markers are found separately, so that one word may be
    /// both ("summit in" points at a venue, "summit" marks a meeting);
    /// within each, the longest phrase wins and matches do not overlap.
    pub fn find<'c>(&'c self, tokens: &[Token<'_>], lang: &str) -> Vec<CueMatch<'c>> {
        let [mut all, markers] = self.find_both(tokens, lang);
        all.extend(markers);
        all.sort_by_key(|m| (m.start, !m.cue.kind.points()));
        all
    }

    /// Pointing cues and markers, each read left to right with the longest
    /// phrase winning and no overlaps, in one pass over the tokens: a
    /// cursor per class says where its next match may start.
    fn find_both<'c>(&'c self, tokens: &[Token<'_>], lang: &str) -> [Vec<CueMatch<'c>>; 2] {
        let exact = self.exact.get(lang);
        let loose = self.loose.get(lang).map(Vec::as_slice).unwrap_or(&[]);
        let mut out: [Vec<CueMatch<'c>>; 2] = [Vec::new(), Vec::new()];
        let mut next = [0usize; 2];
        for i in 0..tokens.len() {
            let due = [next[0] <= i, next[1] <= i];
            if !due[0] && !due[1] {
                continue;
            }
            let mut best: [Option<CueMatch<'c>>; 2] = [None, None];
            let mut consider = |ci: usize| {
                let cue = &self.all[ci];
                let class = usize::from(!cue.kind.points());
                if !due[class] {
                    return;
                }
                if let Some(end) = match_at(&cue.words, tokens, i)
                    && best[class].as_ref().is_none_or(|b| end > b.end)
                {
                    best[class] = Some(CueMatch { cue, start: i, end });
                }
            };
            let first = &tokens[i].folded;
            if let Some(exact) = exact {
                for key in first_word_keys(first, tokens[i].script) {
                    for &ci in exact.get(key).into_iter().flatten() {
                        consider(ci);
                    }
                }
            }
            for &ci in loose {
                consider(ci);
            }
            for (class, found) in best.into_iter().enumerate() {
                if let Some(m) = found {
                    next[class] = m.end.max(i + 1);
                    out[class].push(m);
                }
            }
        }
        out
    }
}

/// The keys a token may be found under: itself, and for Arabic without a
/// leading conjunction.
fn first_word_keys(folded: &str, script: Script) -> impl Iterator<Item = &str> {
    let stripped = (script == Script::Arabic)
        .then(|| folded.strip_prefix(ARABIC_CONJUNCTIONS))
        .flatten()
        .filter(|s| s.chars().count() >= 2);
    std::iter::once(folded).chain(stripped)
}

/// Whether `words` match the tokens from `i`; the end token if so.
fn match_at(words: &[Word], tokens: &[Token<'_>], i: usize) -> Option<usize> {
    let mut t = i;
    for (k, w) in words.iter().enumerate() {
        let tok = tokens.get(t)?;
        // Words of a phrase are adjacent: no sentence break between them.
        if k > 0 && tok.sentence_start {
            return None;
        }
        let ok = w.matches(&tok.folded)
            || (k == 0
                && first_word_keys(&tok.folded, tok.script)
                    .skip(1)
                    .any(|s| w.matches(s)));
        if !ok {
            return None;
        }
        t += 1;
    }
    Some(t)
}

/// The words of a phrase, folded as article tokens are. Chinese and
/// Japanese phrases become one word per character, as their text is
/// tokenized.
fn phrase_words(phrase: &str, lang: &str) -> Vec<Word> {
    if matches!(lang, "zh" | "ja") {
        return phrase
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| Word::Exact(fold(&c.to_string())))
            .collect();
    }
    let mut words = Vec::new();
    for raw in phrase.split_whitespace() {
        if raw == "_" {
            words.push(Word::Any);
            continue;
        }
        let (body, prefix) = match raw.strip_suffix('*') {
            Some(b) => (b, true),
            None => (raw, false),
        };
        // Folding turns apostrophes and hyphens into spaces, as the
        // tokenizer splits there: one written word may be several.
        let folded = fold(body);
        let parts: Vec<&str> = folded.split_whitespace().collect();
        for (k, part) in parts.iter().enumerate() {
            if prefix && k + 1 == parts.len() {
                words.push(Word::Prefix(part.to_string()));
            } else {
                words.push(Word::Exact(part.to_string()));
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;

    fn kinds(text: &str, lang: &str) -> Vec<(CueKind, String)> {
        let tokens = tokenize(text);
        Cues::embedded()
            .find(&tokens, lang)
            .into_iter()
            .map(|m| (m.cue.kind, m.cue.phrase.clone()))
            .collect()
    }

    #[test]
    fn every_line_of_the_file_is_read() {
        for line in TRIP_CUES.lines() {
            if line.starts_with('#') || line.starts_with("kind\t") || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "{line}");
            assert!(CueKind::parse(cols[0]).is_some(), "{line}");
            assert!(matches!(cols[2], "after" | "before" | "-"), "{line}");
        }
        for lang in ["ar", "en", "fr", "es", "de", "ru", "zh"] {
            for kind in [CueKind::Arrive, CueKind::Go, CueKind::Return, CueKind::Past] {
                assert!(
                    Cues::embedded().languages(kind).iter().any(|l| l == lang),
                    "{lang} has no {kind:?} cue"
                );
            }
        }
    }

    #[test]
    fn longest_phrase_wins_and_words_fold() {
        assert_eq!(
            kinds("They travel on to Mogadishu", "en"),
            [(CueKind::Go, "travel on to".to_string())]
        );
        assert_eq!(
            kinds("La tournée s'achèvera samedi à Kinshasa", "fr")[0].0,
            CueKind::End
        );
    }

    #[test]
    fn arabic_conjunctions_and_russian_endings() {
        let found = kinds("ووصل الرئيس إلى بكين", "ar");
        assert_eq!(found[0].0, CueKind::Arrive);
        let found = kinds("министр прибыла в Бразилиа", "ru");
        assert!(
            found.iter().any(|(k, _)| *k == CueKind::Arrive),
            "{found:?}"
        );
        let found = kinds("总理将前往秘鲁", "zh");
        assert!(found.iter().any(|(k, _)| *k == CueKind::Go));
    }

    #[test]
    fn wildcards_match_one_word() {
        let found = kinds("Am Abend kehrt er nach Berlin zurück", "de");
        assert_eq!(found[0].0, CueKind::Return);
        assert_eq!(found[0].1, "kehrt _ nach");
    }
}
