//! Itinerary inference: from the places an article mentions to the trip it
//! tells of — where it starts, the stops in order with their dates, the
//! organisation whose members matter — each choice with its evidence.
//!
//! The reading is deliberately shallow and explainable: cue phrases from
//! `data/lang/trip_cues.tsv` point at the place names near them ("arrived
//! in" → the next name; "eingetroffen" → the name before), markers of past
//! trips silence the rest of their sentence, and dates in the text order the
//! stops. Nothing here knows a language except through those files.

use crate::date::Date;
use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::geoparse::Parsed;
use crate::hash::FastMap;
use crate::text::tokens::{Token, tokenize};

use super::calendar::{Calendar, DateMention, Precision};
use super::cues::{CueKind, CueMatch, Cues, Side};

/// How far (in tokens) a cue reaches for its place. Arabic puts the
/// subject between verb and destination ("وصل الرئيس الصيني شي جين بينغ
/// بعد ظهر اليوم الأربعاء إلى نور سلطان"); Chinese counts characters.
fn reach(lang: &str) -> usize {
    match lang {
        "ar" => 14,
        "zh" | "ja" => 10,
        _ => 8,
    }
}

/// Only the start of a very long text is read for the trip: news tells
/// its trip early, and a pathological input must not cost more here than
/// in the geoparser.
pub const TRIP_TEXT_BYTES: usize = 200_000;

/// Dates more than this many days before the article's date belong to an
/// earlier trip; more than [`FUTURE_DAYS`] after it, to a later one.
const PAST_DAYS: i32 = 14;
const FUTURE_DAYS: i32 = 30;

/// A place on the trip.
#[derive(Clone, Debug, PartialEq)]
pub struct TripPlace {
    pub place: PlaceId,
    /// Its index in [`Parsed::places`] when the article names it.
    pub parsed: Option<usize>,
    /// Days the text gives for it, sorted.
    pub dates: Vec<Date>,
    /// Why it is there, in words.
    pub evidence: String,
}

/// An organisation whose members the map shades.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupFound {
    pub org: PlaceId,
    /// ISO alpha-2 codes (or `org:KEY` for a member organisation), sorted.
    pub members: Vec<String>,
    /// `data` or `article` (the text listed the members itself).
    pub source: &'static str,
    pub evidence: String,
}

/// What the article says about a trip.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Itinerary {
    pub date: Option<Date>,
    /// Where the date came from: `option`, `dateline` or `text`.
    pub date_source: Option<&'static str>,
    /// The traveller's country (alpha-2) or organisation (`O:UN`).
    pub traveller: Option<String>,
    /// Origin first; a return home repeats it at the end.
    pub route: Vec<TripPlace>,
    pub groups: Vec<GroupFound>,
    /// One line per inference, for `--explain`.
    pub explain: Vec<String>,
    pub warnings: Vec<String>,
    /// With no date in the text: the last day a stop's name, as the
    /// article writes it, was in use ("Nur-Sultan", to 2022-09-17), and
    /// why. A trip told with a period name happened in that period.
    pub dated_by_name: Option<(Date, String)>,
}

/// Why a place is on the route: a cue's claim, or a note.
#[derive(Clone, Debug)]
enum Why {
    Claim(usize),
    Note(String),
}

/// One occurrence of a place in the tokens.
#[derive(Clone, Copy, Debug)]
struct Occurrence {
    tok: usize,
    tok_end: usize,
    parsed: usize,
    demonym: bool,
}

/// A cue's claim about a place.
#[derive(Clone, Debug)]
struct Claim {
    place: PlaceId,
    parsed: Option<usize>,
    kind: CueKind,
    tok: usize,
    sentence: usize,
    phrase: String,
}

struct Reader<'a> {
    gaz: &'a Gazetteer,
    text: &'a str,
    parsed: &'a Parsed,
    tokens: std::borrow::Cow<'a, [Token<'a>]>,
    /// Sentence number of each token.
    sentence: Vec<usize>,
    /// First token of each sentence.
    sentence_start: Vec<usize>,
    occurrences: Vec<Occurrence>,
    cues: Vec<CueMatch<'static>>,
    dates: Vec<DateMention>,
    /// Per sentence, the first token silenced as another trip's.
    silenced_from: Vec<usize>,
    article: Option<Date>,
    /// Days read from a weekday's name, which may be a week off.
    weekday_dates: Vec<Date>,
}

