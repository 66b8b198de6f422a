//! Resolution: one place for every name the article mentions, chosen by
//! prominence, by the other places of the article, by "City, Region"
//! patterns and by the article's date; each with a confidence, its
//! runner-up candidates and the evidence that chose it.

use crate::hash::FastMap as HashMap;

use serde::Serialize;

use crate::carto::sphere::EARTH_RADIUS_KM;
use crate::date::Date;
use crate::gazetteer::{Gazetteer, Kind, Place, PlaceId, Posting, Text, flag};
use crate::lookup::{name_fit, prominence};
use crate::text::fold;

use super::recognize::{Anaphor, Form, Mention, Recognized};

/// One occurrence of a place in the article.
#[derive(Clone, Debug, Serialize)]
pub struct MentionSpan {
    pub text: String,
    /// Offsets in Unicode scalar values of the article as read, end exclusive.
    pub start: usize,
    pub end: usize,
    /// `demonym` when an adjective or demonym stands for the country,
    /// `landmark` when a seat of power stands for its city, `anaphor` when
    /// a word stands for a country named in full elsewhere (المملكة).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<&'static str>,
}

/// A candidate that lost. Its key and name are read from the tables only
/// when they are written out: a batch to GeoJSON never reads them, and
/// each read is a step to a random spot of a 19 MB table.
#[derive(Clone, Debug, Serialize)]
pub struct Alternative {
    pub id: Text,
    pub name_en: Text,
    pub country: Option<&'static str>,
    pub score: f64,
}

/// A place the article mentions, resolved.
#[derive(Clone, Debug, Serialize)]
pub struct ResolvedPlace {
    #[serde(skip)]
    pub place: PlaceId,
    pub id: &'static str,
    pub name_en: &'static str,
    #[serde(rename = "type")]
    pub kind: Kind,
    pub country: Option<&'static str>,
    pub admin1: Option<&'static str>,
    pub geonames_id: Option<u32>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// 0–1: how sure the resolution is.
    pub confidence: f64,
    pub mentions: Vec<MentionSpan>,
    pub alternatives: Vec<Alternative>,
    /// Why this place won (in words when serialized: [`Evidence::lines`]).
    pub evidence: Evidence,
}

/// An organisation the article names.
#[derive(Clone, Debug, Serialize)]
pub struct OrganisationMention {
    #[serde(skip)]
    pub place: PlaceId,
    pub id: &'static str,
    pub name_en: &'static str,
    pub mentions: Vec<MentionSpan>,
}

/// A person the article names: no place, but a traveller's country.
#[derive(Clone, Debug, Serialize)]
pub struct PersonMention {
    pub id: &'static str,
    /// ISO 3166-1 alpha-2 of the person's office, or `O:<org>` for an
    /// international organisation's.
    pub country: Option<&'static str>,
    pub mentions: Vec<MentionSpan>,
}

/// Everything resolution found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Resolved {
    pub places: Vec<ResolvedPlace>,
    pub organisations: Vec<OrganisationMention>,
    pub people: Vec<PersonMention>,
}

/// The readings of one name (all its mentions share one sense).
struct Group<'m> {
    mentions: Vec<&'m Mention>,
    candidates: Vec<Candidate>,
    /// The readings' postings, for the name evidence.
    postings: &'m [Posting],
    /// The folded name.
    key: &'m str,
}

/// One place a name may mean.
struct Candidate {
    place: Place,
    /// How well the name suits it (see [`name_fit`]), the best of its
    /// postings.
    fit: f64,
    /// Its [`prominence`], worked out once: every comparison asks for it.
    prominence: f64,
    /// Its point and country as the context is weighed with them, worked
    /// out once rather than in each pass.
    spot: Option<Spot>,
    country: u16,
    /// Every posting that gave it was a demonym.
    demonym: bool,
    /// It has the name in the article's language (or untagged, or
    /// curated), rather than only in another language.
    home: bool,
    /// The name is its main name, a reviewed one or one in the article's
    /// language: not only one of the untagged alternate names.
    main: bool,
}

impl Candidate {
    /// Its score before the article's context has a say.
    fn base(&self) -> f64 {
        self.prominence + self.fit
    }
}

/// The haversine of the angle between two points: the great-circle
/// distance of [`crate::carto::sphere::distance_km`], worked from each
/// point's [`Spot`] so that what depends on one point alone is computed
/// once per place, not once per pair.
fn haversine(a: &Spot, b: &Spot) -> f64 {
    ((b.lat_rad - a.lat_rad) / 2.0).sin().powi(2)
        + a.cos_lat * b.cos_lat * ((b.lon_rad - a.lon_rad) / 2.0).sin().powi(2)
}

/// The distance in km of an arc of haversine `h`.
fn arc_km(h: f64) -> f64 {
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

fn point(p: &Place) -> Option<(f64, f64)> {
    Some((p.lat?, p.lon?))
}

/// What a reading loses when its name is only the place's name in another
/// language than the article's, and another place has the name at home:
/// "Columbia" is Colombia in Romansh, but an English article that writes it
/// means a Columbia of its own language.
/// Less than a capital's lead over a town, more than a country's support.
const FOREIGN_NAME: f64 = 3.0;
/// What a reading loses when its name is only an untagged alternate name
/// of the place and the main name of a more prominent reading.
const ALTERNATE_NAME: f64 = 1.0;

/// What a town loses after a preposition with the masculine article in
/// it ("au Québec"): more than a city's lead in prominence over its
/// region.
const CONTRACTED_ARTICLE: f64 = 3.0;

/// Whether a place's name in `lang` begins with the masculine article
/// that a contracted preposition holds (Le Caire, Le Havre, El Cairo).
fn takes_article(name: &str, lang: &str) -> bool {
    let name = name.to_lowercase();
    let articles: &[&str] = match lang {
        "fr" => &["le ", "les "],
        "es" => &["el "],
        _ => &[],
    };
    articles.iter().any(|a| name.starts_with(a))
}

/// What a curated name in the article's language adds: more than a big
/// city's lead over a landmark in prominence (Casablanca 6.6, the White
/// House 5.5), less than a country's over a region.
const CURATED_NAME: f64 = 1.5;

/// Whether a posting's name is tagged with another language than the
/// article's (not untagged, not curated).
fn tagged_elsewhere(p: &Posting, lang: &str) -> bool {
    let base = p.base_lang();
    lang != "und" && !base.is_empty() && base != lang && !p.has(flag::CURATED)
}

/// Whether an admin region is named for a compass point alone ("Eastern",
/// "North West", "Central Region"), which its English name shows whatever
/// the language of the article.
fn directional(p: &Place) -> bool {
    const COMPASS: &[&str] = &[
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "central",
        "centre",
        "center",
        "middle",
    ];
    const GENERIC: &[&str] = &[
        "region",
        "province",
        "district",
        "area",
        "zone",
        "division",
        "governorate",
        "state",
        "department",
        "community",
        "development",
        "council",
        "side",
        "end",
        "coast",
    ];
    if !matches!(p.kind, Kind::Admin1 | Kind::Admin2) {
        return false;
    }
    let name = p.name_en.as_str().to_ascii_lowercase();
    let mut words = name.split([' ', '-']).filter(|w| !w.is_empty()).peekable();
    words.peek().is_some_and(|w| COMPASS.contains(w))
        && words.all(|w| COMPASS.contains(&w) || GENERIC.contains(&w))
}

/// Whether `c` is a letter of the Arabic script (Arabic, Persian, Urdu...).
fn is_arabic_letter(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// Whether `text` holds an Arabic short vowel, tanween, shadda or sukun
/// (U+064B to U+0652), looked for as bytes: asked of every mention.
fn has_vowel_mark(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|pair| pair[0] == 0xD9 && (0x8B..=0x92).contains(&pair[1]))
}

/// What a reading gains whose own name is spelled as the article writes
/// it with vowel marks (عمّان is Amman, عُمان Oman): as much as "the
/// capital" before the name, more than a country's lead in prominence
/// over a capital.
const WRITTEN_WITH_MARKS: f64 = 8.0;

/// Whether an untagged name is spelled as Persian or Urdu write it (with
/// ی, ک, گ, پ, چ, ژ, ے ...), in an article of another language of the
/// script. Folding makes "وین" (Vienna in Persian) the Arabic وين "where",
/// so such a name is a foreign one, as if it were tagged.
fn other_arabic_spelling(p: &Posting, lang: &str) -> bool {
    const OTHERS: &[char] = &[
        '\u{06CC}', '\u{06A9}', '\u{06AF}', '\u{067E}', '\u{0686}', '\u{0698}', '\u{06D2}',
        '\u{06C1}', '\u{0679}', '\u{0688}', '\u{0691}', '\u{06BA}', '\u{06BE}',
    ];
    !matches!(lang, "fa" | "ur" | "ps" | "ku" | "sd" | "und")
        && p.base_lang().is_empty()
        && !p.has(flag::CURATED)
        && p.name().contains(OTHERS)
}

/// Whether `key` (folded, as matched) is the place's name in the article's
/// language, or the language has no name of its own for the place. A
/// posting's tag is one of the languages that share the spelling:
/// "Minnesota" may come tagged `de`, but it is the English name too.
fn own_name(gaz: &Gazetteer, place: PlaceId, key: &str, lang: &str) -> bool {
    gaz.label(place, lang).is_none_or(|own| same_name(own, key))
}

/// Whether `name` is `folded` before folding. ASCII names are compared by
/// their letters and digits alone, ignoring case, spaces and punctuation,
/// without building the folded string.
fn same_name(name: &str, folded: &str) -> bool {
    if name.is_ascii() && folded.is_ascii() {
        fn letters(s: &str) -> impl Iterator<Item = u8> + '_ {
            s.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase())
        }
        return letters(name).eq(letters(folded));
    }
    fold(name) == folded
}

