//! Recognition: find every stretch of the article that names a place, a
//! country (by name or demonym) or an organisation, longest match first.
//!
//! The gazetteer's name index is walked token by token with a
//! [`NameCursor`], so a match is extended only while some indexed name still
//! continues it; the longest complete name wins. That is also what keeps
//! "Shanghai" out of "Shanghai Cooperation Organisation": the organisation's
//! name is longer and consumes the city's.

use crate::gazetteer::{Gazetteer, Kind, NameCursor, PlaceId, Posting, flag};
use crate::text::morph;
use crate::text::tokens::{Script, Token};

use super::lexicon::{Common, Cue, DivisionList, Lexicon};
use crate::hash::{FastMap, FastSet};

/// Longest name, in tokens, that recognition tries (CJK counts characters).
const MAX_TOKENS: usize = 8;
const MAX_CJK_TOKENS: usize = 14;

/// How a mention's text was matched to the name index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// The words as written (after folding).
    Exact,
    /// Arabic proclitics removed (والهند → الهند).
    Clitic,
    /// A case or genitive ending undone (Казахстане → Казахстан).
    Inflected,
    /// A name in a list before a plural word for its kind of division,
    /// read with the singular: "Clay" in "Clay and Wilkin counties" is
    /// Clay County.
    Listed,
}

/// A candidate mention: a span of the article and every gazetteer entry its
/// name can mean.
#[derive(Clone, Debug)]
pub struct Mention {
    /// The span as written in the article.
    pub text: String,
    /// Offsets in chars of the article as read, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Offsets in bytes of the article, for looking at what surrounds it.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Token range within its stretch of text, end exclusive.
    pub tokens: std::ops::Range<usize>,
    /// Index of its [`Reading`]: every mention of one name shares one.
    pub reading: usize,
    pub form: Form,
    /// The span starts a sentence, so its capital letter proves nothing.
    pub sentence_start: bool,
    /// Written in a script with letter case (Latin, Cyrillic), where a
    /// capital letter is evidence of a name.
    pub cased: bool,
    /// Written in a script without spaces between words (Chinese, Japanese).
    pub cjk: bool,
    /// (Chinese, Japanese) a person's title runs right into the span
    /// (总统桑托斯): a person's name, not a place.
    pub after_title: bool,
    /// Written in capitals (an acronym, or a dateline).
    pub all_caps: bool,
    /// A capitalized word other than a name stands right before or after the
    /// span ("Donald Trump", "Boston Globe"): the span is likely part of a
    /// longer proper name, a person's or an institution's.
    pub in_proper_run: bool,
    /// The run is a given name (or a title, or initials) right before the
    /// span ("George Washington", "Chief Robert Douglas"): a person's
    /// surname, even when the place is a capital.
    pub after_given_name: bool,
    /// Written as a word, it comes right before a capitalized word that no
    /// dictionary of the language knows ("Jordan Henderson", "Israel
    /// Katz"): a given name before a surname.
    pub before_surname: bool,
    /// A verb of saying follows the one-word span ("Moore said").
    pub said: bool,
    /// A preposition of place comes right before the span ("in Moore").
    pub after_locative: bool,
    /// A preposition with a masculine article in it comes right before
    /// the span ("au Québec"): no town's name, unless the article is the
    /// name's own (Le Caire).
    pub after_contracted_article: bool,
    /// An article or determiner comes right before the span in a language
    /// that capitalizes every noun ("am Rande", "der Minister").
    pub after_determiner: bool,
    /// A word for a first-level division stands right before or after the
    /// span ("محافظة الجيزة", "Lagos State"): the division is meant, not
    /// its capital.
    pub division: bool,
    /// A word for a capital stands right before the span ("العاصمة عمان",
    /// "the capital Kuwait"): a capital city is meant, not a country.
    pub capital: bool,
    /// The name is also a common word (جدة "grandmother", Reading): it counts
    /// only when the rest of the article supports the place.
    pub needs_support: bool,
    /// (Arabic) the word has the article and matched only without it, as
    /// البنين ("the boys", or للبنين "for the boys") matches بنين, Benin. A
    /// name either always takes the article (الأردن) or never does (بنين,
    /// غزة): written with one it does not take, the word is another.
    pub article_dropped: bool,
}

/// A name as matched (folded) and everything the gazetteer says it can
/// mean, stored once however often the article repeats it.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    pub key: String,
    pub postings: Vec<Posting>,
}

/// What recognition found in an article: its mentions and their readings.
#[derive(Clone, Debug, Default)]
pub struct Recognized {
    pub mentions: Vec<Mention>,
    pub readings: Vec<Reading>,
    /// Words that stand for a country named elsewhere (المملكة).
    pub anaphors: Vec<Anaphor>,
    index: FastMap<String, usize>,
}

/// A word that stands for a country the article names by its full name
/// elsewhere: "المملكة" (the Kingdom) for Saudi Arabia or Jordan.
#[derive(Clone, Debug)]
pub struct Anaphor {
    /// The word, folded and without its article ("مملكه").
    pub word: String,
    pub text: String,
    /// Offsets in chars of the article as read, end exclusive.
    pub start: usize,
    pub end: usize,
}

