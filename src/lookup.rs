//! `tripmap lookup`: every place a name can mean, best first.

use std::collections::HashMap;

use serde::Serialize;

use crate::date::Date;
use crate::gazetteer::{Gazetteer, Kind, Place, PlaceId, Posting, Text, flag};
use crate::text::{fold, morph};

/// How much a place is worth as a reading of a bare name, before any
/// context: the log of its population, lifted for countries, capitals and
/// the other kinds of place that news names most.
///
/// Why these numbers: a country beats any city of the same name (Georgia,
/// Jordan, Chad); a city beats its own admin-1 region (Samarkand the city,
/// not Samarqand Region; New York City, not the state); regions count like
/// a city of 100,000, and the population of their towns only tells two
/// regions of one name apart: Florida, USA before Florida, Uruguay.
pub fn prominence(p: &Place) -> f64 {
    let pop = (p.population.max(p.towns_population).max(1) as f64).log10();
    match p.kind {
        Kind::Country => 10.0 + pop * 0.5,
        Kind::Territory => 8.0 + pop * 0.3,
        Kind::Continent | Kind::Region => 9.0,
        Kind::Organisation => 9.0,
        Kind::Person => 0.0,
        Kind::Admin1 => 5.0 + pop.min(8.0) * 0.01,
        Kind::Admin2 => 4.5,
        Kind::Landmark => 5.5,
        Kind::City => pop + if p.capital { 2.0 } else { 0.0 },
        Kind::Other => pop.min(3.0),
    }
}

/// One reading of a name.
#[derive(Clone, Debug, Serialize)]
pub struct Candidate {
    /// Gazetteer key (`C:KZ`, `G:1526273`, `O:SCO`).
    pub id: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
    #[serde(rename = "type")]
    pub kind: Kind,
    pub country: Option<&'static str>,
    pub admin1: Option<&'static str>,
    pub admin1_name: Option<&'static str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: u64,
    pub geonames_id: Option<u32>,
    pub capital: bool,
    /// The name that matched, as the source writes it.
    pub matched: &'static str,
    /// Language of the matched name ("" when the source does not say).
    pub matched_lang: &'static str,
    /// The matched name's period of use, when it has one.
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// The matched word stands for the country (a demonym).
    pub demonym: bool,
    /// A landmark's city.
    pub stands_for: Option<&'static str>,
    /// For an organisation: ISO codes of its members on the date asked
    /// (today's data when no date was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<&'static str>>,
    pub score: f64,
}

/// How well a posting's name fits, as a bonus on top of prominence: a
/// name known in some language, in use on the date, and not curated as
/// ambiguous fits best.
pub fn name_fit(p: &Posting, date: Option<Date>) -> f64 {
    let mut s = 0.0;
    if p.has(flag::OFFICIAL) || p.has(flag::CURATED) || !p.lang.is_empty() {
        s += 0.5;
    }
    if p.has(flag::DATED) && date.is_some() {
        s += if p.valid_on(date) { 1.0 } else { -3.0 };
    }
    if p.has(flag::AMBIGUOUS) {
        s -= 1.5;
    }
    s
}

/// The postings of `name`, trying Arabic clitic and Russian/German case
/// variants only when the name itself is unknown.
pub fn postings_for(gaz: &Gazetteer, name: &str) -> Vec<Posting> {
    let folded = fold(name);
    let direct: Vec<Posting> = gaz.postings_folded(&folded).collect();
    if !direct.is_empty() {
        return direct;
    }
    let mut variants: Vec<String> = morph::arabic_variants(&folded)
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    variants.extend(morph::cyrillic_variants(&folded));
    variants.extend(morph::german_variants(&folded));
    variants
        .iter()
        .map(|v| gaz.postings_folded(v).collect::<Vec<_>>())
        .find(|p| !p.is_empty())
        .unwrap_or_default()
}

/// Every place `name` can mean, best first, one entry per place.
pub fn lookup(gaz: &Gazetteer, name: &str, date: Option<Date>) -> Vec<Candidate> {
    let mut best: HashMap<PlaceId, (f64, Posting)> = HashMap::new();
    for p in postings_for(gaz, name) {
        let s = name_fit(&p, date);
        let e = best.entry(p.place).or_insert((s, p));
        if s > e.0 {
            *e = (s, p);
        }
    }
    let members_date = date.unwrap_or_else(today);
    let mut out: Vec<Candidate> = best
        .into_values()
        .map(|(fit, p)| {
            let place = gaz.place(p.place);
            let admin1_name = match (place.country, place.admin1, place.kind) {
                (Some(c), Some(a), k) if k != Kind::Admin1 => gaz
                    .by_key(&format!("A:{c}.{a}"))
                    .map(|id| gaz.place(id).name_en.as_str()),
                _ => None,
            };
            Candidate {
                id: place.key.as_str(),
                name: gaz.label(place.id, "en").unwrap_or(place.name_en.as_str()),
                name_en: place.name_en.as_str(),
                kind: place.kind,
                country: place.country,
                admin1: place.admin1.map(Text::as_str),
                admin1_name,
                lat: place.lat,
                lon: place.lon,
                population: place.population,
                geonames_id: place.geonames_id,
                capital: place.capital,
                matched: p.name(),
                matched_lang: p.lang,
                valid_from: p.from,
                valid_to: p.to,
                demonym: p.has(flag::DEMONYM),
                stands_for: place.stands_for.map(|s| gaz.place(s).key.as_str()),
                members: (place.kind == Kind::Organisation)
                    .then(|| gaz.memberships().members_on(place.id, members_date)),
                score: prominence(&place) + fit,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.population.cmp(&a.population))
            .then(a.id.cmp(b.id))
    });
    out
}

/// Today's date from the system clock (UTC), for "members now".
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date((secs / 86_400) as i32)
}