/// Infers the trip of an article from its text and its parsed places.
pub fn infer(gaz: &Gazetteer, text: &str, parsed: &Parsed, date: Option<Date>) -> Itinerary {
    infer_tokenized(gaz, text, None, parsed, date)
}

/// [`infer`] with the text's tokens when the caller has them already
/// (the geoparser made them): tokenizing is a tenth of a batch's time.
/// They are used only when they are the tokens of the whole text read.
pub fn infer_tokenized<'a>(
    gaz: &'a Gazetteer,
    text: &'a str,
    tokens: Option<&'a [Token<'a>]>,
    parsed: &'a Parsed,
    date: Option<Date>,
) -> Itinerary {
    let whole = text.len() <= TRIP_TEXT_BYTES;
    let text = &text[..text.floor_char_boundary(TRIP_TEXT_BYTES)];
    let lang = parsed.lang.as_str();
    let tokens: std::borrow::Cow<'a, [Token<'a>]> = match tokens {
        Some(t) if whole => t.into(),
        _ => tokenize(text).into(),
    };
    let mut sentence = Vec::with_capacity(tokens.len());
    let mut sentence_start = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        // "am 26. März": an ordinal's dot ends no sentence.
        let after_ordinal = i > 0
            && tokens[i - 1].dotted
            && tokens[i - 1].folded.len() <= 2
            && tokens[i - 1].folded.chars().all(|c| c.is_ascii_digit());
        if i == 0 || (t.sentence_start && !after_ordinal) {
            sentence_start.push(i);
        }
        sentence.push(sentence_start.len().saturating_sub(1));
    }
    let mut occurrences = Vec::new();
    for (pi, p) in parsed.places.iter().enumerate() {
        for m in &p.mentions {
            let tok = tokens.partition_point(|t| t.end <= m.start);
            let tok_end = tokens.partition_point(|t| t.start < m.end);
            if tok < tokens.len() && tok_end > tok {
                occurrences.push(Occurrence {
                    tok,
                    tok_end,
                    parsed: pi,
                    demonym: m.via == Some("demonym"),
                });
            }
        }
    }
    occurrences.sort_by_key(|o| o.tok);
    let cues = Cues::embedded().find(&tokens, lang);
    let calendar = Calendar::embedded().reader(&tokens, lang);

    let mut out = Itinerary::default();
    // The article's date: given, else the dateline's, else the first full
    // date of the text.
    let full = |d: &&DateMention| d.precision == Precision::Day && d.has_year;
    (out.date, out.date_source) = match date {
        Some(d) => (Some(d), Some("option")),
        None => {
            // A dateline's date lies in the first dozen tokens.
            let dateline =
                calendar.find_first(12, None, |d| full(&d) && sentence.get(d.start) == Some(&0));
            match dateline {
                Some(d) => (d.dates.first().copied(), Some("dateline")),
                None => match calendar.find_first(usize::MAX, None, |d| full(&d)) {
                    Some(d) => (d.dates.first().copied(), Some("text")),
                    None => (None, None),
                },
            }
        }
    };
    let dates = calendar.find(out.date);
    let mut reader = Reader {
        gaz,
        text,
        parsed,
        silenced_from: vec![usize::MAX; sentence_start.len()],
        tokens,
        sentence,
        sentence_start,
        occurrences,
        cues,
        weekday_dates: dates
            .iter()
            .filter(|d| d.weekday)
            .flat_map(|d| d.dates.clone())
            .collect(),
        dates,
        article: out.date,
    };
    reader.silence_other_trips(out.date);
    let claims = reader.claims(lang);
    out.traveller = reader.traveller(lang);
    reader.route(claims, &mut out);
    reader.groups(&mut out);
    out
}

impl<'a> Reader<'a> {
    fn kind_of(&self, parsed: usize) -> Kind {
        self.parsed.places[parsed].kind
    }

    fn clause_break(&self, a: usize, b: usize) -> bool {
        // Between the end of token a and the start of token b.
        let (from, to) = (self.tokens[a].byte_end, self.tokens[b].byte_start);
        from < to
            && self.text[from..to].chars().any(|c| {
                matches!(
                    c,
                    ',' | ';'
                        | ':'
                        | '،'
                        | '؛'
                        | '，'
                        | '；'
                        | '：'
                        | '('
                        | ')'
                        | '（'
                        | '）'
                        | '、'
                )
            })
    }