impl Recognized {
    /// The reading for `key`, with `postings` merged into it.
    fn reading(&mut self, key: String, postings: Vec<Posting>) -> usize {
        // Looked up before it is inserted: a name the article repeats is
        // found without a copy of its key.
        let i = match self.index.get(key.as_str()) {
            Some(&i) => i,
            None => {
                self.index.insert(key.clone(), self.readings.len());
                self.readings.push(Reading {
                    key,
                    postings: Vec::new(),
                });
                self.readings.len() - 1
            }
        };
        let r = &mut self.readings[i];
        // One posting per place and flags, the first met. A common name
        // has hundreds of postings (a place's name in many languages, many
        // places of one name): compared pairwise, they cost a square.
        if r.postings.len() + postings.len() <= 32 {
            for p in postings {
                if !r
                    .postings
                    .iter()
                    .any(|q| q.place == p.place && q.flags == p.flags)
                {
                    r.postings.push(p);
                }
            }
        } else {
            let mut seen: FastSet<(PlaceId, u16)> =
                r.postings.iter().map(|q| (q.place, q.flags)).collect();
            for p in postings {
                if seen.insert((p.place, p.flags)) {
                    r.postings.push(p);
                }
            }
        }
        i
    }
}

struct Match<'g> {
    end_token: usize,
    cursor: NameCursor<'g>,
    key: String,
    form: Form,
    stripped_letters: usize,
    /// The word's Arabic article was dropped to match (see
    /// [`Mention::article_dropped`]).
    article_dropped: bool,
}

/// The best match so far while extending a span.
struct Best<'g, 'w> {
    end_token: usize,
    cursor: NameCursor<'g>,
    form: Form,
    stripped_letters: usize,
    /// The first word's form that matched: the article put back, then
    /// the word itself or what a clitic strip left of it.
    head: &'static str,
    first_word: &'w str,
    /// The last word with its ending undone, when that is how it matched.
    last_word: Option<String>,
}

fn cased(s: Script) -> bool {
    matches!(s, Script::Latin | Script::Cyrillic)
}

/// Char offset in `word` after its first `letters` letters, skipping the
/// marks (harakat) that folding dropped.
fn offset_after_letters(word: &str, letters: usize) -> usize {
    let mut seen = 0;
    for (i, c) in word.chars().enumerate() {
        if seen == letters {
            return i;
        }
        if c.is_alphabetic() {
            seen += 1;
        }
    }
    word.chars().count()
}