/// A place that is worth keeping on its name alone.
fn strong(p: &Place, curated: bool) -> bool {
    curated
        || match p.kind {
            Kind::Country
            | Kind::Territory
            | Kind::Continent
            | Kind::Region
            | Kind::Landmark
            | Kind::Organisation => true,
            // Counties are recognized only by their full names ("Laurel
            // County"), which are unambiguous.
            Kind::Admin1 | Kind::Admin2 => true,
            Kind::City => p.capital || p.population >= 100_000,
            Kind::Person | Kind::Other => false,
        }
}

/// Resolves recognized mentions to places.
pub fn resolve(
    gaz: &Gazetteer,
    text: &str,
    rec: &Recognized,
    date: Option<Date>,
    lang: &str,
) -> Resolved {
    gaz.fetch_places(
        rec.readings
            .iter()
            .flat_map(|r| &r.postings)
            .map(|p| p.place),
    );
    // Mentions written with Arabic vowel marks (عمّان), which folding
    // drops: the writer has said which of the readings is meant.
    let marked: Vec<(usize, &str)> = rec
        .mentions
        .iter()
        .filter(|m| has_vowel_mark(&m.text))
        .map(|m| (m.reading, m.text.as_str()))
        .collect();
    // One group per reading: one sense per name per article.
    let mut groups: Vec<Group<'_>> = rec
        .readings
        .iter()
        .enumerate()
        .map(|(ri, r)| {
            let mut candidates: Vec<Candidate> = Vec::new();
            // Each place's line in `candidates`, kept for names of many
            // postings (a search through them all for each costs a square).
            let mut index: HashMap<PlaceId, usize> = HashMap::default();
            let indexed = r.postings.len() > 16;
            let arabic = r.key.chars().next().is_some_and(is_arabic_letter);
            for p in &r.postings {
                // A reviewed name in the article's language outranks the
                // unreviewed alternate names of the sources: "White House"
                // is the landmark, not Casablanca by its name translated.
                let reviewed = p.has(flag::CURATED) && !tagged_elsewhere(p, lang);
                let mut fit = name_fit(p, date) + if reviewed { CURATED_NAME } else { 0.0 };
                if p.has(flag::VOWELLED)
                    && marked
                        .iter()
                        .any(|&(reading, text)| reading == ri && p.name() == text)
                {
                    fit += WRITTEN_WITH_MARKS;
                }
                let demonym = p.has(flag::DEMONYM);
                let known = if indexed {
                    index.get(&p.place).copied()
                } else {
                    candidates.iter().position(|c| c.place.id == p.place)
                };
                let i = match known {
                    Some(i) => {
                        let c = &mut candidates[i];
                        c.fit = c.fit.max(fit);
                        c.demonym &= demonym;
                        i
                    }
                    None => {
                        if indexed {
                            index.insert(p.place, candidates.len());
                        }
                        let place = gaz.place(p.place);
                        candidates.push(Candidate {
                            prominence: prominence(&place),
                            spot: Spot::of(&place),
                            country: country_code(&place),
                            place,
                            fit,
                            demonym,
                            home: false,
                            main: false,
                        });
                        candidates.len() - 1
                    }
                };
                candidates[i].home |=
                    !(tagged_elsewhere(p, lang) || arabic && other_arabic_spelling(p, lang));
                candidates[i].main |=
                    p.has(flag::OFFICIAL | flag::CURATED) || p.base_lang() == lang;
            }
            // A foreign name counts against a place only beside a place
            // that has the name at home.
            if candidates.iter().any(|c| c.home) {
                for c in candidates.iter_mut().filter(|c| !c.home) {
                    if !own_name(gaz, c.place.id, &r.key, lang) {
                        c.fit -= FOREIGN_NAME;
                    }
                }
            }
            // A town that has the name only among its untagged alternate
            // names yields to a larger place whose main name it is:
            // GeoNames lists "Samarkand" for Temirtau, once Samarkandsky,
            // and a story that names Astana, 200 km from Temirtau, still
            // means the city in Uzbekistan. A larger place keeps its
            // common name ("New York" is the city's, though its main name
            // is "New York City"). (Not in Arabic, where most names of
            // places at home are untagged.)
            let main_prominence = candidates
                .iter()
                .filter(|c| c.main)
                .map(|c| c.prominence)
                .fold(f64::NEG_INFINITY, f64::max);
            if !arabic {
                for c in candidates
                    .iter_mut()
                    .filter(|c| c.home && !c.main && c.prominence < main_prominence)
                {
                    c.fit -= ALTERNATE_NAME;
                }
            }
            Group {
                mentions: Vec::new(),
                candidates,
                postings: &r.postings,
                key: &r.key,
            }
        })
        .collect();
    for m in &rec.mentions {
        groups[m.reading].mentions.push(m);
    }
    let mentions = &rec.mentions;
    let mut people: Vec<PersonMention> = Vec::new();
    // People: a full name (Vladimir Putin) is no place at all; a surname
    // alone (Putin, May) gives way only to a strong place.
    for g in groups.iter_mut() {
        let Some(person) = g
            .candidates
            .iter()
            .position(|c| c.place.kind == Kind::Person)
        else {
            continue;
        };
        let surname = g
            .postings
            .iter()
            .any(|p| p.place == g.candidates[person].place.id && p.has(flag::AMBIGUOUS));
        let strong_place = g
            .candidates
            .iter()
            .any(|c| c.place.kind != Kind::Person && strong(&c.place, false));
        if !surname || !strong_place {
            let person = &g.candidates[person].place;
            let spans = g.mentions.iter().map(|m| MentionSpan {
                text: m.text.clone(),
                start: m.start,
                end: m.end,
                via: None,
            });
            match people.iter_mut().find(|p| p.id == person.key.as_str()) {
                Some(p) => p.mentions.extend(spans),
                None => people.push(PersonMention {
                    id: person.key.as_str(),
                    country: person.country,
                    mentions: spans.collect(),
                }),
            }
            g.candidates.clear();
        } else {
            g.candidates.retain(|c| c.place.kind != Kind::Person);
        }
    }
    let groups = groups;

    // Pass 1: prominence alone.
    let mut winners: Vec<usize> = groups
        .iter()
        .map(|g| {
            (0..g.candidates.len())
                .max_by(|&a, &b| g.candidates[a].base().total_cmp(&g.candidates[b].base()))
                .unwrap_or(0)
        })
        .collect();

    // Anchors: groups whose first reading stands on its own (a country, a
    // capital, a big city, under a name known in the article's language).
    // Only anchors lend support, so two false readings cannot prop each
    // other up (two small Moroccan towns spelled like Arabic words).
    let anchors: Vec<bool> = groups
        .iter()
        .zip(&winners)
        .map(|(g, &w)| {
            g.candidates.get(w).is_some_and(|c| {
                let (curated, known, native) = name_evidence(gaz, g, &c.place, lang);
                let known = known || (native && g.mentions.iter().any(|m| m.tokens.len() > 1));
                strong(&c.place, curated)
                    && (known || curated || g.mentions.iter().any(|m| m.cased))
            })
        })
        .collect();

    // Witnesses: small towns with one reading, written as proper names.
    let witnesses: Vec<bool> = groups
        .iter()
        .map(|h| h.candidates.len() == 1 && h.mentions.iter().any(|m| m.cased && !m.sentence_start))
        .collect();

    // "City, Region" and "City, Country": the group that follows a comma.
    let mut follows: HashMap<usize, Vec<usize>> = HashMap::default();
    for w in mentions.windows(2) {
        let between = &text[w[0].byte_end..w[1].byte_start];
        if matches!(between.trim(), "," | "،" | "，") {
            let (a, b) = (w[0].reading, w[1].reading);
            let list = follows.entry(a).or_default();
            if !list.contains(&b) {
                list.push(b);
            }
        }
    }

    // Pass 2 (twice, so that corrected winners inform each other). A
    // group's new winner joins the context at once, before the next group
    // is scored: updated all together, two names can swap their readings
    // back and forth ("Orange County" and "California": the Virginia
    // county beside California, Maryland, then the California county
    // beside the state, then back).
    let witness = |hi: usize, w: usize| -> Option<Witness> {
        let c = groups[hi].candidates.get(w)?;
        let place = &c.place;
        ((anchors[hi] || witnesses[hi]) && place.kind != Kind::Organisation).then(|| Witness {
            group: hi,
            anchor: anchors[hi],
            id: place.id,
            kind: place.kind,
            admin1: place.admin1,
            country: c.country,
            point: c.spot,
        })
    };
    let mut scores: Vec<Vec<(f64, Evidence, Support)>> = vec![Vec::new(); groups.len()];
    let mut ctx: Vec<Witness> = (0..groups.len())
        .filter_map(|hi| witness(hi, winners[hi]))
        .collect();
    for _ in 0..2 {
        let mut changed = false;
        for (gi, g) in groups.iter().enumerate() {
            let group_scores: Vec<(f64, Evidence, Support)> = {
                // What the group's mentions and candidates say, asked once
                // for all its candidates.
                let division = g.mentions.iter().any(|m| m.division);
                let capital_word = g.mentions.iter().any(|m| m.capital);
                // "au Québec": the article says a town is not meant, unless
                // the town's name has it (Le Caire); more than a city's
                // lead in prominence over its region.
                let contracted =
                    !g.mentions.is_empty() && g.mentions.iter().all(|m| m.after_contracted_article);
                let has_country = g.candidates.iter().any(|o| o.place.kind.is_country());
                let has_region = g.candidates.iter().any(|o| o.place.kind == Kind::Admin1);
                let followers = follows.get(&gi).map_or(&[][..], Vec::as_slice);
                g.candidates
                    .iter()
                    .map(|c| {
                        let mut s = c.base();
                        let Context {
                            country: country_support,
                            admin: admin_support,
                            named_region,
                            sibling,
                            nearest: near,
                            nearby,
                            inside,
                        } = context_support(&ctx, gi, c);
                        let mut why = Evidence {
                            near_km: near,
                            inside: inside.ceil() as usize,
                            ..Evidence::default()
                        };
                        let mut support = Support {
                            country: country_support,
                            local: admin_support || near.is_some() || inside > 0.0,
                            named: named_region || inside > 0.0,
                            sibling,
                        };
                        if inside > 0.0 {
                            s += (3.0 * inside).min(9.0);
                        }
                        // "Georgia" beside Atlanta and Savannah, "Armenia"
                        // beside Pereira and Manizales: a region that holds
                        // two of the article's places, or a city with two
                        // of them near, outweighs a country of its name,
                        // which leads by up to eight points of prominence.
                        let placed = (c.place.kind == Kind::Admin1 && inside >= 2.0)
                            || (c.place.kind == Kind::City && nearby >= 2);
                        if placed && has_country {
                            s += 6.0;
                        }
                        if country_support > 0.0 {
                            // Less than a big city's edge in prominence: a
                            // village in a mentioned country does not beat
                            // New York City for "New York".
                            s += (country_support * 0.75).min(2.0);
                            why.country = true;
                        }
                        // "عمان" in a story about Jordan is Amman, not Oman:
                        // the capital of a country the article names, by
                        // more than a country's lead in prominence over a
                        // capital of a million (14 against 8, less the
                        // country's own support above).
                        // Not when the name is that country's own: the
                        // article that names Mexico means Mexico by
                        // "Mexico", not its capital (which GeoNames also
                        // calls so). The country's own name in the article's
                        // language is its label there, not the language a
                        // posting carries, one of those that share its
                        // spelling ("Tunis" is Tunisia in Azerbaijani).
                        let own_country = |o: &Candidate| {
                            o.place.kind.is_country()
                                && o.country == c.country
                                && gaz
                                    .label(o.place.id, lang)
                                    .is_some_and(|own| same_name(own, g.key))
                        };
                        if c.place.capital
                            && country_support >= 2.0
                            && !g.candidates.iter().any(own_country)
                        {
                            s += 5.5;
                            why.capital_of_named = true;
                        }
                        if admin_support {
                            s += 2.5;
                            why.region = true;
                        }
                        // "محافظة الجيزة", "Lagos State": the division, more
                        // than a capital city's lead in prominence.
                        if c.place.kind == Kind::Admin1 && division {
                            s += 4.0;
                            why.division = true;
                        }
                        // Without that word, a name shared by a region and
                        // the city it is named for ("سوهاج", Zarqa) is the
                        // city, by more than the region's edge in
                        // prominence over a city of some 100,000.
                        if !division
                            && c.place.kind == Kind::City
                            && has_region
                            && named_for_its_region(gaz, g, &c.place, lang)
                        {
                            s += 1.0;
                        }
                        if contracted
                            && c.place.kind == Kind::City
                            && !gaz
                                .label(c.place.id, lang)
                                .is_some_and(|name| takes_article(name, lang))
                        {
                            s -= CONTRACTED_ARTICLE;
                        }
                        // "العاصمة عمان": a capital city, more than a
                        // country's lead in prominence over one.
                        if c.place.capital && capital_word {
                            s += 8.0;
                            why.capital_word = true;
                        }
                        if let Some(km) = near {
                            s += if km < 50.0 { 1.5 } else { 1.0 };
                        }
                        for &h in followers {
                            let Some(Candidate { place: w, .. }) =
                                groups[h].candidates.get(winners[h])
                            else {
                                continue;
                            };
                            if contains(w, &c.place) {
                                s += 4.0;
                                support.local = true;
                                support.named = true;
                                why.written_with = Some(w.name_en.as_str());
                            }
                        }
                        (s, why, support)
                    })
                    .collect()
            };
            let best = (0..group_scores.len())
                .max_by(|&a, &b| group_scores[a].0.total_cmp(&group_scores[b].0))
                .unwrap_or(0);
            scores[gi] = group_scores;
            if best != winners[gi] {
                changed = true;
                winners[gi] = best;
                ctx.retain(|w| w.group != gi);
                ctx.extend(witness(gi, best));
            }
        }
        // The context is made of the winners alone: when none changed, a
        // second pass would score everything the same again.
        if !changed {
            break;
        }
    }

    let mut out = Resolved {
        people,
        ..Resolved::default()
    };
    let mut by_place: HashMap<PlaceId, usize> = HashMap::default();
    for (gi, g) in groups.iter().enumerate() {
        if g.candidates.is_empty() {
            continue;
        }
        let w = winners[gi];
        let Candidate {
            place,
            demonym,
            home,
            ..
        } = &g.candidates[w];
        let (score, why, support) = &scores[gi][w];
        let mut ranked: Vec<usize> = (0..g.candidates.len()).collect();
        ranked.sort_by(|&a, &b| scores[gi][b].0.total_cmp(&scores[gi][a].0));
        let second = ranked.get(1).map(|&i| scores[gi][i].0);
        let (curated, known_name, native) = name_evidence(gaz, g, place, lang);
        // Many regions bear their chief city's name (محافظة سوهاج and
        // Sohag, Zarqa, Giza): a name the article's language gives the
        // region is the city's too, when the city lies in it.
        let known_name = known_name || named_for_its_region(gaz, g, place, lang);
        let supported = support.local || support.country > 0.0;
        let names = NameEvidence {
            curated,
            known: known_name,
            native,
            // Asked of countries alone, the only places it decides for
            // (a country has hundreds of labels to look through).
            own: place.kind.is_country() && own_name(gaz, place.id, g.key, lang),
            article_refused: article_refused(gaz, g, place, lang),
        };
        if !keep(place, names, *demonym, support, g, *home) {
            continue;
        }
        let margin = second.map_or(3.0, |s2| score - s2);
        let confidence = (1.0 / (1.0 + (-margin).exp()))
            * if strong(place, curated) || supported {
                1.0
            } else {
                0.7
            };
        let via = if *demonym {
            Some("demonym")
        } else if place.kind == Kind::Landmark && place.stands_for.is_some() {
            Some("landmark")
        } else {
            None
        };
        let target = match (place.kind, place.stands_for) {
            (Kind::Landmark, Some(city)) => gaz.place(city),
            _ => place.clone(),
        };
        let spans = g.mentions.iter().map(|m| MentionSpan {
            text: m.text.clone(),
            start: m.start,
            end: m.end,
            via,
        });
        if target.kind == Kind::Organisation {
            match out.organisations.iter_mut().find(|o| o.place == target.id) {
                Some(o) => o.mentions.extend(spans.clone()),
                None => out.organisations.push(OrganisationMention {
                    place: target.id,
                    id: target.key.as_str(),
                    name_en: target.name_en.as_str(),
                    mentions: spans.clone().collect(),
                }),
            }
            // A union of states with a territory of its own (the European
            // Union) is a place of the article too, located at its seat;
            // alliances and forums have no point and are organisations only.
            if target.lat.is_none() {
                continue;
            }
        }
        let (Some(lat), Some(lon)) = (target.lat, target.lon) else {
            continue;
        };
        let alternatives = ranked
            .iter()
            .skip(1)
            .take(3)
            .map(|&i| {
                let p = &g.candidates[i].place;
                Alternative {
                    id: p.key,
                    name_en: p.name_en,
                    country: p.country,
                    score: round2(scores[gi][i].0),
                }
            })
            .collect();
        let evidence = Evidence {
            prominence: prominence(place),
            country_code: place.country,
            stands_for: (place.id != target.id)
                .then_some((place.name_en.as_str(), target.name_en.as_str())),
            ..*why
        };
        match by_place.get(&target.id) {
            Some(&i) => {
                let r = &mut out.places[i];
                r.mentions.extend(spans);
                r.confidence = r.confidence.max(round2(confidence));
            }
            None => {
                by_place.insert(target.id, out.places.len());
                out.places.push(ResolvedPlace {
                    place: target.id,
                    id: target.key.as_str(),
                    name_en: target.name_en.as_str(),
                    kind: target.kind,
                    country: target.country,
                    admin1: target.admin1.map(Text::as_str),
                    geonames_id: target.geonames_id,
                    lat,
                    lon,
                    population: target.population,
                    confidence: round2(confidence),
                    mentions: spans.collect(),
                    alternatives,
                    evidence,
                });
            }
        }
    }
    resolve_anaphors(gaz, &rec.anaphors, &mut out.places);
    for p in &mut out.places {
        p.mentions.sort_by_key(|m| m.start);
    }
    out.places
        .sort_by_key(|p| p.mentions.first().map_or(usize::MAX, |m| m.start));
    out
}