    /// Marks, per sentence, where talk of another trip begins: at a past
    /// marker ("last visit", "آخر زيارة", "上次"), or over the whole sentence
    /// when its dates all lie well outside the article's days.
    fn silence_other_trips(&mut self, article: Option<Date>) {
        for c in &self.cues {
            if c.cue.kind == CueKind::Past {
                let s = self.sentence[c.start];
                self.silenced_from[s] = self.silenced_from[s].min(c.start);
            }
        }
        let Some(a) = article else {
            return;
        };
        let mut outside: FastMap<usize, (bool, bool)> = FastMap::default();
        for d in &self.dates {
            let s = self.sentence[d.start];
            let (Some(&first), Some(&last)) = (d.dates.first(), d.dates.last()) else {
                continue;
            };
            // A month or year reaches to its end.
            let last_day = match d.precision {
                Precision::Day => last.0,
                Precision::Month => last.0 + 27,
                Precision::Year => last.0 + 364,
            };
            let away = last_day < a.0 - PAST_DAYS || first.0 > a.0 + FUTURE_DAYS;
            let e = outside.entry(s).or_insert((false, false));
            if away {
                e.0 = true;
            } else {
                e.1 = true;
            }
        }
        for (s, (away, near)) in outside {
            if away && !near {
                self.silenced_from[s] = self.sentence_start[s];
            }
        }
    }

    fn silenced(&self, tok: usize) -> bool {
        tok >= self.silenced_from[self.sentence[tok]]
    }

    /// The claims of every pointing cue.
    fn claims(&self, lang: &str) -> Vec<Claim> {
        let k = reach(lang);
        let capitals: Vec<(usize, usize)> = self
            .cues
            .iter()
            .filter(|c| c.cue.kind == CueKind::Capital)
            .map(|c| (c.start, c.end))
            .collect();
        // Sentences with a movement in them: only there does "from" (a word
        // of many uses) tell where the traveller came from.
        let mut moving = vec![false; self.sentence_start.len()];
        for c in &self.cues {
            if matches!(
                c.cue.kind,
                CueKind::Arrive | CueKind::Go | CueKind::Leave | CueKind::Return | CueKind::Start
            ) && !self.silenced(c.start)
            {
                moving[self.sentence[c.start]] = true;
            }
        }
        let mut claims = Vec::new();
        for (ci, c) in self.cues.iter().enumerate() {
            let kind = c.cue.kind;
            if !kind.points() || self.silenced(c.start) {
                continue;
            }
            let s = self.sentence[c.start];
            if kind == CueKind::From && !moving[s] {
                continue;
            }
            let window: Vec<&Occurrence> = match c.cue.side {
                Side::After => {
                    let limit = self.cues[ci + 1..]
                        .iter()
                        .find(|n| n.cue.kind.points())
                        .map_or(usize::MAX, |n| n.start);
                    self.occurrences
                        .iter()
                        .filter(|o| o.tok >= c.end && o.tok < c.end + k && o.tok < limit)
                        .filter(|o| self.sentence[o.tok] == s)
                        .take_while(|o| o.tok == c.end || !self.clause_break(c.end - 1, o.tok))
                        .collect()
                }
                Side::Before => {
                    let limit = self.cues[..ci]
                        .iter()
                        .rev()
                        .find(|n| n.cue.kind.points())
                        .map_or(0, |n| n.end);
                    self.occurrences
                        .iter()
                        .rev()
                        .filter(|o| {
                            o.tok_end <= c.start && o.tok_end + k > c.start && o.tok >= limit
                        })
                        .filter(|o| self.sentence[o.tok] == s)
                        .take_while(|o| {
                            o.tok_end == c.start || !self.clause_break(o.tok_end - 1, c.start)
                        })
                        .collect()
                }
                Side::None => continue,
            };
            for o in window {
                let Some((place, parsed, note)) = self.stop_place(o, &capitals) else {
                    continue;
                };
                claims.push(Claim {
                    place,
                    parsed,
                    kind,
                    tok: o.tok,
                    sentence: s,
                    phrase: format!("{}{}", c.cue.phrase, note),
                });
            }
        }
        // The dateline: where the story is filed is where the traveller is,
        // when the story tells of a trip at all and says nothing else of it.
        if !claims.is_empty()
            && let Some(o) = self.dateline()
            && let Some((place, parsed, _)) = self.stop_place(o, &capitals)
            && !claims.iter().any(|c| {
                c.place == place
                    && matches!(c.kind, CueKind::From | CueKind::Leave | CueKind::Return)
            })
        {
            claims.push(Claim {
                place,
                parsed,
                kind: CueKind::Arrive,
                tok: o.tok,
                sentence: 0,
                phrase: "dateline".into(),
            });
        }
        claims
    }