/// Finds the longest name starting at token `i`.
///
/// Inlined into its callers: as a call, its prologue and epilogue were a
/// twentieth of all geoparsing, once per token.
#[inline(always)]
fn longest_at<'g>(
    gaz: &'g Gazetteer,
    lex: &Lexicon,
    tokens: &[Token<'_>],
    i: usize,
    lang: &str,
    demonyms_capitalized: bool,
    openers: Option<&FastSet<String>>,
) -> Option<Match<'g>> {
    let first = &tokens[i];
    // In a cased script a lower-case word can only begin a demonym, and
    // not even that where demonyms are capitalized.
    if cased(first.script)
        && !first.capitalized
        && ((demonyms_capitalized && first.script == Script::Latin)
            || !lex.may_begin_demonym(&first.folded, lang))
        && !openers.is_some_and(|words| words.contains(first.folded.as_ref()))
    {
        return None;
    }
    // First-word forms: the word itself, then its clitic strips, each as an
    // optional head (the article put back) and a suffix of the word.
    // Not collected: most capitalized words have the one form.
    let strips = (first.script == Script::Arabic)
        .then(|| morph::arabic_strips(&first.folded).map(|(h, r, n)| (h, r, Form::Clitic, n)));
    // An adjective that opens a name of several words is inflected with it
    // ("im Nahen Osten", "на Ближнем Востоке"): its nominatives are tried
    // as first words, for names of two words or more.
    let adjectives = if cased(first.script)
        && first.capitalized
        && tokens.get(i + 1).is_some_and(|t| t.joins_previous)
    {
        morph::adjective_nominatives(&first.folded, lang)
    } else {
        Vec::new()
    };
    let forms = std::iter::once(("", first.folded.as_ref(), Form::Exact, 0))
        .chain(strips.into_iter().flatten())
        .chain(
            adjectives
                .iter()
                .map(|a| ("", a.as_str(), Form::Inflected, 0)),
        );
    let max = if first.script == Script::Cjk {
        MAX_CJK_TOKENS
    } else {
        MAX_TOKENS
    };
    let mut best: Option<Best<'g, '_>> = None;
    for (head, form_text, form, stripped_letters) in forms {
        let mut cur = gaz.cursor();
        for j in i..(i + max).min(tokens.len()) {
            let t = &tokens[j];
            if j > i && !t.joins_previous {
                break;
            }
            // Case endings to undo on the last word of the span (below), in
            // the languages that inflect names; the cursor before the word
            // is kept for them.
            let cases: &[(&str, &[&str])] = match (t.script, lang) {
                (Script::Cyrillic, _) => morph::CYRILLIC_CASES,
                (Script::Latin, "de") => morph::GERMAN_CASES,
                _ => &[],
            };
            let before = (!cases.is_empty()).then_some(cur);
            let sep = if j == i || (t.script == Script::Cjk && tokens[j - 1].script == Script::Cjk)
            {
                ""
            } else {
                " "
            };
            let word: &str = if j == i { form_text } else { t.folded.as_ref() };
            let fed = cur.feed_parts(&[sep, if j == i { head } else { "" }, word]);
            let better = |best: &Option<Best<'g, '_>>, form: Form| {
                best.as_ref().is_none_or(|b| {
                    j > b.end_token
                        || (j == b.end_token && form == Form::Exact && b.form != Form::Exact)
                })
            };
            // A restored adjective stands only with the words after it.
            let whole = !(form == Form::Inflected && j == i);
            if fed && cur.is_name() && whole && better(&best, form) {
                gaz.fetch_postings(&cur);
                best = Some(Best {
                    end_token: j,
                    cursor: cur,
                    form,
                    stripped_letters,
                    head,
                    first_word: form_text,
                    last_word: None,
                });
            }
            // Undo a case ending on the last word of the span. Endings are
            // undone only in languages that inflect names: English "Jays" is
            // no genitive of Jay. The stem is fed first, so most words are
            // given up after a byte or two.
            if let Some(before) = before
                && (!fed || !cur.is_name())
                && better(&best, Form::Inflected)
            {
                // The longest stem that makes a name wins: России is Россия
                // (stem росси), not Росс, Ohio (stem росс).
                let mut found: Option<(&str, &str, NameCursor<'g>)> = None;
                for (ending, restore) in cases {
                    let Some(stem) = word.strip_suffix(ending) else {
                        continue;
                    };
                    if stem.chars().count() < 3
                        || found.is_some_and(|(s, _, _)| s.len() >= stem.len())
                    {
                        continue;
                    }
                    let mut c = before;
                    if !c.feed_parts(&[sep, stem]) {
                        continue;
                    }
                    for nom in *restore {
                        let mut c2 = c;
                        // The stem and the nominative ending make another word
                        // than the one written (stem + ending).
                        if nom != ending
                            && morph::spelled(stem, ending, nom)
                            && c2.feed(nom)
                            && c2.is_name()
                        {
                            found = Some((stem, nom, c2));
                            break;
                        }
                    }
                }
                if let Some((stem, nom, cursor)) = found {
                    best = Some(Best {
                        end_token: j,
                        cursor,
                        form: Form::Inflected,
                        stripped_letters,
                        head,
                        first_word: form_text,
                        last_word: Some(format!("{stem}{nom}")),
                    });
                }
            }
            if !fed {
                break;
            }
        }
    }
    let Best {
        end_token,
        cursor,
        form,
        stripped_letters,
        head,
        first_word,
        last_word: last,
    } = best?;
    // The folded name that matched, rebuilt once for the winner.
    let mut key = String::new();
    for j in i..=end_token {
        let t = &tokens[j];
        if j > i && !(t.script == Script::Cjk && tokens[j - 1].script == Script::Cjk) {
            key.push(' ');
        }
        match (&last, j == end_token, j == i) {
            (Some(w), true, _) => key.push_str(w),
            (_, _, true) => {
                key.push_str(head);
                key.push_str(first_word);
            }
            _ => key.push_str(&t.folded),
        }
    }
    // What the clitic strip took off the first word: its article, when
    // that ends in ال, or in لل (ل and the article, whose alef is elided).
    let article_dropped = form == Form::Clitic
        && head.is_empty()
        && tokens[i]
            .folded
            .strip_suffix(first_word)
            .is_some_and(|taken| taken.ends_with("ال") || taken.ends_with("لل"));
    Some(Match {
        end_token,
        cursor,
        key,
        form,
        stripped_letters,
        article_dropped,
    })
}

/// A division's name read from a list (see [`listed_divisions`]).
struct Listed<'g> {
    start: usize,
    name: Match<'g>,
}

/// The names listed before a plural word for a division ("counties"),
/// each read as that division's name with the singular: "Becker, Clay,
/// Otter Tail and Wilkin counties" are Becker County, Clay County, Otter
/// Tail County and Wilkin County. Written alone, "Clay" would be a town,
/// or a word. A list has two names at least, the last two joined by a
/// conjunction and any before them by commas. Sorted by first token.
fn listed_divisions<'g>(
    gaz: &'g Gazetteer,
    list: &DivisionList,
    text: &str,
    tokens: &[Token<'_>],
) -> Vec<Listed<'g>> {
    let mut found = Vec::new();
    // Few texts have a list: a search of the text for the plurals (past
    // their first letter, which may be a capital) spares most of them a
    // look at every word. (A list in capitals, "CLAY AND WILKIN
    // COUNTIES", is not read.)
    if !list.plurals.iter().any(|(plural, _)| {
        plural
            .get(1..)
            .is_some_and(|rest| !rest.is_empty() && text.contains(rest))
    }) {
        return found;
    }
    for (k, plural) in tokens.iter().enumerate().skip(1) {
        if !plural.joins_previous || !tokens[k - 1].capitalized {
            continue;
        }
        let Some(singular) = list.singular(&plural.folded) else {
            continue;
        };
        let mut names: Vec<Listed<'g>> = Vec::new();
        let mut end = k - 1;
        let mut joined = false;
        while let Some(name) = listed_name(gaz, list, tokens, end, singular) {
            let s = name.start;
            names.push(name);
            // What stands before the name: the conjunction nearest the
            // plural, then commas.
            let Some(before) = s.checked_sub(1) else {
                break;
            };
            let gap = &text[tokens[before].byte_end..tokens[s].byte_start];
            if !joined && tokens[s].joins_previous && list.is_conjunction(&tokens[before].folded) {
                joined = true;
                match before.checked_sub(1) {
                    Some(e) => end = e,
                    None => break,
                }
            } else if joined && gap.trim() == "," {
                end = before;
            } else {
                break;
            }
        }
        if joined && names.len() >= 2 {
            found.extend(names);
        }
    }
    found.sort_by_key(|m| m.start);
    found
}