/// Gives each word that stands for a country ("المملكة", the Kingdom) to
/// the one country of the article whose full name begins with it
/// ("المملكة العربية السعودية", "المملكة الأردنية الهاشمية"). With none,
/// or two such countries, the word names nothing.
fn resolve_anaphors(gaz: &Gazetteer, anaphors: &[Anaphor], places: &mut [ResolvedPlace]) {
    if anaphors.is_empty() {
        return;
    }
    let titled = |p: &ResolvedPlace, word: &str| {
        p.kind.is_country()
            && gaz.labels(p.place).any(|(_, _, name)| {
                name.split_once(' ').is_some_and(|(first, _)| {
                    let first = fold(first);
                    first.strip_prefix("ال").unwrap_or(&first) == word
                })
            })
    };
    for a in anaphors {
        let mut matching = places
            .iter()
            .enumerate()
            .filter(|(_, p)| titled(p, &a.word));
        if let (Some((i, _)), None) = (matching.next(), matching.next()) {
            places[i].mentions.push(MentionSpan {
                text: a.text.clone(),
                start: a.start,
                end: a.end,
                via: Some("anaphor"),
            });
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What the matched name says for `place`: whether it was curated, and
/// whether it is known in the article's own language (or is the source's
/// main name). A Persian spelling in an Arabic article (شان for Schaan) is
/// no evidence that an Arabic writer meant the place.
fn name_evidence(gaz: &Gazetteer, g: &Group<'_>, place: &Place, lang: &str) -> (bool, bool, bool) {
    let mut curated = false;
    let mut known = false;
    let mut untagged = false;
    for p in g.postings.iter().filter(|p| p.place == place.id) {
        curated |= p.has(flag::CURATED);
        let base = p.base_lang();
        known |= p.has(flag::CURATED)
            || (base.is_empty() && p.has(flag::OFFICIAL))
            || (!base.is_empty() && base == lang);
        untagged |= base.is_empty();
    }
    // Untagged names are GeoNames' alternate names: in the language of
    // the place's own country they are its native name (حفر الباطن).
    let native = untagged && place.country.is_some_and(|cc| gaz.speaks(cc, lang));
    (curated, known, native)
}

/// Whether the article and the place's own name in `lang` disagree: a
/// name either takes the Arabic article or it does not, so a word that
/// does otherwise is another word.
/// - Every mention matched only with the word's article dropped (البنين,
///   "the boys", as بنين) where the name takes none (بنين is Benin, غزة
///   Gaza, روما Rome): بلدية الغزة is a district of Mecca, مستشفى الروم
///   the Greek Orthodox hospital.
/// - The name matched lacks the article its own name has (رياض, the given
///   name Riyad, against الرياض).
///
/// Its people and adjectives go either way (الألمان "the Germans",
/// أردني), and a place with no name of its own in the language is not
/// judged.
fn article_refused(gaz: &Gazetteer, g: &Group<'_>, place: &Place, lang: &str) -> bool {
    let arabic = g.key.chars().next().is_some_and(is_arabic_letter);
    let dropped = g.mentions.iter().all(|m| m.article_dropped);
    // Most names are matched with the article they are written with:
    // nothing to judge, and no label to read.
    if !arabic
        || (!dropped && g.key.starts_with("ال"))
        || g.postings
            .iter()
            .any(|p| p.place == place.id && p.has(flag::DEMONYM))
    {
        return false;
    }
    let Some(own) = gaz.label(place.id, lang) else {
        return false;
    };
    // An article begins with an alef, whatever its hamza: only then is
    // the name folded to be compared.
    let may_have_article = own.starts_with(['ا', 'أ', 'إ', 'آ', 'ٱ']);
    if dropped {
        return !may_have_article || !fold(own).starts_with("ال");
    }
    may_have_article && fold(own).strip_prefix("ال") == Some(g.key)
}

/// Whether `place`, a city, lies in a first-level region that the same
/// name, in the article's language, also names (another candidate of the
/// group): the city the region is named for.
fn named_for_its_region(gaz: &Gazetteer, g: &Group<'_>, place: &Place, lang: &str) -> bool {
    place.kind == Kind::City
        && g.candidates.iter().any(|c| {
            c.place.kind == Kind::Admin1
                && contains(&c.place, place)
                && name_evidence(gaz, g, &c.place, lang).1
        })
}

/// Whether `outer` (a country or admin-1 region) contains `inner`.
fn contains(outer: &Place, inner: &Place) -> bool {
    match outer.kind {
        Kind::Country | Kind::Territory => inner.country == outer.country && inner.id != outer.id,
        Kind::Admin1 => {
            inner.country == outer.country
                && inner.admin1 == outer.admin1
                && inner.kind != Kind::Admin1
        }
        _ => false,
    }
}

/// What the other groups' current winners say for a candidate.
#[derive(Default)]
struct Context {
    /// How many name its country (a country itself counts double).
    country: f64,
    /// One is its admin-1 region, or a town or county of that region.
    admin: bool,
    /// One is its admin-1 region.
    named_region: bool,
    /// (For a region) another region of its country is named.
    sibling: bool,
    /// The distance to the nearest town, county or landmark, under 200 km.
    nearest: Option<f64>,
    /// How many lie within 200 km.
    nearby: usize,
    /// (For a region) how many lie in it; small towns count half.
    inside: f64,
}

/// How the other groups' current winners support `candidate` of group
/// `gi`.
fn context_support(ctx: &[Witness], gi: usize, candidate: &Candidate) -> Context {
    let mut out = Context::default();
    let Context {
        country,
        admin,
        named_region,
        sibling,
        inside,
        ..
    } = &mut out;
    let mut near = Near::default();
    let c = &candidate.place;
    let cc = candidate.country;
    let c_point = candidate.spot;
    let c_local = is_local(c.kind);
    let c_region = c.kind == Kind::Admin1;
    // Whether the candidate, a region, holds the witness; and the reverse.
    // (What `contains` asks, of the fields each witness keeps at hand.)
    let holds =
        |w: &Witness| c_region && w.country == cc && w.admin1 == c.admin1 && w.kind != Kind::Admin1;
    let held_by = |w: &Witness| {
        w.kind == Kind::Admin1 && w.country == cc && c.admin1 == w.admin1 && !c_region
    };
    for w in ctx {
        // Nor does a place witness itself under another name: "Mexico
        // City" in the article is no neighbour of Mexico City as a reading
        // of "Mexico".
        if w.group == gi || w.id == c.id {
            continue;
        }
        if !w.anchor {
            // A small town that has only one reading and is written as a
            // proper name still witnesses its region, at half weight
            // (Ocilla and Lilburn say which Georgia).
            if holds(w) {
                *inside += 0.5;
            }
            continue;
        }
        let same_country = cc != 0 && w.country == cc;
        if same_country && w.id != c.id {
            *country += if w.kind.is_country() { 2.0 } else { 0.5 };
        }
        let both_local = c_local && is_local(w.kind);
        if !same_country {
            // Everything below concerns places of one country, but for
            // distance across a border.
            if both_local {
                near.add(w.point, c_point);
            }
            continue;
        }
        // Its region is named, or another town or county of the same
        // region is ("Athens" beside "Clarke County", Georgia).
        let same_region = both_local && c.admin1.is_some() && w.admin1 == c.admin1;
        *sibling |= c_region && w.kind == Kind::Admin1 && w.id != c.id;
        if held_by(w) {
            *admin = true;
            *named_region = true;
        }
        if same_region {
            *admin = true;
        }
        // A region that holds other places of the article ("Georgia"
        // beside Atlanta and Clarke County is the state).
        if holds(w) {
            *inside += 1.0;
        }
        if both_local {
            near.add(w.point, c_point);
        }
    }
    // Countries count on their own when the candidate is the country.
    if c.kind.is_country() {
        out.country = 0.0;
    }
    out.nearest = near.nearest;
    out.nearby = near.count;
    out
}

/// A town, a county or a landmark: places that support each other by
/// distance.
fn is_local(k: Kind) -> bool {
    matches!(k, Kind::City | Kind::Admin2 | Kind::Landmark)
}

/// The places within 200 km of a candidate: the nearest, and how many.
#[derive(Default)]
struct Near {
    nearest: Option<f64>,
    count: usize,
}

/// A place's point with what [`haversine`] computes of each end, done
/// once per place rather than once per pair: its latitude and longitude in
/// radians and the cosine of its latitude.
#[derive(Clone, Copy)]
struct Spot {
    lat: f64,
    lat_rad: f64,
    lon_rad: f64,
    cos_lat: f64,
}

impl Spot {
    /// The spot of a (latitude, longitude) point.
    fn at((lat, lon): (f64, f64)) -> Spot {
        let lat_rad = lat.to_radians();
        Spot {
            lat,
            lat_rad,
            lon_rad: lon.to_radians(),
            cos_lat: lat_rad.cos(),
        }
    }

    fn of(p: &Place) -> Option<Spot> {
        point(p).map(Spot::at)
    }
}

/// The haversine of the distance below which two places are near (200
/// km), with a margin against rounding: a pair above it is farther
/// without a doubt.
const NEAR_HAVERSINE: f64 = 0.000_247;

impl Near {
    fn add(&mut self, a: Option<Spot>, b: Option<Spot>) {
        let (Some(a), Some(b)) = (a, b) else {
            return;
        };
        // 200 km is under 1.8° of latitude: most pairs end here, without
        // trigonometry.
        if (a.lat - b.lat).abs() >= 1.8 {
            return;
        }
        // The haversine of the distance: most of the remaining pairs end
        // at it, without the arc sine.
        let h = haversine(&a, &b);
        if h > NEAR_HAVERSINE {
            return;
        }
        let d = arc_km(h);
        if d < 200.0 {
            self.count += 1;
            self.nearest = Some(self.nearest.map_or(d, |n| n.min(d)));
        }
    }
}

/// A place's country as two bytes (0 for none), for quick comparison.
fn country_code(p: &Place) -> u16 {
    p.country.map_or(0, |c| {
        let b = c.as_bytes();
        u16::from(b.first().copied().unwrap_or(0)) << 8 | u16::from(b.get(1).copied().unwrap_or(0))
    })
}

/// A group's current reading, as the other groups see it.
/// What a candidate asks of a witness is copied out of its place, so that
/// the many candidates of a common name read the witnesses side by side.
struct Witness {
    group: usize,
    /// An anchor lends full support; otherwise it only witnesses its region.
    anchor: bool,
    id: PlaceId,
    kind: Kind,
    admin1: Option<Text>,
    country: u16,
    point: Option<Spot>,
}

/// Why a candidate scored what it did, kept as facts and put into words
/// only when the place is written out: most callers (a trip map, the
/// GeoJSON of a batch) never show them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Evidence {
    /// The place's prominence (see [`prominence`]).
    prominence: f64,
    /// The place's country code, for the words.
    country_code: Option<&'static str>,
    country: bool,
    capital_of_named: bool,
    region: bool,
    inside: usize,
    near_km: Option<f64>,
    written_with: Option<&'static str>,
    division: bool,
    capital_word: bool,
    /// The place read stands for another (the Kremlin for Moscow): both
    /// names.
    stands_for: Option<(&'static str, &'static str)>,
}

impl Evidence {
    /// The evidence in words, one fact a line, prominence first.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!("prominence {:.1}", self.prominence)];
        if self.inside > 0 {
            out.push(format!(
                "{} other places of the article lie in it",
                self.inside
            ));
        }
        if self.country {
            out.push(format!(
                "its country {} is mentioned",
                self.country_code.unwrap_or("?")
            ));
        }
        if self.capital_of_named {
            out.push("capital of a country the article names".to_string());
        }
        if self.region {
            out.push("its region is mentioned".to_string());
        }
        if let Some(km) = self.near_km {
            out.push(format!("{km:.0} km from another place of the article"));
        }
        if self.division {
            out.push("written with a word for a division".to_string());
        }
        if self.capital_word {
            out.push("written with a word for a capital".to_string());
        }
        if let Some(w) = self.written_with {
            out.push(format!("written \"…, {w}\""));
        }
        if let Some((read, meant)) = self.stands_for {
            out.push(format!("{read} stands for {meant}"));
        }
        out
    }
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.lines())
    }
}