    /// The place an occurrence stands for as a stop: a city or country
    /// named outright, or a capital named by its country's adjective ("the
    /// Somali capital"); regions, continents and plain demonyms are no
    /// stops.
    fn stop_place(
        &self,
        o: &Occurrence,
        capitals: &[(usize, usize)],
    ) -> Option<(PlaceId, Option<usize>, String)> {
        let p = &self.parsed.places[o.parsed];
        let capital_word = capitals.iter().any(|&(s, e)| {
            e == o.tok || s == o.tok_end || (e + 1 == o.tok && self.tokens[e].folded.len() <= 3)
        });
        if capital_word && matches!(p.kind, Kind::Country | Kind::Territory) {
            let cc = p.country?;
            let cap = self.gaz.capital(cc)?;
            return Some((cap, None, format!(" (the capital of {})", p.name_en)));
        }
        if o.demonym {
            return None;
        }
        match p.kind {
            Kind::City
            | Kind::Admin2
            | Kind::Landmark
            | Kind::Country
            | Kind::Territory
            | Kind::Admin1 => Some((p.place, Some(o.parsed), String::new())),
            _ => None,
        }
    }

    /// The place of the dateline ("NAIROBI, 18 October 2022 —").
    fn dateline(&self) -> Option<&Occurrence> {
        let o = self.occurrences.first()?;
        let lead = &self.text[..self.tokens[o.tok].byte_start];
        if !lead.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}') || o.demonym {
            return None;
        }
        let after = &self.text[self.tokens[o.tok_end - 1].byte_end..];
        let after = after.trim_start_matches([' ', '\u{00A0}']);
        let first_line = after.lines().next().unwrap_or("");
        let head: String = first_line.chars().take(60).collect();
        (after.starts_with([',', '،', '，', '(', '—', '–', '-'])
            && (head.contains(['—', '–', '-'])
                || self.dates.iter().any(|d| d.start < o.tok_end + 6)))
        .then_some(o)
    }

    /// The traveller's country: the country or organisation named next to
    /// an office ("the Chinese president", "中国国务院总理", "the UN
    /// Secretary-General"), else a known person's.
    fn traveller(&self, lang: &str) -> Option<String> {
        let near = if matches!(lang, "zh" | "ja") { 5 } else { 3 };
        // The lead names the traveller; later offices are hosts.
        let lead = self.sentence_start.get(2).copied().unwrap_or(usize::MAX);
        for c in self
            .cues
            .iter()
            .filter(|c| c.cue.kind == CueKind::Title && c.start < lead)
        {
            let s = self.sentence[c.start];
            let close = |tok: usize, tok_end: usize| {
                self.sentence[tok] == s
                    && ((tok_end <= c.start && tok_end + near > c.start)
                        || (tok >= c.end && tok < c.end + near))
            };
            if let Some(o) = self.occurrences.iter().find(|o| {
                close(o.tok, o.tok_end)
                    && matches!(self.kind_of(o.parsed), Kind::Country | Kind::Territory)
            }) {
                return self.parsed.places[o.parsed].country.map(str::to_string);
            }
            for org in &self.parsed.organisations {
                for m in &org.mentions {
                    let tok = self.tokens.partition_point(|t| t.end <= m.start);
                    let tok_end = self.tokens.partition_point(|t| t.start < m.end);
                    if tok < self.tokens.len() && close(tok, tok_end) {
                        return Some(org.id.to_string());
                    }
                }
            }
        }
        self.parsed
            .people
            .iter()
            .find_map(|p| p.country.filter(|c| !c.is_empty()).map(str::to_string))
    }

    /// The days a stop's claim gives: the nearest date after the place in
    /// its clause ("arrived in Nairobi on Monday"), else the nearest before
    /// it in the sentence ("Am Mittwoch reist er nach Belgrad").
    fn dates_near(&self, tok: usize) -> Vec<Date> {
        let s = self.sentence[tok];
        let days = self
            .dates
            .iter()
            .filter(|d| d.precision == Precision::Day && self.sentence[d.start] == s);
        let after = days
            .clone()
            .filter(|d| d.start > tok && (d.start < tok + 7 || !self.clause_break(tok, d.start)))
            .min_by_key(|d| d.start);
        let before = days.clone().filter(|d| d.end <= tok).max_by_key(|d| d.end);
        let later = days.filter(|d| d.start > tok).min_by_key(|d| d.start);
        after
            .or(before)
            .or(later)
            .map(|d| d.dates.clone())
            .unwrap_or_default()
    }

    /// A place's English name on the article's date ("Nur-Sultan" in 2022).
    fn name(&self, id: PlaceId) -> &'static str {
        self.article
            .and_then(|d| self.gaz.dated_label(id, "en", d))
            .unwrap_or(self.gaz.place(id).name_en.as_str())
    }

    fn sentence_text(&self, s: usize) -> String {
        let a = self.sentence_start[s];
        let b = self
            .sentence_start
            .get(s + 1)
            .map_or(self.tokens.len(), |&b| b);
        let (from, to) = (self.tokens[a].byte_start, self.tokens[b - 1].byte_end);
        let t: String = self.text[from..to].chars().take(160).collect();
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// A reason in words.
    fn why(&self, claims: &[Claim], w: &Why) -> String {
        match w {
            Why::Claim(i) => {
                let c = &claims[*i];
                format!(
                    "{} ({}) in sentence {}: \u{ab}{}\u{bb}",
                    c.phrase,
                    c.kind.as_str(),
                    c.sentence + 1,
                    self.sentence_text(c.sentence)
                )
            }
            Why::Note(n) => n.clone(),
        }
    }

    /// Origin and stops, in order.
    fn route(&self, claims: Vec<Claim>, out: &mut Itinerary) {
        // One candidate per place, in order of first claim.
        struct Cand {
            place: PlaceId,
            parsed: Option<usize>,
            kinds: Vec<CueKind>,
            first_tok: usize,
            key_tok: usize,
            dates: Vec<Date>,
            /// Claims (by index) and notes, written out only for the
            /// places that end up on the route.
            evidence: Vec<Why>,
        }
        impl Cand {
            /// Takes in another candidate's claims about the same place.
            fn absorb(&mut self, other: Cand) {
                self.kinds.extend(other.kinds);
                self.dates.extend(other.dates);
                self.evidence.extend(other.evidence);
            }
        }
        let mut cands: Vec<Cand> = Vec::new();
        for (ci, c) in claims.iter().enumerate() {
            // Where the traveller came from was before the days told of;
            // the dateline's date is the story's, not the stop's.
            let dates =
                if matches!(c.kind, CueKind::From | CueKind::Leave) || c.phrase == "dateline" {
                    Vec::new()
                } else {
                    let mut d = self.dates_near(c.tok);
                    // "will travel on to Mogadishu on Wednesday": a weekday of a
                    // coming stop is not a day gone by.
                    if let Some(a) = self.article
                        && matches!(c.kind, CueKind::Go | CueKind::End | CueKind::Return)
                    {
                        for x in d.iter_mut() {
                            if x.0 < a.0 && self.weekday_dates.contains(x) {
                                x.0 += 7;
                            }
                        }
                    }
                    d
                };
            let why = Why::Claim(ci);
            match cands.iter_mut().find(|k| k.place == c.place) {
                Some(k) => {
                    k.kinds.push(c.kind);
                    k.dates.extend(dates);
                    k.evidence.push(why);
                    k.parsed = k.parsed.or(c.parsed);
                }
                None => cands.push(Cand {
                    place: c.place,
                    parsed: c.parsed,
                    kinds: vec![c.kind],
                    first_tok: c.tok,
                    key_tok: c.tok,
                    dates,
                    evidence: vec![why],
                }),
            }
        }
        // A country is no stop when a city in it is; alone, it stands for
        // its capital ("a visit to Chile" is drawn at Santiago).
        let city_countries: Vec<&str> = cands
            .iter()
            .map(|c| self.gaz.place(c.place))
            .filter(|p| !p.kind.is_country())
            .filter_map(|p| p.country)
            .collect();
        let mut kept: Vec<Cand> = Vec::new();
        let mut pending: Vec<(&str, Cand)> = Vec::new();
        for mut c in cands {
            let p = self.gaz.place(c.place);
            if p.kind.is_country() || p.kind == Kind::Admin1 {
                let Some(cc) = p.country else { continue };
                if city_countries.contains(&cc) {
                    pending.push((cc, c));
                    continue;
                }
                if p.kind == Kind::Admin1 {
                    continue;
                }
                let Some(cap) = self.gaz.capital(cc) else {
                    continue;
                };
                c.evidence.push(Why::Note(format!(
                    "{} stands for its capital, {}",
                    p.name_en,
                    self.name(cap)
                )));
                c.place = cap;
                c.parsed = self.parsed.places.iter().position(|q| q.place == cap);
            }
            match kept.iter_mut().find(|k| k.place == c.place) {
                Some(k) => k.absorb(c),
                None => kept.push(c),
            }
        }
        // What the text says of a country it says of the city visited
        // there ("visits Kazakhstan on Wednesday").
        for (cc, c) in pending {
            if let Some(k) = kept
                .iter_mut()
                .find(|k| self.gaz.place(k.place).country == Some(cc))
            {
                k.absorb(c);
            }
        }
        let mut cands = kept;
        if cands.is_empty() {
            return;
        }

        // The origin.
        let home_country = out.traveller.as_deref().filter(|t| t.len() == 2);
        let home = home_country.and_then(|cc| self.gaz.capital(cc));
        let in_home =
            |id: PlaceId| home_country.is_some_and(|cc| self.gaz.place(id).country == Some(cc));
        let departs = |c: &Cand| {
            c.kinds
                .iter()
                .any(|k| matches!(k, CueKind::From | CueKind::Leave | CueKind::Return))
        };
        let abroad = self
            .cues
            .iter()
            .any(|c| c.cue.kind == CueKind::Abroad && !self.silenced(c.start));
        let returned = cands
            .iter()
            .filter(|c| c.kinds.contains(&CueKind::Return))
            .max_by_key(|c| c.first_tok)
            .map(|c| c.place);
        let origin: Option<(PlaceId, String)> = if let Some(c) =
            cands.iter().find(|c| departs(c) && in_home(c.place))
        {
            Some((
                c.place,
                format!(
                    "left from the traveller's home country: {}",
                    self.why(&claims, &c.evidence[0])
                ),
            ))
        } else if let Some(r) = returned {
            Some((r, "the trip ends by going home there".to_string()))
        } else if let Some(h) = home.filter(|_| abroad || cands.iter().any(|c| !in_home(c.place))) {
            Some((
                h,
                format!(
                    "the capital of the traveller's country ({})",
                    home_country.unwrap_or_default()
                ),
            ))
        } else {
            cands
                .iter()
                .filter(|c| {
                    c.kinds
                        .iter()
                        .all(|k| matches!(k, CueKind::From | CueKind::Leave))
                })
                .min_by_key(|c| c.first_tok)
                .map(|c| {
                    (
                        c.place,
                        format!(
                            "the trip leaves it first: {}",
                            self.why(&claims, &c.evidence[0])
                        ),
                    )
                })
        };

        // The stops: not the origin, not a place only left or come from
        // when it is at home.
        let origin_id = origin.as_ref().map(|o| o.0);
        cands.retain(|c| {
            Some(c.place) != origin_id || (Some(c.place) == returned && returned.is_some())
        });
        for c in cands.iter_mut() {
            let only_from = c
                .kinds
                .iter()
                .all(|k| matches!(k, CueKind::From | CueKind::Leave));
            if only_from {
                // Before everything else its sentence tells.
                let s = self.sentence[c.first_tok];
                c.key_tok = self.sentence_start[s];
            }
        }
        let phase = |c: &Cand| {
            if Some(c.place) == returned {
                3
            } else if c.kinds.contains(&CueKind::Start) {
                0
            } else if c.kinds.contains(&CueKind::End) {
                2
            } else {
                1
            }
        };
        cands.sort_by_key(|c| (phase(c), c.key_tok, c.first_tok));
        for c in cands.iter_mut() {
            c.dates.sort();
            c.dates.dedup();
        }
        // Dates order the stops they name; a stop without one takes the date
        // of the stop the text tells of before it.
        let mut text_order: Vec<usize> = (0..cands.len()).collect();
        text_order.sort_by_key(|&i| (cands[i].key_tok, cands[i].first_tok));
        let mut carried: Vec<Option<Date>> = vec![None; cands.len()];
        let mut last: Option<Date> = None;
        for &i in &text_order {
            if let Some(&d) = cands[i].dates.first() {
                last = Some(d);
            }
            carried[i] = cands[i].dates.first().copied().or(last);
        }
        let mut order: Vec<usize> = (0..cands.len()).collect();
        order.sort_by_key(|&i| {
            let c = &cands[i];
            (phase(c) == 3, carried[i], phase(c), c.key_tok, c.first_tok)
        });
        let mut cands: Vec<Option<Cand>> = cands.into_iter().map(Some).collect();
        let ordered: Vec<Cand> = order.iter().filter_map(|&i| cands[i].take()).collect();

        let mut route: Vec<TripPlace> = Vec::new();
        if let Some((o, why)) = &origin {
            route.push(TripPlace {
                place: *o,
                parsed: self.parsed.places.iter().position(|q| q.place == *o),
                dates: Vec::new(),
                evidence: why.clone(),
            });
        }
        for c in ordered {
            if route.last().is_some_and(|l| l.place == c.place) {
                continue;
            }
            route.push(TripPlace {
                place: c.place,
                parsed: c.parsed,
                dates: c.dates,
                evidence: c
                    .evidence
                    .iter()
                    .map(|w| self.why(&claims, w))
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }
        if route.len() < 2 {
            out.explain.push(format!(
                "no route: only {} found as a place of the trip",
                route.first().map_or("nothing", |r| self.name(r.place))
            ));
            return;
        }
        for (i, r) in route.iter().enumerate() {
            let what = if i == 0 {
                "origin".to_string()
            } else {
                format!("stop {i}")
            };
            out.explain
                .push(format!("{what} {}: {}", self.name(r.place), r.evidence));
        }
        if out.date.is_none() {
            out.dated_by_name = self.date_of_names(&route);
        }
        out.route = route;
    }

    /// The latest day every period name of the route's stops, as the
    /// article writes them, was in use.
    fn date_of_names(&self, route: &[TripPlace]) -> Option<(Date, String)> {
        let mut best: Option<(Date, String)> = None;
        for r in route {
            let Some(p) = r.parsed.map(|i| &self.parsed.places[i]) else {
                continue;
            };
            for m in p.mentions.iter().filter(|m| m.via.is_none()) {
                for q in self.gaz.postings(&m.text) {
                    let (true, Some(to)) = (q.place == p.place, q.to) else {
                        continue;
                    };
                    // The day before the period's end: on the day of a
                    // renaming both names are in use.
                    let last = Date(to.0 - 1);
                    if best.as_ref().is_none_or(|(d, _)| last < *d) {
                        best = Some((
                            last,
                            format!(
                                "article date {last}: the text calls a stop \u{ab}{}\u{bb}, a name of {} in use until the next day",
                                m.text, p.name_en
                            ),
                        ));
                    }
                }
            }
        }
        best
    }

    /// The organisation whose meeting the trip is for, and its members.
    fn groups(&self, out: &mut Itinerary) {
        let summits: Vec<&CueMatch<'_>> = self
            .cues
            .iter()
            .filter(|c| c.cue.kind == CueKind::Summit && !self.silenced(c.start))
            .collect();
        let stop_sentences: Vec<usize> = self
            .occurrences
            .iter()
            .filter(|o| out.route.iter().any(|r| r.parsed == Some(o.parsed)))
            .map(|o| self.sentence[o.tok])
            .collect();
        let arrivals: Vec<usize> = self
            .cues
            .iter()
            .filter(|c| c.cue.kind == CueKind::Arrive && !self.silenced(c.start))
            .map(|c| self.sentence[c.start])
            .collect();
        let mut best: Option<(f64, usize, usize, String)> = None;
        for (oi, org) in self.parsed.organisations.iter().enumerate() {
            let mut score = 0.0;
            let mut first_sentence = None;
            let mut why = String::new();
            for m in &org.mentions {
                let tok = self.tokens.partition_point(|t| t.end <= m.start);
                if tok >= self.tokens.len() || self.silenced(tok) {
                    continue;
                }
                let s = self.sentence[tok];
                first_sentence.get_or_insert(s);
                if let Some(c) = summits.iter().find(|c| self.sentence[c.start] == s) {
                    score += 1.0;
                    if stop_sentences.contains(&s) {
                        score += 0.5;
                    }
                    if why.is_empty() {
                        why = format!(
                            "'{}' with '{}' in sentence {}: \u{ab}{}\u{bb}",
                            m.text,
                            c.cue.phrase,
                            s + 1,
                            self.sentence_text(s)
                        );
                    }
                }
            }
            // Named where the traveller arrives: "arrived in Hamburg, where
            // the G20 leaders meet".
            for m in &org.mentions {
                let tok = self.tokens.partition_point(|t| t.end <= m.start);
                if tok >= self.tokens.len() || self.silenced(tok) {
                    continue;
                }
                let s = self.sentence[tok];
                if arrivals.contains(&s) && score < 0.5 {
                    score = 0.5;
                    if why.is_empty() {
                        why = format!(
                            "'{}' where the traveller arrives, sentence {}: \u{ab}{}\u{bb}",
                            m.text,
                            s + 1,
                            self.sentence_text(s)
                        );
                    }
                }
            }
            if score > 0.0 && best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, oi, first_sentence.unwrap_or(0), why));
            }
        }
        let Some((_, oi, first_sentence, why)) = best else {
            out.explain
                .push("no group: no organisation is named with a meeting".into());
            return;
        };
        let org = &self.parsed.organisations[oi];
        let on = out.date.unwrap_or(Date(i32::MAX / 2));
        let mut members: Vec<String> = self
            .gaz
            .memberships()
            .members_on(org.place, on)
            .into_iter()
            .map(str::to_string)
            .collect();
        members.sort();
        if members.is_empty() {
            out.explain.push(format!(
                "no group: {} has no members on record",
                org.name_en
            ));
            return;
        }
        let mut source = "data";
        if let Some(listed) = self.listed_members(first_sentence) {
            let mut listed: Vec<String> = listed;
            listed.sort();
            listed.dedup();
            if listed != members {
                let missing: Vec<&str> = members
                    .iter()
                    .filter(|m| !listed.contains(m))
                    .map(String::as_str)
                    .collect();
                let extra: Vec<&str> = listed
                    .iter()
                    .filter(|m| !members.contains(m))
                    .map(String::as_str)
                    .collect();
                out.warnings.push(format!(
                    "{}: the article lists {} members; the data for {} differ (not listed: {}; not members: {})",
                    org.id.trim_start_matches("O:"),
                    listed.len(),
                    out.date.map_or("today".to_string(), |d| d.to_string()),
                    if missing.is_empty() { "none".into() } else { missing.join(", ") },
                    if extra.is_empty() { "none".into() } else { extra.join(", ") },
                ));
                members = listed;
                source = "article";
            } else {
                out.explain.push(format!(
                    "{}: the article's list of members agrees with the data",
                    org.id.trim_start_matches("O:")
                ));
            }
        }
        out.explain.push(format!("group {}: {}", org.name_en, why));
        out.groups.push(GroupFound {
            org: org.place,
            members,
            source,
            evidence: why,
        });
    }

    /// A list of three or more countries in a sentence about members,
    /// within two sentences of the organisation's first mention.
    fn listed_members(&self, from_sentence: usize) -> Option<Vec<String>> {
        let member_cues: Vec<(usize, usize)> = self
            .cues
            .iter()
            .filter(|c| c.cue.kind == CueKind::Members)
            .map(|c| (self.sentence[c.start], c.end))
            .filter(|&(s, _)| s >= from_sentence && s <= from_sentence + 2)
            .collect();
        for (s, cue_end) in member_cues {
            let occ: Vec<&Occurrence> = self
                .occurrences
                .iter()
                .filter(|o| self.sentence[o.tok] == s && !o.demonym && o.tok >= cue_end)
                .filter(|o| matches!(self.kind_of(o.parsed), Kind::Country | Kind::Territory))
                .collect();
            // The longest run joined by nothing but commas and "and".
            let mut best: Vec<&Occurrence> = Vec::new();
            let mut run: Vec<&Occurrence> = Vec::new();
            for o in occ {
                // The list follows the cue: "eight members: China, Russia...".
                if run.is_empty() && best.is_empty() && o.tok > cue_end + 6 {
                    break;
                }
                let joined = run.last().is_some_and(|prev| {
                    (prev.tok_end..o.tok).all(|t| is_list_word(&self.tokens[t].folded))
                });
                if !joined {
                    run.clear();
                }
                run.push(o);
                if run.len() > best.len() {
                    best = run.clone();
                }
            }
            if best.len() >= 3 {
                return Some(
                    best.iter()
                        .filter_map(|o| self.parsed.places[o.parsed].country.map(str::to_string))
                        .collect(),
                );
            }
        }
        None
    }
}

/// Words that may stand between the items of a list.
fn is_list_word(w: &str) -> bool {
    matches!(
        w,
        "and" | "et" | "y" | "und" | "и" | "و" | "和" | "及" | "与" | "以及" | "e" | "as" | "well"
    )
}