/// The division whose name, with `singular`, is the longest run of
/// capitalized words ending at token `end` ("Otter Tail", not "Small
/// Hitchcock" but "Hitchcock").
fn listed_name<'g>(
    gaz: &'g Gazetteer,
    list: &DivisionList,
    tokens: &[Token<'_>],
    end: usize,
    singular: &str,
) -> Option<Listed<'g>> {
    let named = |t: &Token<'_>| t.capitalized && cased(t.script) && !list.is_conjunction(&t.folded);
    if !named(&tokens[end]) {
        return None;
    }
    let mut first = end;
    while first > 0
        && end - first + 1 < MAX_TOKENS
        && tokens[first].joins_previous
        && named(&tokens[first - 1])
    {
        first -= 1;
    }
    (first..=end).find_map(|start| {
        let words = &tokens[start..=end];
        let mut cursor = gaz.cursor();
        for (n, t) in words.iter().enumerate() {
            if !cursor.feed_parts(&[if n == 0 { "" } else { " " }, &t.folded]) {
                return None;
            }
        }
        if !cursor.feed_parts(&[" ", singular]) || !cursor.is_name() {
            return None;
        }
        gaz.fetch_postings(&cursor);
        let mut key: Vec<&str> = words.iter().map(|t| t.folded.as_ref()).collect();
        key.push(singular);
        Some(Listed {
            start,
            name: Match {
                end_token: end,
                cursor,
                key: key.join(" "),
                form: Form::Listed,
                stripped_letters: 0,
                article_dropped: false,
            },
        })
    })
}