/// What the matched name says for a place (see [`name_evidence`]).
#[derive(Clone, Copy, Debug)]
struct NameEvidence {
    curated: bool,
    /// A name of the article's language, or the source's main name.
    known: bool,
    /// An untagged name of a country whose language the article is in.
    native: bool,
    /// (For a country) its own name in the article's language, as its
    /// labels give it ([`own_name`]).
    own: bool,
    /// Every mention matched only with the word's Arabic article dropped,
    /// and the place's own name in the language takes none (see
    /// [`article_refused`]).
    article_refused: bool,
}

/// What the rest of the article says for a candidate.
#[derive(Clone, Copy, Debug, Default)]
struct Support {
    /// Mentions of its country (the country itself counts double).
    country: f64,
    /// Its admin-1 region is mentioned, another place lies near it, or the
    /// text says "…, Region".
    local: bool,
    /// The stronger part of `local`: its region is named, or the text says
    /// "…, Region", or (for a region) the article's places lie in it.
    named: bool,
    /// (For a region) another region of its country is mentioned.
    sibling: bool,
}

/// Whether a group's winning place is kept: strong places always; weak ones
/// (a small town, matched on a capitalized word at a sentence start or
/// through a stripped prefix) only with support from the rest of the article.
///
/// In scripts without letter case nothing marks a name as a name, and
/// GeoNames' untagged alternate names of small places collide with everyday
/// words (إلى "to" is a spelling of Ely, Nevada): such a name counts only for
/// a capital or a city of a million, or with the article's support.
///
/// A country's mention is weak support for one of its towns (a US story
/// names the US and hundreds of its towns share names with surnames and
/// words): it counts only for towns of some size.
fn keep(
    place: &Place,
    names: NameEvidence,
    demonym: bool,
    support: &Support,
    g: &Group<'_>,
    at_home: bool,
) -> bool {
    let NameEvidence {
        curated,
        known: known_name,
        native,
        own,
        ..
    } = names;
    if names.article_refused {
        return false;
    }
    let pop = place.population;
    let by_country = |min: u64| support.country > 0.0 && pop >= min;
    let strong_place = strong(place, curated);
    // A country's name is rarely the common word it spells in news (قطر
    // "diameter"); a city's often is (جدة "grandmother", March). Not so a
    // country's name in another language: "Island" (Iceland in Danish and
    // Breton) is an island in English.
    let country_name = place.kind.is_country() && !demonym && (own || curated);
    // A capital counts by a name it is known by: GeoNames gives small
    // capitals stray alternate names ("Lewis" for St. George's, Grenada).
    let big = (place.kind.is_country() && (own || curated || demonym))
        || (place.capital && (known_name || curated))
        || pop >= 1_000_000;
    // A capital or a city of a million is that place even when its name
    // is also a given name ("Paris said ..."), in scripts where a capital
    // letter marks the name; in Arabic سيول is "floods" before it is Seoul.
    // So is a city of some size written with a capital after a preposition
    // of place ("cars in Oxford", "in Reading"): the everyday word (an
    // oxford shoe) is not written so.
    let after_preposition = strong_place
        && place.kind == Kind::City
        && !demonym
        && g.mentions.iter().any(|m| m.cased && m.after_locative);
    let stands_alone = country_name
        || (big && !demonym && g.mentions.iter().any(|m| m.cased))
        || after_preposition;
    // An everyday word needs its region named: being near the article's
    // other places is not enough for "Center" or "West".
    let word_supported = support.named || by_country(100_000) || (demonym && support.country > 0.0);
    if g.mentions.iter().all(|m| m.needs_support) && !stands_alone && !word_supported {
        return false;
    }
    let cased = g.mentions.iter().any(|m| m.cased);
    // A one-word region (or county) of a country the article never names,
    // in a script without case: Arabic everyday words spell many far-off
    // provinces (قوة, مية, مين). A word for a division before it
    // ("محافظة") says that a region is meant. A reviewed name is no
    // chance spelling: German "Krim", capitalized as every noun is.
    let single = g.mentions.iter().all(|m| m.tokens.len() == 1);
    let division = g.mentions.iter().any(|m| m.division);
    if !cased
        && !curated
        && single
        && matches!(place.kind, Kind::Admin1 | Kind::Admin2)
        && !(support.local || support.country > 0.0 || division)
    {
        return false;
    }
    // German writes every noun with a capital, and a town's name takes no
    // article: after one ("am Rande", "der Minister", "im Namen") the word
    // is a noun, however like a town it is spelled.
    if g.mentions.iter().all(|m| m.after_determiner)
        && matches!(place.kind, Kind::City | Kind::Admin2 | Kind::Other)
    {
        return false;
    }
    // A country's name right before a surname, every time, is a given name
    // ("Jordan Henderson", "Israel Katz"). Towns are weighed below, with
    // their support ("Florence Achieng").
    if place.kind.is_country() && !demonym && g.mentions.iter().all(|m| m.before_surname) {
        return false;
    }
    // A region named for a compass point ("Eastern", الشرقية, "شمال شرق")
    // is named by everyday words in every language: its country named
    // somewhere in the article is not enough; its own places, another
    // region of its country ("North West and Limpopo") or a word for a
    // division must say it ("المنطقة الشرقية").
    if directional(place) && !(support.local || support.named || support.sibling || division) {
        return false;
    }
    // Many languages write the Arabic script, and folding spells their
    // names alike: a one-word name that only another language gives the
    // place (Niue in Sindhi is نووي "nuclear", Vienna in Persian وين
    // "where") is an Arabic word until the article supports the place.
    if single
        && !at_home
        && g.key.chars().next().is_some_and(is_arabic_letter)
        && !(support.local || support.country > 0.0)
    {
        return false;
    }
    // A native name of several words (حفر الباطن) is specific enough to
    // stand on its own; one word (الجديدة "the new", El Jadida) is not.
    // Several words, or several run together as in a hashtag (#حفرالباطن:
    // an article inside the word).
    let joined = {
        let rest = g.key.strip_prefix("ال").unwrap_or(g.key);
        let letters: Vec<char> = rest.chars().collect();
        letters.len() >= 7
            && (3..letters.len() - 3).any(|i| letters[i] == 'ا' && letters[i + 1] == 'ل')
    };
    let specific_native = native && (!single || joined);
    // In Chinese or Japanese, three characters or more (撒马尔罕) rarely
    // spell an everyday word by chance; two often do (合作, Hezuo). A
    // title right before makes them a person's name (总统桑托斯).
    let long_cjk = g
        .mentions
        .iter()
        .any(|m| m.cjk && m.tokens.len() >= 3 && !m.after_title);
    if !(cased || known_name || curated || place.kind.is_country() || specific_native) {
        // Chinese and Japanese run words together: any two characters may
        // spell a town (合作 "cooperation" is Hezuo, Gansu), so only local
        // support will do there.
        let cjk = g.mentions.iter().any(|m| m.cjk);
        // A capital by its own country's name for it (مسقط, المنامة) is
        // the capital: that name is what its own press calls it.
        let native_capital = place.capital && native;
        // Three characters or more of a city of some size (日内瓦, Geneva,
        // which GeoNames gives no language tag) are that city.
        let long_cjk_city = long_cjk && place.kind == Kind::City && pop >= 100_000;
        return big
            || native_capital
            || long_cjk_city
            || support.local
            || ((!cjk || long_cjk) && by_country(15_000));
    }
    // One sense per name: once "Kelly" was part of "Megyn Kelly", a later
    // "Kelly" is the same person. An acronym in capitals mid-sentence
    // (ICON, TIGER) is no town's name either.
    // A name that does the saying in half its mentions is a person's.
    let said = g.mentions.iter().filter(|m| m.said).count();
    let person_like = g.mentions.iter().any(|m| m.in_proper_run)
        || 2 * said >= g.mentions.len().max(1) && said > 0
        || g.mentions.iter().all(|m| m.all_caps && !m.sentence_start);
    // Admin-1 regions are not exempt: many are saints' parishes named like
    // people (Saint Michael, Saint Patrick).
    let broad = matches!(
        place.kind,
        Kind::Region | Kind::Continent | Kind::Organisation | Kind::Landmark
    );
    // Such a name is a place where the text names its region, or where it
    // stands after a preposition of place with places near it ("moved into
    // Rogersville"); nearby places alone are common in local news that
    // names people after towns (Mark Sanford, Elizabeth Fairfield).
    // A capital is exempt ("Paris said"), but not where a given name always
    // comes first ("George Washington", "Chief Robert Douglas"). Countries
    // and demonyms stay ("Prime Minister Erdogan's Turkey", "Serb").
    let surname = !place.kind.is_country() && g.mentions.iter().all(|m| m.after_given_name);
    if person_like && !((big && !surname) || broad) {
        return support.named || (support.local && g.mentions.iter().any(|m| m.after_locative));
    }
    if strong_place || support.local || by_country(15_000) {
        return true;
    }
    // Chinese characters are tokens of their own: two are one word (建设
    // "construction" is also Changge, Henan).
    let multiword = g.mentions.iter().any(|m| m.tokens.len() > 1 && !m.cjk);
    let exact = g.mentions.iter().any(|m| m.form == Form::Exact);
    let mid_sentence = g.mentions.iter().any(|m| !m.sentence_start);
    exact && mid_sentence && (multiword || pop >= 50_000)
}