/// Finds the mentions of `tokens` (from [`crate::text::tokens::tokenize`]
/// over `text`, a stretch of the article that starts `char_base` chars and
/// `byte_base` bytes into it) written in language `lang`, and adds them to
/// `out`.
pub fn recognize(
    gaz: &Gazetteer,
    lex: &Lexicon,
    text: &str,
    tokens: &[Token<'_>],
    lang: &str,
    (char_base, byte_base): (usize, usize),
    out: &mut Recognized,
) {
    let demonyms_capitalized = lex.capitalizes_demonyms(lang);
    let contracted_articles = lex.contracted_articles(lang);
    let openers = lex.name_openers(lang);
    // What the language is, asked once rather than for every mention.
    let nouns_capitalized = lex.capitalizes_nouns(lang);
    let dictionary = lex.has_dictionary(lang);
    // Last first, to be taken off the end as the walk reaches them (most
    // texts have none: nothing is moved for every token).
    let mut listed = lex
        .division_list(lang)
        .map(|list| listed_divisions(gaz, list, text, tokens))
        .unwrap_or_default();
    listed.reverse();
    let mut i = 0;
    while i < tokens.len() {
        // A listed name that an earlier, longer name took in is no more.
        while listed.last().is_some_and(|m| m.start < i) {
            listed.pop();
        }
        let m = if listed.last().is_some_and(|m| m.start == i) {
            listed.pop().map(|m| m.name)
        } else {
            longest_at(gaz, lex, tokens, i, lang, demonyms_capitalized, openers)
        };
        let Some(m) = m else {
            // An anaphor is written like a name: capitalized where the
            // script has case ("the Kingdom").
            let t = &tokens[i];
            let anaphor = (!cased(t.script) || t.capitalized)
                .then(|| lex.country_anaphor(&t.folded))
                .flatten();
            if let Some((word, skip)) = anaphor {
                let byte_skip: usize = t.text.chars().take(skip).map(char::len_utf8).sum();
                out.anaphors.push(Anaphor {
                    word: word.to_string(),
                    text: t.text[byte_skip..].to_string(),
                    start: char_base + t.start + skip,
                    end: char_base + t.end,
                });
            }
            i += 1;
            continue;
        };
        // A longer name that begins inside this one and ends beyond it is
        // the name written ("la Côte d'Ivoire" is not "La Côte", a name of
        // La Rochelle, and "d'Ivoire"), and so is an organisation's
        // ("La Unión Europea" is no town of La Unión).
        //
        // Such a name goes on into the next word, and where the script has
        // case it ends in a capitalized word, that one or the next ("Côte
        // d'Ivoire"): most names are followed by neither.
        let joined = |j: usize| tokens.get(j).filter(|t| t.joins_previous);
        let goes_on = joined(m.end_token + 1).is_some_and(|next| {
            !cased(next.script)
                || next.capitalized
                || joined(m.end_token + 2).is_some_and(|t| t.capitalized)
        });
        if goes_on
            && let Some(k) =
                (i + 1..=m.end_token).find(|&k| overlaps_further(gaz, lex, tokens, lang, &m, i, k))
        {
            i = k;
            continue;
        }
        let postings: Vec<Posting> = gaz.postings_at(&m.cursor).collect();
        let span = i..m.end_token + 1;
        let cues = Cues::around(lex, tokens, i, m.end_token);
        let (postings, needs_support) = admissible(lex, &m, postings, tokens, i, lang, cues);
        if postings.is_empty() {
            i += 1;
            continue;
        }
        // A street named after a town is no mention of the town, nor is
        // the prayer after صلاة (صلاة المغرب, the sunset prayer) a place.
        // A street's word that a capitalized word follows begins the name
        // of what belongs to the place: the Florida Highway Patrol is
        // Florida's.
        let institution = tokens
            .get(m.end_token + 2)
            .is_some_and(|t| t.joins_previous && t.capitalized && cased(t.script));
        let street =
            (cues.next.is(Cue::STREET_AFTER) && !institution) || cues.prev.is(Cue::STREET_BEFORE);
        if street || word_before(text, tokens, i, |w| lex.is_not_place_before(w)) {
            i = m.end_token + 1;
            continue;
        }
        let first = &tokens[i];
        let last = &tokens[m.end_token];
        let skip = offset_after_letters(first.text, m.stripped_letters);
        let start = first.start + skip;
        let byte_start = first.byte_start
            + first
                .text
                .chars()
                .take(skip)
                .map(char::len_utf8)
                .sum::<usize>();
        // "Md." is written with its full stop: the span keeps it.
        let dot = usize::from(last.dotted && postings.iter().any(|p| p.name().ends_with('.')));
        let run = proper_run(lex, lang, tokens, i, m.end_token, cues.prev);
        let reading = out.reading(m.key, postings);
        out.mentions.push(Mention {
            text: text[byte_start..last.byte_end + dot].to_string(),
            start: char_base + start,
            end: char_base + last.end + dot,
            byte_start: byte_base + byte_start,
            byte_end: byte_base + last.byte_end + dot,
            tokens: span,
            reading,
            form: m.form,
            sentence_start: first.sentence_start,
            // German capitalizes every noun: there a capital letter is no
            // evidence of a name.
            cased: cased(first.script) && !nouns_capitalized,
            needs_support,
            article_dropped: m.article_dropped,
            in_proper_run: run.before || run.after,
            // Known only where a dictionary tells given names from words
            // and only names take a capital (not German: "am Sonntag
            // Stockholm").
            after_given_name: run.before && dictionary && !nouns_capitalized,
            before_surname: before_surname(lex, lang, tokens, i, m.end_token),
            said: i == m.end_token && cues.next.is(Cue::SPEECH_VERB),
            division: division_word(lex, text, tokens, i, m.end_token, cues.next),
            capital: word_before(text, tokens, i, |w| lex.is_capital_before(w)),
            after_locative: !tokens[i].sentence_start && cues.prev.is(Cue::LOCATIVE),
            after_contracted_article: contracted_articles.is_some_and(|words| {
                i > 0 && tokens[i].joins_previous && words.contains(tokens[i - 1].folded.as_ref())
            }),
            after_determiner: i > 0
                && tokens[i].joins_previous
                && nouns_capitalized
                && lex.is_noun_determiner(lang, &tokens[i - 1].folded),
            all_caps: tokens[i..=m.end_token].iter().all(|t| t.all_caps),
            cjk: first.script == Script::Cjk,
            after_title: first.script == Script::Cjk
                && lex.ends_with_person_title(&text[..byte_start]),
        });
        i = m.end_token + 1;
    }
}

/// Whether the name found at token `k`, inside `m` (found at `i`), ends
/// beyond `m` and is either longer or an organisation's name: then it,
/// not `m`, is what the text names. (Rarely asked: kept out of line.)
#[inline(never)]
fn overlaps_further(
    gaz: &Gazetteer,
    lex: &Lexicon,
    tokens: &[Token<'_>],
    lang: &str,
    m: &Match<'_>,
    i: usize,
    k: usize,
) -> bool {
    // First what costs least: the later name, which takes in the word
    // after `m` (the caller knows there is one), must begin with a capital
    // where the script has case, and, where names are not inflected, the
    // words from `k` through that one must begin some name as written.
    let end = m.end_token + 1;
    if cased(tokens[k].script) && !tokens[k].capitalized {
        return false;
    }
    let inflected = tokens[k..=end]
        .iter()
        .any(|t| t.script == Script::Cyrillic || (t.script == Script::Latin && lang == "de"));
    if !inflected {
        let mut cur = gaz.cursor();
        for j in k..=end {
            let cjk =
                j > k && tokens[j].script == Script::Cjk && tokens[j - 1].script == Script::Cjk;
            let sep = if j == k || cjk { "" } else { " " };
            if !cur.feed_parts(&[sep, &tokens[j].folded]) {
                return false;
            }
        }
    }
    let capitalized = lex.capitalizes_demonyms(lang);
    let openers = lex.name_openers(lang);
    let Some(later) = longest_at(gaz, lex, tokens, k, lang, capitalized, openers) else {
        return false;
    };
    if later.end_token <= m.end_token {
        return false;
    }
    later.end_token - k > m.end_token - i
        || gaz
            .postings_at(&later.cursor)
            .any(|p| gaz.place(p.place).kind == Kind::Organisation)
}

/// What the words right before and after a span are as cue words (a
/// street's, a division's, a preposition, a verb of saying...), each
/// looked up once for all the questions asked of it. A word across a gap
/// that breaks a name (a comma, a line) is no cue.
#[derive(Clone, Copy, Debug, Default)]
struct Cues {
    prev: Cue,
    next: Cue,
}

impl Cues {
    fn around(lex: &Lexicon, tokens: &[Token<'_>], start: usize, end: usize) -> Cues {
        let prev = start
            .checked_sub(1)
            .filter(|_| tokens[start].joins_previous)
            .map_or_else(Cue::default, |p| lex.cue(&tokens[p].folded));
        let next = tokens
            .get(end + 1)
            .filter(|t| t.joins_previous)
            .map_or_else(Cue::default, |t| lex.cue(&t.folded));
        Cues { prev, next }
    }
}

/// Whether the span `start..=end` stands in a longer run of capitalized
/// words that reads as a person's name (the gazetteer already matched the
/// longest place name it knows). Where the language has a bundled
/// dictionary, a neighbour that is an everyday word ("Gainesville Police",
/// "Boston University") makes an institution's name, in which the place
/// stands; a neighbour that is no word ("Florence Achieng") makes a person.
fn proper_run(
    lex: &Lexicon,
    lang: &str,
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    prev: Cue,
) -> ProperRun {
    let first = &tokens[start];
    if !cased(first.script) {
        return ProperRun::default();
    }
    // A given name the dictionary spells with a capital (Bob, Mark) counts
    // as a name even though "bob" and "mark" are everyday words too.
    let name_like = |t: &Token<'_>| {
        t.capitalized
            && t.text.chars().count() > 1
            && !t.all_caps
            && (!lex.is_dictionary_word(lang, &t.folded) || lex.is_given_name(lang, &t.folded))
    };
    // A middle initial ("Marsha J. Moore", "B.J. Untha") stands between a
    // given name and a surname.
    let initial = |t: &Token<'_>| t.capitalized && t.dotted && t.text.chars().count() == 1;
    // A capital at a sentence start proves nothing ("In Paris").
    let before = start > 0 && first.joins_previous && {
        let t = &tokens[start - 1];
        (!t.sentence_start && name_like(t) && !prev.is(Cue::PLACE_PART))
            || (t.capitalized && prev.is(Cue::PERSON_TITLE))
            || (initial(t)
                && start > 1
                && t.joins_previous
                && (name_like(&tokens[start - 2]) || initial(&tokens[start - 2])))
    };
    let after = tokens
        .get(end + 1)
        .is_some_and(|t| t.joins_previous && name_like(t));
    ProperRun { before, after }
}

/// Where a span's run of capitalized name-like words lies (see
/// [`proper_run`]).
#[derive(Clone, Copy, Debug, Default)]
struct ProperRun {
    /// A given name, a title or initials right before the span.
    before: bool,
    /// A name-like word right after it ("Donald Trump", "Florence Achieng").
    after: bool,
}

/// Whether the one-word span, written as a word (not "US", "U.S."), comes
/// right before a capitalized word that is no everyday word of `lang` (only
/// languages with a bundled dictionary answer).
fn before_surname(
    lex: &Lexicon,
    lang: &str,
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
) -> bool {
    let first = &tokens[start];
    start == end
        && cased(first.script)
        && !first.all_caps
        && !first.dotted
        && tokens.get(end + 1).is_some_and(|t| {
            t.joins_previous
                && t.capitalized
                && !t.all_caps
                && t.text.chars().count() > 1
                && lex.has_dictionary(lang)
                && !lex.is_dictionary_word(lang, &t.folded)
        })
}

/// Whether a word for a first-level division stands right before the span,
/// right after it, or opens it.
fn division_word(
    lex: &Lexicon,
    text: &str,
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    next: Cue,
) -> bool {
    let after = next.is(Cue::DIVISION_AFTER);
    // The word may open the name itself: "المنطقة الشرقية".
    let inside = end > start && lex.is_division_before(&tokens[start].folded);
    after || inside || word_before(text, tokens, start, |w| lex.is_division_before(w))
}

/// Whether the word right before token `start` is one `is` accepts, across
/// spaces and a hashtag's `#` ("بمحافظة #الجيزة") but not a line break or
/// punctuation.
fn word_before(text: &str, tokens: &[Token<'_>], start: usize, is: impl Fn(&str) -> bool) -> bool {
    start.checked_sub(1).is_some_and(|p| {
        let gap = &text[tokens[p].byte_end..tokens[start].byte_start];
        gap.chars()
            .all(|c| c == '#' || (c.is_whitespace() && c != '\n'))
            && is(&tokens[p].folded)
    })
}

/// Whether a folded Arabic word has the shape of a nisba adjective.
fn is_nisba(folded: &str) -> bool {
    folded.ends_with('ي')
        || folded.ends_with("يه")
        || folded.ends_with("يين")
        || folded.ends_with("يون")
}

/// The readings of a matched span that the text's evidence allows: the
/// rules that tell a name from a common word, a language or a fragment.
fn admissible(
    lex: &Lexicon,
    m: &Match<'_>,
    mut ps: Vec<Posting>,
    tokens: &[Token<'_>],
    start: usize,
    lang: &str,
    cues: Cues,
) -> (Vec<Posting>, bool) {
    let first = &tokens[start];
    let span = &tokens[start..=m.end_token];
    let single = span.len() == 1;
    let key_chars = m.key.chars().count();

    // Lower case in a cased script is no proper name; only a demonym, in a
    // language that writes them in lower case (russe, ruso, российский).
    // Nor a name of several words that begins with a lower-case word for
    // a feature, as the name itself is written ("mer Rouge").
    if cased(first.script) && !first.capitalized {
        let opened = span.len() > 1
            && lex
                .name_openers(lang)
                .is_some_and(|words| words.contains(first.folded.as_ref()));
        ps.retain(|p| {
            (p.has(flag::DEMONYM) && p.lang == lang)
                || (opened && p.name().starts_with(char::is_lowercase))
        });
    }
    // One- and two-letter names are abbreviations (US, UK, EU; "Md." with
    // its full stop) or noise.
    if first.script != Script::Cjk && key_chars <= 2 {
        let written_as_abbreviation = first.all_caps || (first.capitalized && first.dotted);
        ps.retain(|p| {
            written_as_abbreviation && p.has(flag::ABBR | flag::SHORT) && cased(first.script)
        });
    }
    if first.script != Script::Cjk && key_chars == 3 && cased(first.script) && !first.all_caps {
        // "Uzb", "Kaz" as alternate names of cities are transliteration noise.
        ps.retain(|p| !p.name().chars().all(|c| c.is_lowercase()));
    }
    // A single CJK character is a country abbreviation only in the news
    // compounds it forms (中俄, 俄方); elsewhere it is an ordinary word.
    // In 中俄关系 the 俄 is followed by no such character, but it comes
    // after another country's abbreviation.
    if first.script == Script::Cjk && key_chars == 1 {
        let next = tokens.get(start + 1).filter(|t| t.joins_previous);
        let follows = next
            .and_then(|t| t.text.chars().next())
            .is_some_and(|c| lex.is_cjk_short_follower(c));
        let after_country = start.checked_sub(1).is_some_and(|p| {
            let before = &tokens[p];
            first.joins_previous
                && before.script == Script::Cjk
                && before
                    .text
                    .chars()
                    .next()
                    .is_some_and(|c| lex.is_cjk_short_follower(c))
                && lex.may_begin_demonym(&before.folded, lang)
        });
        ps.retain(|p| p.has(flag::CURATED) && (follows || after_country));
    }
    // A language, not a country: بالتركية, "in Turkish", "на русском".
    let prev = start
        .checked_sub(1)
        .map(|i| &tokens[i])
        .filter(|_| first.joins_previous);
    let language_context =
        (m.form == Form::Clitic && first.folded.starts_with('ب') && m.stripped_letters >= 1)
            || cues.prev.is(Cue::LANGUAGE);
    if language_context {
        // The word as written (بالتركية), the name with its article
        // (التركية) or as matched (تركية) may be listed as a language.
        let listed = [
            first.folded.to_string(),
            m.key.clone(),
            format!("ال{}", m.key),
        ]
        .iter()
        .any(|w| lex.is_language_name(w));
        if listed {
            ps.clear();
        } else {
            ps.retain(|p| !p.has(flag::DEMONYM) && !p.has(flag::LANGUAGE));
        }
    }
    // An Arabic adjective agrees with the noun before it: in الدول الغربية
    // ("the Western countries") الغربية is no region, though Gharbia is
    // spelled so. A nisba form (…ي, …ية) right after a definite noun is read
    // as an adjective.
    if first.script == Script::Arabic && single && is_nisba(&m.key) {
        let after_definite = prev
            .is_some_and(|t| t.script == Script::Arabic && t.folded.starts_with("ال"))
            && first.folded.starts_with("ال");
        if after_definite {
            ps.retain(|p| p.has(flag::DEMONYM));
        }
    }
    // Common words that are also places (multi-word ones too: El Niño).
    let mut needs_support = false;
    // A word matched without its article is also asked with it: the list
    // writes an Arabic word as it is used (الصحراوية, "desert" in المناطق
    // الصحراوية, where the name matched is صحراوية, Sahrawi).
    // (The word as written holds that form, but after لل.)
    let common = lex.common_word(&m.key, lang).or_else(|| {
        if !m.article_dropped {
            return None;
        }
        let written = first
            .folded
            .len()
            .checked_sub(m.key.len() + "ال".len())
            .and_then(|at| first.folded.get(at..))
            .filter(|w| single && w.starts_with("ال"));
        match written {
            Some(w) => lex.common_word(w, lang),
            None => lex.common_word(&format!("ال{}", m.key), lang),
        }
    });
    if let Some(kind) = common {
        // German capitalizes every noun: its capital letter proves nothing.
        let proper = cased(first.script)
            && first.capitalized
            && !first.sentence_start
            && !lex.capitalizes_nouns(lang);
        match kind {
            Common::Word => ps.retain(|p| p.has(flag::CURATED) && !p.has(flag::AMBIGUOUS)),
            _ if !single => {}
            // Capitalized mid-sentence, "Nice" is the city; elsewhere (and in
            // scripts without case) the place must be borne out by context.
            Common::CityAndWord => needs_support = !proper,
            Common::Dictionary => needs_support = true,
        }
    }
    (ps, needs_support)
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::Gazetteer;
    use crate::geoparse::{ParseOptions, parse};

    /// Each place found in `text` (English) as (mention as written, name,
    /// admin-1 code), in the article's order.
    fn found(text: &str) -> Vec<(String, &'static str, Option<&'static str>)> {
        let parsed = parse(Gazetteer::embedded(), text, &ParseOptions::default());
        let mut all: Vec<_> = parsed
            .places
            .iter()
            .flat_map(|p| p.mentions.iter().map(move |m| (m.start, m.text.clone(), p)))
            .collect();
        all.sort_by_key(|(start, _, _)| *start);
        all.into_iter()
            .map(|(_, text, p)| (text, p.name_en, p.admin1))
            .collect()
    }

    /// The English names of the places found in `text`, read as `lang`.
    fn names(lang: &str, text: &str) -> Vec<&'static str> {
        let opts = ParseOptions {
            lang: Some(lang.into()),
            ..ParseOptions::default()
        };
        let parsed = parse(Gazetteer::embedded(), text, &opts);
        parsed.places.iter().map(|p| p.name_en).collect()
    }

    #[test]
    fn a_longer_name_or_an_organisation_begun_inside_a_name_wins() {
        // "La Côte" is a name of La Rochelle; "Côte d'Ivoire" is longer.
        assert_eq!(
            names("fr", "La Côte d'Ivoire et le Cameroun ont signé un accord."),
            ["Ivory Coast", "Cameroon"]
        );
        // "La Unión" is a town of Murcia; "Unión Europea", as long, is an
        // organisation's name.
        assert_eq!(
            names("es", "La Unión Europea firmó el acuerdo en Montevideo."),
            ["European Union", "Montevideo"]
        );
        // A name that ends where the first does is no reason to give it up.
        assert_eq!(
            names("en", "Flights from New York City resumed."),
            ["New York City"]
        );
    }

    #[test]
    fn french_and_spanish_names_of_features_begin_with_a_lower_case_word() {
        assert_eq!(
            names(
                "fr",
                "Des navires attaqués en mer Rouge, sur le fleuve Congo."
            ),
            ["Red Sea", "Congo River"]
        );
        assert_eq!(
            names("es", "La sequía afecta al río Amazonas y al lago Titicaca."),
            ["Amazon River", "Lake Titicaca"]
        );
        // The word alone is no name.
        assert!(names("fr", "Il a pris la mer, le lac était calme.").is_empty());
    }

    #[test]
    fn a_russian_ending_is_undone_only_within_its_paradigm() {
        let listed = found(
            "Ранее министр побывал в Казани и Уфе. Более того, помимо Бразилии, \
             он посетит Африку и Кремль.",
        );
        let named: Vec<(&str, &str)> = listed
            .iter()
            .map(|(text, name, _)| (text.as_str(), *name))
            .collect();
        // Not Rānia (India) nor Baule (France): adverbs in -ее are no cases
        // of nouns. Бразилии is Бразилия, Brazil, not Бразилиа, Brasília.
        assert!(named.contains(&("Казани", "Kazan")), "{named:?}");
        assert!(named.contains(&("Бразилии", "Brazil")), "{named:?}");
        assert!(
            !named
                .iter()
                .any(|(text, _)| ["Ранее", "Более"].contains(text))
        );
    }

    #[test]
    fn names_listed_before_a_plural_division_are_those_divisions() {
        let listed = found(
            "Flooding closed roads in Becker, Clay, Otter Tail and Wilkin counties, Minnesota.",
        );
        let named: Vec<(&str, &str)> = listed
            .iter()
            .map(|(text, name, _)| (text.as_str(), *name))
            .collect();
        assert_eq!(
            named,
            [
                ("Becker", "Becker County"),
                ("Clay", "Clay County"),
                ("Otter Tail", "Otter Tail County"),
                ("Wilkin", "Wilkin County"),
                ("Minnesota", "Minnesota"),
            ]
        );
        // Clay County of Minnesota, of the many.
        assert_eq!(listed[1].2, Some("MN"));
        // Parishes; a word before the list is not part of a name
        // ("Small" Hitchcock).
        let parishes = found("Avoyelles and Rapides parishes were flooded.");
        assert_eq!(parishes[0].1, "Avoyelles Parish");
        assert_eq!(parishes[1].1, "Rapides Parish");
        let small = found("Small Hitchcock and Hayes counties in Nebraska voted.");
        assert_eq!(small[0].0, "Hitchcock");
        assert_eq!(small[0].1, "Hitchcock County");
    }

    #[test]
    fn a_plural_division_needs_a_list_of_names() {
        // No conjunction: no list. Words that name no division: nothing.
        assert!(found("Clay counties reported.").is_empty());
        assert!(found("Republican and Democratic counties differ.").is_empty());
        // Names and commas with no conjunction make no list.
        let names: Vec<&str> = found("In Clay, Swift counties and Wilkin County.")
            .iter()
            .map(|f| f.1)
            .collect();
        assert!(!names.contains(&"Swift County"), "{names:?}");
    }
}