#[cfg(test)]
mod tests {
    use super::{Evidence, NEAR_HAVERSINE, Near, Spot};
    use crate::carto::sphere::{EARTH_RADIUS_KM, distance_km};
    use crate::gazetteer::Gazetteer;
    use crate::geoparse::{ParseOptions, parse};

    fn names(text: &str) -> Vec<&'static str> {
        names_in("en", text)
    }

    #[test]
    fn evidence_is_put_into_words_when_serialized() {
        let gaz = Gazetteer::embedded();
        let text = "The Kremlin said talks in Samarkand, Uzbekistan, went well.";
        let parsed = parse(gaz, text, &ParseOptions::default());
        let json = serde_json::to_value(&parsed.places).unwrap();
        let words = |name: &str| -> Vec<String> {
            let i = parsed
                .places
                .iter()
                .position(|p| p.name_en == name)
                .unwrap();
            let words: Vec<String> = serde_json::from_value(json[i]["evidence"].clone()).unwrap();
            assert_eq!(words, parsed.places[i].evidence.lines());
            words
        };
        let samarkand = words("Samarkand");
        assert!(samarkand[0].starts_with("prominence "), "{samarkand:?}");
        assert!(samarkand.contains(&"its country UZ is mentioned".to_string()));
        let moscow = words("Moscow");
        assert_eq!(moscow.last().unwrap(), "Moscow Kremlin stands for Moscow");
        let none = Evidence::default().lines();
        assert_eq!(none, ["prominence 0.0"]);
    }

    /// `text` parsed as written in `lang`.
    fn parsed_in(lang: &str, text: &str) -> crate::geoparse::Parsed {
        let opts = ParseOptions {
            lang: Some(lang.into()),
            ..ParseOptions::default()
        };
        parse(Gazetteer::embedded(), text, &opts)
    }

    /// The English names of the places found in `text`, read as `lang`.
    fn names_in(lang: &str, text: &str) -> Vec<&'static str> {
        parsed_in(lang, text)
            .places
            .iter()
            .map(|p| p.name_en)
            .collect()
    }

    #[test]
    fn arabic_words_spelled_like_places_need_the_place_borne_out() {
        // "The desert areas" (الصحراوية matched as صحراوية, Sahrawi, and
        // listed with its article) and "and that" (وأن, Van).
        let none: Vec<&str> = Vec::new();
        assert_eq!(
            names_in("ar", "الحذر عند التجول في المناطق الصحراوية"),
            none
        );
        assert_eq!(names_in("ar", "وقال المتحدث وأن الوضع مستقر"), none);
        assert_eq!(names_in("ar", "زلزال في وان شرق تركيا"), ["Van", "Turkey"]);
    }

    #[test]
    fn the_prayer_after_the_word_for_prayer_is_no_place() {
        // The sunset prayer, the call to the afternoon prayer: not Morocco,
        // not the town of al-Asr; the country named as such still is.
        let none: Vec<&str> = Vec::new();
        assert_eq!(names_in("ar", "يؤدي المصلون صلاة المغرب"), none);
        assert_eq!(names_in("ar", "بعد صلاة المغرب توجه إلى المسجد"), none);
        assert_eq!(
            names_in("ar", "موعد أذان المغرب اليوم في القاهرة"),
            ["Cairo"]
        );
        assert_eq!(names_in("ar", "وصل الملك إلى المغرب"), ["Morocco"]);
    }

    #[test]
    fn an_article_a_places_name_does_not_take_makes_a_word() {
        // "A boys' school" and "the Syrian Arab region" (Baath usage).
        assert_eq!(names_in("ar", "مدرسة الأمل للبنين في الرياض"), ["Riyadh"]);
        assert_eq!(names_in("ar", "مدارس البنين والبنات"), Vec::<&str>::new());
        assert_eq!(names_in("ar", "القطر العربي السوري"), ["Syria"]);
        // The names as written, and the article where the name takes it.
        assert_eq!(names_in("ar", "زار الرئيس بنين وتوغو"), ["Benin", "Togo"]);
        assert_eq!(names_in("ar", "قال إن لقطر دورا"), ["Qatar"]);
        assert_eq!(
            names_in("ar", "عاد الوفد إلى الأردن وللكويت"),
            ["Jordan", "Kuwait"]
        );
        // So for a town: the Greek Orthodox hospital, a district of Mecca.
        assert_eq!(
            names_in("ar", "نقل المصابون إلى مستشفى الروم في بيروت"),
            ["Beirut"]
        );
        assert!(!names_in("ar", "بلدية الغزة في مكة تغلق مطعمين").contains(&"Gaza"));
        assert_eq!(names_in("ar", "قصف على غزة"), ["Gaza"]);
        // Nor without the article a name takes: kindergartens (رياض
        // الأطفال), force majeure (ظروف قاهرة).
        let none: Vec<&str> = Vec::new();
        assert_eq!(names_in("ar", "مدارس ورياض أطفال"), none);
        assert_eq!(names_in("ar", "حدث ذلك بسبب ظروف قاهرة"), none);
        assert_eq!(names_in("ar", "زار الرياض والقاهرة"), ["Riyadh", "Cairo"]);
        assert_eq!(
            names_in("ar", "وصل الرئيس إلى صور في جنوب لبنان"),
            ["Tyre", "Lebanon"]
        );
        // A country's people take it too (الألمان, "the Germans").
        assert_eq!(
            names_in("ar", "التقى الألمان والأتراك في برلين"),
            ["Germany", "Turkey", "Berlin"]
        );
    }

    #[test]
    fn near_pairs_are_those_within_200_km() {
        // sin²(100 km / R): the haversine of 200 km, just under the bound.
        let exact = (100.0_f64 / EARTH_RADIUS_KM).sin().powi(2);
        assert!(exact < NEAR_HAVERSINE && NEAR_HAVERSINE < exact * 1.01);
        let spot = |lat: f64, lon: f64| Spot::at((lat, lon));
        // Along a parallel at 40°N, from 1.0° to 3.0° of longitude apart
        // (85 km to 256 km): the same answer as the distance itself.
        for step in 0..=200 {
            let dlon = 1.0 + step as f64 * 0.01;
            let mut near = Near::default();
            near.add(Some(spot(40.0, -75.0)), Some(spot(40.0, -75.0 + dlon)));
            let d = distance_km((-75.0, 40.0), (-75.0 + dlon, 40.0));
            assert_eq!(near.count == 1, d < 200.0, "{dlon}° {d} km");
            // The same distance, but for rounding in the last digits.
            assert_eq!(near.nearest.is_some(), d < 200.0);
            assert!(near.nearest.is_none_or(|n| (n - d).abs() < 1e-9), "{dlon}°");
        }
    }

    #[test]
    fn a_surname_after_a_middle_initial_is_a_person() {
        // Moore County is named, but Derek D. Moore is no town of Moore.
        let text = "Derek D. Moore, a key figure in the plan, pleaded guilty in Moore County.";
        assert_eq!(names(text), ["Moore County"]);
    }

    #[test]
    fn a_name_that_does_the_saying_is_a_person_unless_the_place_speaks() {
        let said = "Homes are sitting empty, Lewis said. Buyers will return in spring, Lewis said.";
        assert_eq!(
            names(said),
            Vec::<&str>::new(),
            "not St. George's, Grenada, by a stray alternate name"
        );
        let speaks = "Gainesville says no to hate. The march went through Gainesville and \
                      ended at the Gainesville city hall.";
        assert!(names(speaks).contains(&"Gainesville"));
    }

    #[test]
    fn a_person_named_like_a_nearby_town_is_no_visit_there() {
        // Sanford, North Carolina lies near Raleigh, but Mr. Sanford is a man.
        let person = "Mr. Sanford met voters in Raleigh. Sanford promised that taxes would fall.";
        assert_eq!(names(person), ["Raleigh"]);
        let place =
            "Mr. Sanford met voters in Raleigh. Later he drove to Sanford to see the plant.";
        assert_eq!(names(place), ["Sanford", "Raleigh"]);
    }

    #[test]
    fn a_street_named_after_a_town_is_not_the_town() {
        assert_eq!(
            names("The council renamed Wichita Street in Dublin, Ohio."),
            ["Dublin", "Ohio"]
        );
        // A capitalized word after the street's word makes an institution
        // of the place's own.
        assert_eq!(
            ids("Troopers of the Florida Highway Patrol closed the road."),
            ["A:US.FL"]
        );
    }

    #[test]
    fn a_name_only_among_a_towns_alternate_names_yields_to_a_larger_place_it_is_the_name_of() {
        // Temirtau, 200 km from Astana, was once Samarkandsky.
        assert_eq!(
            ids("He flew to Astana on Wednesday, then went on to Samarkand."),
            ["G:1526273", "G:1216265"]
        );
        // A larger place keeps the common name its main name lacks.
        assert_eq!(
            ids("NEW YORK (Reuters) - Stocks fell in New York on Monday."),
            ["G:5128581"]
        );
    }

    #[test]
    fn seats_of_power_stand_for_their_cities_in_the_languages_that_name_them() {
        let parse_in = |lang: &str, text: &str| {
            parsed_in(lang, text)
                .places
                .iter()
                .map(|p| (p.name_en, p.mentions[0].via))
                .collect::<Vec<_>>()
        };
        // Not Nariño, the department; not the village of Carondelet.
        assert_eq!(
            parse_in("es", "El portavoz de la Casa de Nariño respondió."),
            [("Bogotá", Some("landmark"))]
        );
        assert_eq!(
            parse_in("es", "Carondelet anunció nuevas medidas."),
            [("Quito", Some("landmark"))]
        );
        // German declines the White House.
        assert_eq!(
            parse_in("de", "Im Weißen Haus war man besorgt."),
            [("Washington", Some("landmark"))]
        );
    }

    #[test]
    fn of_two_regions_of_one_name_the_more_populous_wins_on_the_name_alone() {
        // Florida, USA, not the department of Uruguay.
        assert_eq!(ids("He moved to Florida last year."), ["A:US.FL"]);
        let florida = Gazetteer::embedded().by_key("A:US.FL").unwrap();
        let florida = Gazetteer::embedded().place(florida);
        // Regions carry no population of their own, only their towns'.
        assert_eq!(florida.population, 0);
        assert!(florida.towns_population > 10_000_000);
    }

    #[test]
    fn a_name_the_place_has_only_in_another_language_gives_way() {
        // "Columbia" is Colombia in Romansh; English writes "Colombia".
        let text = "Officials in Columbia, South Carolina, said the state capital would host it.";
        let parsed = parse(Gazetteer::embedded(), text, &ParseOptions::default());
        let columbia = parsed.places.iter().find(|p| p.name_en == "Columbia");
        assert!(
            columbia.is_some_and(|p| p.country == Some("US")),
            "{:?}",
            parsed.places
        );
        assert!(parsed.places.iter().all(|p| p.id != "C:CO"));
        // A spelling that English shares with other languages is English too.
        assert_eq!(
            names("The governor of Minnesota visited farms in the state."),
            ["Minnesota"]
        );
    }

    #[test]
    fn a_preposition_with_the_article_in_it_is_no_town_s_unless_the_name_has_one() {
        // "au Québec" is the province, "à Québec" the city; "au Caire" is
        // Le Caire, whose name has the article; Spanish "al Cairo" too.
        assert_eq!(
            names_in("fr", "Le ministre est arrivé au Québec."),
            ["Quebec"]
        );
        assert_eq!(
            names_in("fr", "Le ministre est arrivé à Québec."),
            ["Québec"]
        );
        assert_eq!(
            names_in("fr", "Le ministre est arrivé au Caire."),
            ["Cairo"]
        );
        assert_eq!(names_in("es", "El ministro viajó al Cairo."), ["Cairo"]);
        let province = parsed_in("fr", "Le ministre est arrivé au Québec.");
        assert_eq!(province.places[0].id, "A:CA.10");
    }

    #[test]
    fn vowel_marks_say_which_place_a_name_is() {
        // Folded, عمّان and عمان are one name: Oman's, and Amman's.
        assert_eq!(
            names_in("ar", "زار الوزير القاهرة وعمّان."),
            ["Cairo", "Amman"]
        );
        assert_eq!(
            names_in("ar", "زار الوزير القاهرة وعمان."),
            ["Cairo", "Oman"]
        );
    }

    #[test]
    fn a_reviewed_name_of_a_region_stands_alone_in_german_and_russian() {
        // German capitalizes every noun, so its capitals say nothing, but
        // "Krim" is a reviewed name; Russian news means the country by
        // Южная Африка, which a source gives the region of southern Africa.
        assert_eq!(
            names_in("de", "Die Krim ist eine Halbinsel."),
            ["Autonomous Republic of Crimea"]
        );
        assert_eq!(
            names_in("ru", "В Южной Африке прошли выборы."),
            ["South Africa"]
        );
    }

    #[test]
    fn chinese_names_of_cities_and_countries_are_read_as_chinese_news_uses_them() {
        // 朝鲜 is North Korea (GeoNames also lists it for the South); 中美
        // is China and the United States, not Central America (中, too
        // common a character, stands for China in no compound); 日内瓦,
        // Geneva's one Chinese name, carries no language tag.
        let names = names_in("zh", "中美双方在日内瓦举行会谈。俄罗斯总统将访问朝鲜。");
        assert_eq!(names, ["United States", "Geneva", "Russia", "North Korea"]);
        // The second abbreviation of a compound is its country too.
        assert_eq!(names_in("zh", "中俄关系紧张。"), ["Russia"]);
        assert!(names_in("zh", "这是方中的问题。").is_empty());
    }

    #[test]
    fn a_word_for_a_division_means_the_division_not_its_capital() {
        // Giza the governorate, through a proclitic and a hashtag's #.
        assert_eq!(ids("انفجار أمام معهد الأورام بمحافظة #الجيزة"), ["A:EG.08"]);
        // Without the word, the city of four million.
        assert_eq!(ids("انفجار أمام معهد الأورام في الجيزة"), ["G:360995"]);
        // A region by its name alone ("القصيم" for "منطقة القصيم") in a
        // story about its country.
        assert_eq!(
            ids("أمطار غزيرة على القصيم اليوم في السعودية"),
            ["A:SA.08", "C:SA"]
        );
    }

    /// The ids of the places that a mention written `written` in `text`
    /// was resolved to.
    fn meant(text: &str, written: &str) -> Vec<&'static str> {
        parse(Gazetteer::embedded(), text, &ParseOptions::default())
            .places
            .iter()
            .filter(|p| p.mentions.iter().any(|m| m.text == written))
            .map(|p| p.id)
            .collect()
    }

    fn ids(text: &str) -> Vec<&'static str> {
        parse(Gazetteer::embedded(), text, &ParseOptions::default())
            .places
            .iter()
            .map(|p| p.id)
            .collect()
    }

    #[test]
    fn a_demonym_in_lower_case_counts_only_where_demonyms_are_written_so() {
        // English capitalizes its demonyms: "russian" in lower case is no
        // mention of Russia. French does not: "russe" is.
        assert_eq!(
            ids("The Russian president met the French minister in Berlin."),
            ["C:RU", "C:FR", "G:2950159"]
        );
        assert!(!ids("the russian president met reporters on monday.").contains(&"C:RU"));
        assert!(
            ids("Le président russe a rencontré des journalistes lundi, et il a dit que les discussions continueront.")
                .contains(&"C:RU")
        );
        assert!(
            ids("Die russische Regierung hat am Montag erklärt, dass die Gespräche fortgesetzt werden.")
                .contains(&"C:RU")
        );
    }

    #[test]
    fn the_european_union_is_a_place_and_an_organisation_alliances_only_organisations() {
        let parsed = parse(
            Gazetteer::embedded(),
            "The EU and NATO met in Geneva.",
            &ParseOptions::default(),
        );
        let places: Vec<&str> = parsed.places.iter().map(|p| p.id).collect();
        assert_eq!(places, ["O:EU", "G:2660646"]);
        let eu = &parsed.places[0];
        // At its seat, Brussels.
        assert!((eu.lat - 50.84).abs() < 0.1 && (eu.lon - 4.38).abs() < 0.1);
        let organisations: Vec<&str> = parsed.organisations.iter().map(|o| o.id).collect();
        assert_eq!(organisations, ["O:EU", "O:NATO"]);
    }

    #[test]
    fn a_regions_people_are_a_mention_of_the_region() {
        assert_eq!(
            ids("Minnesotans and West Virginians voted, and Ontarians watched."),
            ["A:US.MN", "A:US.WV", "A:CA.08"]
        );
        let parsed = parse(
            Gazetteer::embedded(),
            "South Ossetian forces clashed with Georgian troops.",
            &ParseOptions::default(),
        );
        let found: Vec<(&str, Option<&str>)> = parsed
            .places
            .iter()
            .map(|p| (p.id, p.mentions[0].via))
            .collect();
        // "Georgian" stays the country's.
        assert_eq!(
            found,
            [
                ("R:south-ossetia", Some("demonym")),
                ("C:GE", Some("demonym"))
            ]
        );
    }

    #[test]
    fn a_city_named_like_its_region_is_known_by_the_regions_name() {
        // The Arabic names of Sohag and Zarqa come untagged for the cities
        // and in Arabic for their governorates: alone, the name is the city.
        assert_eq!(ids("سقوط جدار في سوهاج بسبب الرياح"), ["G:347796"]);
        assert_eq!(ids("مياه الأمطار تداهم مناطق في الزرقاء"), ["G:250090"]);
        // With a word for a division, the governorate.
        assert_eq!(ids("نقل المصابين إلى مستشفى محافظة سوهاج"), ["A:EG.24"]);
    }

    #[test]
    fn a_word_for_a_capital_means_the_capital_city() {
        // عمان is Oman and Amman: "the capital" says which.
        assert_eq!(ids("أمطار غزيرة في العاصمة عمان الليلة"), ["G:250441"]);
        assert_eq!(ids("أمطار غزيرة في عمان الليلة"), ["C:OM"]);
        // So does a story about Jordan.
        assert_eq!(
            ids("أمطار غزيرة في عمان الليلة وتحذيرات في الأردن"),
            ["G:250441", "C:JO"]
        );
    }

    #[test]
    fn a_city_named_like_an_everyday_word_is_the_city_after_a_preposition_of_place() {
        // "oxford" and "reading" are English words; capitalized after "in",
        // they are the cities.
        assert_eq!(names("Cars in Oxford were attacked."), ["Oxford"]);
        assert_eq!(
            names("Two men were arrested in Reading on Monday."),
            ["Reading"]
        );
        // A region named by a word is not let through so ("in East").
        assert!(names("Sales were up in East and down in West.").is_empty());
    }

    #[test]
    fn a_capital_after_a_given_name_is_a_surname() {
        assert!(names("The statue of George Washington was removed on Monday.").is_empty());
        assert!(names("Chief Robert Douglas said his officers were called.").is_empty());
        // Named alone elsewhere, the city stands; so does a capital that
        // does the saying, and a country after a name.
        assert_eq!(
            names("Officials in Washington said George Washington University would reopen."),
            ["Washington"]
        );
        assert_eq!(names("Paris said the talks went well."), ["Paris"]);
        assert_eq!(names("Prime Minister Erdogan's Turkey voted."), ["Turkey"]);
    }

    #[test]
    fn a_countrys_name_in_another_language_is_an_everyday_word_of_this_one() {
        // "Island" is Iceland in Danish and Breton: in English, an island.
        assert!(names("He lives on Osney Island near the river.").is_empty());
        // The country's own names and its demonym still stand alone.
        assert_eq!(names("The Maltese government met on Monday."), ["Malta"]);
        assert_eq!(names("He flew to Iceland on Monday."), ["Iceland"]);
    }

    #[test]
    fn a_compass_word_before_a_town_makes_a_part_of_it_not_a_person() {
        // The dictionary writes "South" with a capital too, as it does given
        // names (Bob, Mark); before a town it names a part of the town.
        let text = "A woman was killed in Arlington. She was walking in South Arlington.";
        assert_eq!(names(text), ["Arlington"]);
        // A given name before it still makes a person.
        assert!(names("Mark Arlington said the talks went well.").is_empty());
    }

    #[test]
    fn names_that_support_each_other_settle_instead_of_swapping() {
        // Scored all at once, the two swapped readings on every pass: the
        // Virginia county beside California, Maryland; then the California
        // county beside the state.
        let text = "Officials in Orange County said on Monday that California would help.";
        assert_eq!(ids(text), ["U:06059", "A:US.CA"]);
    }

    #[test]
    fn a_country_named_in_the_article_is_what_its_own_name_means() {
        // GeoNames also calls Mexico City "Mexico". Neither "Mexico City"
        // written elsewhere nor the country named (by its demonym too) is
        // a reason to read the country's own name as its capital.
        let text = "Migrants have been camped out in Matias Romero, Oaxaca State, \
                    Mexico, on Wednesday. The Mexican government said the caravan in \
                    southern Mexico had drawn criticism from U.S. President Donald \
                    Trump. Others are set to carry migrants to Mexico City.";
        assert_eq!(meant(text, "Mexico"), ["C:MX"]);
        assert_eq!(meant(text, "Mexico City"), ["G:3530597"]);
        // "Tunis" is Tunisia only in another language (Azerbaijani): in a
        // story about Tunisia it is still its capital.
        let text = "The Tunisian Defence Minister said Tunisia would host the centre. \
                    Talks were held in Tunis on Monday.";
        assert_eq!(meant(text, "Tunis"), ["G:2464470"]);
        assert_eq!(
            ids("أمطار غزيرة في الكويت اليوم وتحذيرات من السيول في الكويت"),
            ["C:KW"]
        );
    }

    #[test]
    fn a_capital_by_its_own_countrys_name_for_it_needs_no_support() {
        assert_eq!(ids("وصل الوزير إلى مسقط."), ["G:287286"]);
        assert_eq!(ids("وصل الوزير إلى المنامة."), ["G:290340"]);
    }

    #[test]
    fn an_arabic_word_spelled_like_a_foreign_name_is_no_place() {
        // Niue in Sindhi, Vienna in Persian, Algeria in Mazanderani.
        assert_eq!(ids("الانفجار نووي؟ وين الحكومة؟"), Vec::<&str>::new());
        assert_eq!(ids("قناة الجزيرة تبث الخبر"), Vec::<&str>::new());
    }

    #[test]
    fn a_country_before_a_surname_is_a_given_name() {
        let text = "Their captain Jordan Henderson scored. Minister Israel Katz spoke in Nairobi.";
        assert_eq!(names(text), ["Nairobi"]);
        // An everyday word after it makes no surname; an abbreviation
        // is no given name.
        assert_eq!(
            names("The Niger Delta and US Treasury officials met."),
            ["Niger", "United States"]
        );
    }

    #[test]
    fn a_curated_name_outranks_a_translated_alternate_name() {
        // GeoNames lists "White House" among Casablanca's names.
        let text = "The White House said on Monday that the president would travel to Ohio.";
        assert_eq!(ids(text), ["G:4140963", "A:US.OH"]);
    }

    #[test]
    fn a_place_among_its_neighbours_outweighs_a_country_of_its_name() {
        let text = "The storm hit Georgia on Monday, flooding roads in Atlanta and Savannah.";
        assert_eq!(ids(text)[0], "A:US.GA");
        assert_eq!(
            ids("The storm hit Georgia on Monday, flooding roads in Tbilisi.")[0],
            "C:GE"
        );
        // A city by two of its neighbours, over the country of its name.
        let armenia = "Flights from Armenia, Pereira and Manizales were cancelled.";
        assert_eq!(ids(armenia)[0], "G:3689560");
        assert_eq!(ids("Flights from Armenia were cancelled.")[0], "C:AM");
    }

    #[test]
    fn chinese_names_by_their_length_and_the_words_around_them() {
        // Three characters or more, with the country named: the city.
        assert_eq!(
            ids("他将前往乌兹别克斯坦撒马尔罕出席会议。"),
            ["C:UZ", "G:1216265"]
        );
        // Two characters are an everyday word before they are a town.
        assert_eq!(ids("中国将推进基础设施建设和文化交流。"), ["C:CN"]);
        // After a title, a person: Santos the president, not the port.
        assert_eq!(ids("哥伦比亚总统桑托斯访问巴西。"), ["C:CO", "C:BR"]);
    }

    #[test]
    fn a_russian_case_ending_is_undone_to_the_longest_name() {
        // России is Россия (stem росси), not Росс (Ross, Ohio).
        assert_eq!(
            ids("Президент России прибыл в Пекин."),
            ["C:RU", "G:1816670"]
        );
        assert_eq!(
            ids("Визит в Россию состоялся в Минске."),
            ["C:RU", "G:625144"]
        );
    }

    #[test]
    fn a_german_noun_after_its_article_is_no_town() {
        let de = |text: &str| names_in("de", text);
        // Rand (West Virginia), Namur (Namen), Minster (Ohio) are spelled so.
        assert_eq!(
            de("Am Rande des Gipfels in Berlin sprach der Minister im Namen der Regierung."),
            ["Berlin"]
        );
        // A country or a region may take an article: "die Türkei".
        assert_eq!(de("Der Minister reist in die Türkei."), ["Turkey"]);
        // Its capital letter is no sign of a name: Waren (Müritz) is goods.
        assert_eq!(
            de("In Deutschland gelten Zölle auf Waren aus Serbien."),
            ["Germany", "Serbia"]
        );
    }

    #[test]
    fn a_spanish_plural_word_is_no_town_at_a_sentence_start() {
        let opts = ParseOptions {
            lang: Some("es".into()),
            ..ParseOptions::default()
        };
        // "Fuentes" (sources) is also a village of Cuenca, Spain.
        let text = "Sánchez volvió a España. Fuentes de la delegación lo confirmaron en Madrid.";
        let places: Vec<_> = parse(Gazetteer::embedded(), text, &opts)
            .places
            .iter()
            .map(|p| p.name_en)
            .collect();
        assert_eq!(places, ["Spain", "Madrid"]);
    }

    #[test]
    fn the_kingdom_is_the_one_kingdom_the_article_names() {
        let mentions = |text: &str| -> Vec<(&'static str, String, Option<&'static str>)> {
            parse(Gazetteer::embedded(), text, &ParseOptions::default())
                .places
                .into_iter()
                .flat_map(|p| p.mentions.into_iter().map(move |m| (p.id, m.text, m.via)))
                .collect()
        };
        let saudi = mentions("أعلنت السعودية أن المملكة ستستضيف القمة.");
        assert_eq!(
            saudi,
            [
                ("C:SA", "السعودية".to_string(), None),
                ("C:SA", "المملكة".to_string(), Some("anaphor"))
            ]
        );
        // With no kingdom named, or two, the word names nothing.
        assert!(mentions("قالت المملكة إن الأمطار غزيرة").is_empty());
        let two = mentions("وفد من الأردن والسعودية. وقالت المملكة إن الأمطار غزيرة");
        assert!(two.iter().all(|m| m.2.is_none()), "{two:?}");
    }

    #[test]
    fn a_region_named_for_a_compass_point_needs_its_own_places() {
        // "the Centre" is India's government, not Togo's Centre region.
        assert_eq!(
            names("Tamil Nadu asked the Centre to release water from Karnataka."),
            ["Tamil Nadu", "Karnataka"]
        );
        // Beside another region of its country, it is that region.
        assert!(
            names("Mining hurts villages in the North West and Limpopo.").contains(&"North West")
        );
        // "the eastern region" of a Saudi story, written with its word.
        assert_eq!(ids("أمطار على المنطقة الشرقية اليوم"), ["A:SA.06"]);
    }
}
