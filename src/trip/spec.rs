//! The map spec: one serde document that holds everything a renderer
//! needs, written by `tripmap extract`, edited by hand if need be, drawn by
//! `tripmap render`. It is the seam between understanding an article and
//! drawing it.
//!
//! The route is the spec's backbone: its first place is where the trip
//! starts, each later one is reached by a leg from the one before. A route
//! entry may name a place only (`{"name": "Tashkent"}`): the gazetteer fills
//! in the rest when the spec is read.

use serde::{Deserialize, Serialize};

use crate::carto::projection::Projection;
use crate::carto::sphere::distance_km;
use crate::date::Date;
use crate::gazetteer::{Gazetteer, Kind, PlaceId, flag};
use crate::geoparse::Parsed;
use crate::geoparse::resolve::MentionSpan;
use crate::lookup::lookup;

use super::itinerary::{Itinerary, TRIP_TEXT_BYTES, infer_tokenized};
use super::text;
use crate::geoparse::{ParseOptions, parse, parse_tokenized};
use crate::text::tokens::{Lowered, Token};

/// The spec format's version.
pub const SPEC_VERSION: u32 = 1;

/// At most this many route stops: more is no trip map, and a hostile spec
/// must not cost unbounded time.
pub const MAX_STOPS: usize = 500;

/// A map spec.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapSpec {
    /// Always [`SPEC_VERSION`].
    pub tripmap_spec: u32,
    pub title: String,
    #[serde(default)]
    pub subtitle: String,
    /// The article's language (ISO 639-1).
    pub lang: String,
    /// The language of the map's labels.
    pub labels: String,
    /// The article's date (`YYYY-MM-DD`): group members are as of this day.
    #[serde(default)]
    pub date: Option<String>,
    /// The traveller's country (alpha-2) or organisation (`O:UN`).
    #[serde(default)]
    pub traveller: Option<String>,
    /// Origin first, then the stops in travel order.
    #[serde(default)]
    pub route: Vec<Stop>,
    /// Organisations whose member states are shaded.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Every place the article mentions, and its role on the map.
    #[serde(default)]
    pub places: Vec<PlaceSpec>,
    /// What the map shows, in degrees; computed from the route when absent.
    #[serde(default)]
    pub extent: Option<Extent>,
    /// Chosen for the extent when absent.
    #[serde(default)]
    pub projection: Option<Projection>,
    #[serde(default)]
    pub style: Style,
    /// Why each choice was made, one line each.
    #[serde(default)]
    pub explain: Vec<String>,
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// One place of the route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stop {
    /// The label drawn on the map.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Gazetteer key (`G:1526273`, `C:KZ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u32>,
    /// First and last day at the stop, when the text gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrive: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depart: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// What a place is on the map (the output contract's `role`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Origin,
    Stop,
    Context,
    Mention,
}

/// A place of the article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceSpec {
    pub name: String,
    pub name_en: String,
    #[serde(default)]
    pub id: Option<String>,
    pub place_type: String,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub geonames_id: Option<u32>,
    pub lat: f64,
    pub lon: f64,
    /// `context` or `mention` for places off the route; a place on the
    /// route is its origin or a stop whatever this says.
    pub role: Role,
    #[serde(default)]
    pub confidence: Option<f64>,
    #[serde(default)]
    pub mentions: Vec<Mention>,
}

/// Where the article names a place (offsets in chars of the text as read).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// An organisation whose members are shaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Short name (`SCO`).
    pub key: String,
    pub name: String,
    /// The legend's text.
    pub label: String,
    /// `data` or `article` (the text listed the members).
    #[serde(default)]
    pub source: Option<String>,
    pub members: Vec<Member>,
    #[serde(default)]
    pub evidence: Option<String>,
}

/// A member state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub name: String,
    pub name_en: String,
}

/// A longitude/latitude box; `west > east` crosses the antimeridian.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extent {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

/// How the map looks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Style {
    /// Canvas size in CSS pixels.
    pub width: u32,
    pub height: u32,
    pub land: String,
    pub sea: String,
    pub border: String,
    pub highlight: String,
    pub route: String,
    pub text: String,
    /// Font stack for labels; Noto families cover every script tripmap
    /// labels in.
    pub font_family: String,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            width: 1200,
            height: 800,
            land: "#ece8df".into(),
            sea: "#d4e4ef".into(),
            border: "#ffffff".into(),
            highlight: "#f4c97a".into(),
            route: "#c0392b".into(),
            text: "#222222".into(),
            font_family: "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans CJK SC', 'Noto Sans SC', \
                          'DejaVu Sans', sans-serif"
                .into(),
        }
    }
}

impl Style {
    /// Colours are `#rgb`/`#rrggbb` or a CSS colour name, and the font
    /// stack holds names, quotes and commas only: style values go into SVG
    /// attributes as they are.
    fn check(&self) -> Result<(), SpecError> {
        for (field, v) in [
            ("land", &self.land),
            ("sea", &self.sea),
            ("border", &self.border),
            ("highlight", &self.highlight),
            ("route", &self.route),
            ("text", &self.text),
        ] {
            let hex = v.strip_prefix('#').is_some_and(|h| {
                matches!(h.len(), 3 | 4 | 6 | 8) && h.chars().all(|c| c.is_ascii_hexdigit())
            });
            let name = !v.is_empty() && v.len() <= 30 && v.chars().all(|c| c.is_ascii_alphabetic());
            if !hex && !name {
                return Err(err(
                    format!("style.{field}"),
                    format!("not a colour: {v:?}"),
                ));
            }
        }
        let f = &self.font_family;
        if f.len() > 300
            || !f
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | ',' | '\'' | '-' | '_'))
        {
            return Err(err(
                "style.font_family",
                "only font names, quotes and commas",
            ));
        }
        Ok(())
    }
}

/// What the user may tell `extract` beyond the article.
#[derive(Clone, Debug, Default)]
pub struct TripOptions {
    pub date: Option<Date>,
    /// Label language; the article's by default.
    pub labels: Option<String>,
    /// Place names of the route, origin first (`--route "A > B > C"`).
    pub route: Option<Vec<String>>,
    /// Organisations to shade instead of the inferred one (`--highlight`).
    pub highlight: Option<Vec<String>>,
}

/// Why a spec cannot be drawn. The message names the field.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{field}: {reason}")]
pub struct SpecError {
    pub field: String,
    pub reason: String,
}

fn err(field: impl Into<String>, reason: impl Into<String>) -> SpecError {
    SpecError {
        field: field.into(),
        reason: reason.into(),
    }
}

/// The name a map writes for a place in `lang` on `date`: a name of the
/// period when the place had one ("Nur-Sultan" in 2022), else its usual
/// name in that language, else its English name.
pub fn label_at(gaz: &Gazetteer, id: PlaceId, lang: &str, date: Option<Date>) -> String {
    let place = gaz.place(id);
    if let Some(n) = date.and_then(|d| gaz.dated_label(id, lang, d)) {
        return n.to_string();
    }
    gaz.current_label(id, lang, date)
        .unwrap_or(place.name_en.as_str())
        .to_string()
}

/// The English name on a date ("Nur-Sultan" in 2022).
fn name_en_at(gaz: &Gazetteer, id: PlaceId, date: Option<Date>) -> String {
    let place = gaz.place(id);
    date.and_then(|d| gaz.dated_label(id, "en", d))
        .unwrap_or(place.name_en.as_str())
        .to_string()
}

fn place_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Territory => "country",
        k => k.as_str(),
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Builds the map spec of a parsed article: the itinerary, the groups,
/// roles, title and extent, with the user's overrides applied.
pub fn build_spec(gaz: &Gazetteer, text: &str, parsed: &Parsed, opts: &TripOptions) -> MapSpec {
    build_spec_tokenized(gaz, text, None, parsed, opts)
}

/// An article's places and its map spec (not yet completed): geoparsing
/// and the trip read one tokenization of a news-sized text (tokenizing is
/// a tenth of a batch's time); a longer one is geoparsed a stretch at a
/// time and its trip read from its start.
pub fn map_article(
    gaz: &Gazetteer,
    text: &str,
    parse_opts: &ParseOptions,
    opts: &TripOptions,
) -> (Parsed, MapSpec) {
    if text.len() <= TRIP_TEXT_BYTES {
        let lowered = Lowered::new(text);
        let tokens = lowered.tokenize();
        let parsed = parse_tokenized(gaz, text, &tokens, parse_opts);
        let spec = build_spec_tokenized(gaz, text, Some(&tokens), &parsed, opts);
        (parsed, spec)
    } else {
        let parsed = parse(gaz, text, parse_opts);
        let spec = build_spec(gaz, text, &parsed, opts);
        (parsed, spec)
    }
}

/// [`build_spec`] with the text's tokens, when the caller has them (see
/// [`infer_tokenized`]).
fn build_spec_tokenized(
    gaz: &Gazetteer,
    text: &str,
    tokens: Option<&[Token<'_>]>,
    parsed: &Parsed,
    opts: &TripOptions,
) -> MapSpec {
    let infer = |date| infer_tokenized(gaz, text, tokens, parsed, date);
    let mut it = infer(opts.date);
    // No date in the text, but a stop written with a period name: read
    // the trip again as of the last day of that name.
    if it.date.is_none()
        && let Some((d, why)) = it.dated_by_name.clone()
    {
        it = infer(Some(d));
        it.date_source = None;
        it.explain.insert(0, why);
    }
    spec_from(gaz, parsed, &it, opts)
}

/// The article's own spelling of each place it names, for a map in the
/// article's language: what its reader read, where the gazetteer has no
/// name in that language or writes the same. A spelling must be a name of
/// the place as it stands (not an inflected form, not a demonym) and not
/// a dateline's capitals.
fn article_names(gaz: &Gazetteer, parsed: &Parsed) -> crate::hash::FastMap<PlaceId, String> {
    let mut names = crate::hash::FastMap::default();
    for p in &parsed.places {
        let own = p.mentions.iter().filter(|m| m.via.is_none()).find(|m| {
            let caps = m.text.chars().filter(|c| c.is_uppercase()).count() > 1
                && m.text.chars().all(|c| !c.is_lowercase());
            !caps
                && gaz
                    .postings(&m.text)
                    .iter()
                    .any(|q| q.place == p.place || gaz.place(q.place).stands_for == Some(p.place))
        });
        if let Some(m) = own {
            names.insert(p.place, m.text.clone());
        }
    }
    names
}

fn spec_from(gaz: &Gazetteer, parsed: &Parsed, it: &Itinerary, opts: &TripOptions) -> MapSpec {
    let labels = opts.labels.clone().unwrap_or_else(|| parsed.lang.clone());
    let date = it.date;
    let own = if labels == parsed.lang {
        article_names(gaz, parsed)
    } else {
        Default::default()
    };
    // A name the sources give in the language, else the article's own
    // spelling, else a name only guessed to be in the language by its
    // script, else English.
    let label = |id: PlaceId| {
        let dated = date.and_then(|d| gaz.dated_label(id, &labels, d));
        let known = dated.or_else(|| gaz.current_label(id, &labels, date));
        let guessed = known.is_some_and(|n| gaz.has_label(id, &labels, n, flag::SCRIPT_GUESS));
        match (known, own.get(&id)) {
            (Some(l), None) => l.to_string(),
            (Some(l), Some(_)) if !guessed => l.to_string(),
            (_, Some(o)) => o.clone(),
            (None, None) => label_at(gaz, id, &labels, date),
        }
    };
    let mut explain = it.explain.clone();
    let mut warnings = it.warnings.clone();

    let fmt_date = |d: Option<&Date>| d.map(|d| d.to_string());
    let mut route: Vec<Stop> = it
        .route
        .iter()
        .map(|r| {
            let p = gaz.place(r.place);
            Stop {
                name: label(r.place),
                name_en: Some(name_en_at(gaz, r.place, date)),
                id: Some(p.key.to_string()),
                lat: p.lat.map(round6),
                lon: p.lon.map(round6),
                place_type: Some(place_type(p.kind).to_string()),
                country: p.country.map(str::to_string),
                geonames_id: p.geonames_id,
                arrive: fmt_date(r.dates.first()),
                depart: fmt_date(r.dates.last()),
                evidence: Some(r.evidence.clone()),
            }
        })
        .collect();
    if let Some(names) = &opts.route {
        route = names
            .iter()
            .map(|n| Stop {
                name: n.clone(),
                name_en: None,
                id: None,
                lat: None,
                lon: None,
                place_type: None,
                country: None,
                geonames_id: None,
                arrive: None,
                depart: None,
                evidence: Some("given with --route".into()),
            })
            .collect();
        explain.push(format!(
            "route given on the command line: {}",
            names.join(" > ")
        ));
    }

    let mut groups: Vec<Group> = it
        .groups
        .iter()
        .map(|g| {
            let org = gaz.place(g.org);
            group_spec(
                gaz,
                org.key.as_str(),
                &g.members,
                &labels,
                date,
                Some(g.source),
                Some(&g.evidence),
            )
        })
        .collect();
    if let Some(keys) = &opts.highlight {
        groups.clear();
        for k in keys {
            match find_org(gaz, k) {
                Some(org) => {
                    let on = date.unwrap_or(Date(i32::MAX / 2));
                    let mut members: Vec<String> = gaz
                        .memberships()
                        .members_on(org, on)
                        .into_iter()
                        .map(str::to_string)
                        .collect();
                    members.sort();
                    let key = gaz.place(org).key.as_str();
                    groups.push(group_spec(
                        gaz,
                        key,
                        &members,
                        &labels,
                        date,
                        Some("data"),
                        Some("given with --highlight"),
                    ));
                }
                None => warnings.push(format!("--highlight: no organisation called {k:?}")),
            }
        }
    }

    // Roles: the route's places are its origin and stops; other places are
    // context when near the trip (or shaded), mentions when far from it.
    let route_points: Vec<(f64, f64)> = route
        .iter()
        .filter_map(|s| Some((s.lon?, s.lat?)))
        .collect();
    let span = route_points
        .iter()
        .flat_map(|a| route_points.iter().map(move |b| distance_km(*a, *b)))
        .fold(0.0f64, f64::max);
    let reach_km = (0.6 * span).max(1500.0);
    let shaded: Vec<&str> = groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| m.country.as_str()))
        .collect();
    let places: Vec<PlaceSpec> = parsed
        .places
        .iter()
        .map(|p| {
            let on_route = route.iter().position(|s| s.id.as_deref() == Some(p.id));
            let role = match on_route {
                Some(0) => Role::Origin,
                Some(_) => Role::Stop,
                // A union located at its seat is named, not drawn: its
                // members are what a map of it shades.
                None if p.kind == Kind::Organisation => Role::Mention,
                None if route_points.is_empty() => Role::Context,
                None if p.kind.is_country() && p.country.is_some_and(|c| shaded.contains(&c)) => {
                    Role::Context
                }
                None => {
                    let d = route_points
                        .iter()
                        .map(|&q| distance_km((p.lon, p.lat), q))
                        .fold(f64::INFINITY, f64::min);
                    if d <= reach_km {
                        Role::Context
                    } else {
                        Role::Mention
                    }
                }
            };
            PlaceSpec {
                name: label(p.place),
                name_en: name_en_at(gaz, p.place, date),
                id: Some(p.id.to_string()),
                place_type: place_type(p.kind).to_string(),
                country: p.country.map(str::to_string),
                geonames_id: p.geonames_id,
                lat: round6(p.lat),
                lon: round6(p.lon),
                role,
                confidence: Some(p.confidence),
                mentions: p.mentions.iter().map(mention).collect(),
            }
        })
        .collect();

    let title = title(&labels, &route, &places);
    let subtitle = subtitle(&labels, &route, date);
    let mut spec = MapSpec {
        tripmap_spec: SPEC_VERSION,
        title,
        subtitle,
        lang: parsed.lang.clone(),
        labels,
        date: date.map(|d| d.to_string()),
        traveller: it.traveller.clone(),
        route,
        groups,
        places,
        extent: None,
        projection: None,
        style: Style::default(),
        explain,
        warnings,
    };
    if let Some(d) = it.date_source {
        spec.explain.insert(0, format!("article date from the {d}"));
    }
    spec
}

fn mention(m: &MentionSpan) -> Mention {
    Mention {
        text: m.text.clone(),
        start: m.start,
        end: m.end,
        via: m.via.map(str::to_string),
    }
}

/// An organisation by key (`SCO`, `O:SCO`) or by any of its names.
fn find_org(gaz: &Gazetteer, name: &str) -> Option<PlaceId> {
    let key = if name.starts_with("O:") {
        name.to_string()
    } else {
        format!("O:{}", name.to_uppercase())
    };
    gaz.by_key(&key).or_else(|| {
        gaz.postings(name)
            .into_iter()
            .map(|p| p.place)
            .find(|&id| gaz.place(id).kind == Kind::Organisation)
    })
}

fn group_spec(
    gaz: &Gazetteer,
    key: &str,
    members: &[String],
    labels: &str,
    date: Option<Date>,
    source: Option<&str>,
    evidence: Option<&str>,
) -> Group {
    let short = key.trim_start_matches("O:").to_string();
    let year = date.map_or_else(String::new, |d| {
        crate::date::civil_from_days(d.0).0.to_string()
    });
    let org = gaz.by_key(key);
    let template = if year.is_empty() {
        "members_now"
    } else {
        "members"
    };
    let label = text::word(labels, template)
        .replace("{group}", &short)
        .replace("{year}", &year);
    Group {
        key: short,
        name: org.map_or_else(|| key.to_string(), |o| gaz.place(o).name_en.to_string()),
        label,
        source: source.map(str::to_string),
        members: members
            .iter()
            .filter_map(|cc| {
                let id = gaz.country(cc)?;
                Some(Member {
                    country: cc.clone(),
                    name: label_at(gaz, id, labels, date),
                    name_en: gaz.place(id).name_en.to_string(),
                })
            })
            .collect(),
        evidence: evidence.map(str::to_string),
    }
}

fn title(lang: &str, route: &[Stop], places: &[PlaceSpec]) -> String {
    let mut stops: Vec<String> = Vec::new();
    for s in route.iter().skip(1) {
        if route
            .first()
            .is_some_and(|o| o.id == s.id && o.name == s.name)
        {
            continue;
        }
        if !stops.contains(&s.name) {
            stops.push(s.name.clone());
        }
    }
    if !stops.is_empty() {
        return text::word(lang, "title").replace("{stops}", &text::list(lang, &stops));
    }
    let names: Vec<String> = places
        .iter()
        .filter(|p| p.role != Role::Mention)
        .take(3)
        .map(|p| p.name.clone())
        .collect();
    text::word(lang, "title_none").replace("{places}", &text::list(lang, &names))
}

fn subtitle(lang: &str, route: &[Stop], date: Option<Date>) -> String {
    let days: Vec<Date> = route
        .iter()
        .flat_map(|s| [s.arrive.as_deref(), s.depart.as_deref()])
        .flatten()
        .filter_map(|d| Date::parse(d).ok())
        .collect();
    match (days.iter().min(), days.iter().max()) {
        (Some(&a), Some(&b)) => text::date_range(lang, a, b),
        _ => date.map(|d| text::date(lang, d)).unwrap_or_default(),
    }
}

impl MapSpec {
    /// Reads a spec from JSON, naming the field of any error
    /// (`route[1].lat: invalid type: string "x", expected f64`).
    pub fn from_json(json: &str) -> Result<MapSpec, SpecError> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let spec: MapSpec = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            err(
                if path == "." {
                    "spec".to_string()
                } else {
                    path
                },
                inner.to_string(),
            )
        })?;
        Ok(spec)
    }

    /// Checks the spec and fills in what a hand-written one may leave out:
    /// the coordinates of a route stop given by name, the extent and the
    /// projection.
    pub fn complete(&mut self, gaz: &Gazetteer) -> Result<(), SpecError> {
        if self.tripmap_spec != SPEC_VERSION {
            return Err(err(
                "tripmap_spec",
                format!("version {} is not {SPEC_VERSION}", self.tripmap_spec),
            ));
        }
        let date = match &self.date {
            Some(d) => Some(Date::parse(d).map_err(|e| err("date", e.to_string()))?),
            None => None,
        };
        if self.route.len() == 1 {
            return Err(err(
                "route",
                "a route needs at least two places (its origin and a stop), found 1",
            ));
        }
        if self.route.len() > MAX_STOPS {
            return Err(err(
                "route",
                format!(
                    "{} places; a route has at most {MAX_STOPS}",
                    self.route.len()
                ),
            ));
        }
        let (w, h) = (self.style.width, self.style.height);
        if !(100..=10_000).contains(&w) {
            return Err(err(
                "style.width",
                format!("must be between 100 and 10000, got {w}"),
            ));
        }
        if !(100..=10_000).contains(&h) {
            return Err(err(
                "style.height",
                format!("must be between 100 and 10000, got {h}"),
            ));
        }
        self.style.check()?;
        for (i, s) in self.route.iter_mut().enumerate() {
            let field = format!("route[{i}]");
            if s.name.trim().is_empty() {
                return Err(err(format!("{field}.name"), "empty"));
            }
            for (k, v) in [("arrive", &s.arrive), ("depart", &s.depart)] {
                if let Some(v) = v {
                    Date::parse(v).map_err(|e| err(format!("{field}.{k}"), e.to_string()))?;
                }
            }
            match (s.lat, s.lon) {
                (Some(lat), Some(lon)) => check_point(&field, lat, lon)?,
                (None, None) => {
                    let known = self
                        .places
                        .iter()
                        .find(|p| p.name == s.name || p.name_en == s.name);
                    if let Some(p) = known {
                        s.lat = Some(p.lat);
                        s.lon = Some(p.lon);
                        s.id = s.id.clone().or(p.id.clone());
                        s.name_en = s.name_en.clone().or(Some(p.name_en.clone()));
                        s.country = s.country.clone().or(p.country.clone());
                        s.place_type = s.place_type.clone().or(Some(p.place_type.clone()));
                        s.geonames_id = s.geonames_id.or(p.geonames_id);
                        continue;
                    }
                    let best = lookup(gaz, &s.name, date)
                        .into_iter()
                        .find(|c| c.lat.is_some() && c.lon.is_some())
                        .ok_or_else(|| {
                            err(
                                format!("{field}.name"),
                                format!("unknown place {:?}", s.name),
                            )
                        })?;
                    s.lat = best.lat.map(round6);
                    s.lon = best.lon.map(round6);
                    let id = gaz.by_key(best.id);
                    s.id = Some(best.id.to_string());
                    s.name_en =
                        Some(id.map_or(best.name_en.to_string(), |id| name_en_at(gaz, id, date)));
                    s.country = best.country.map(str::to_string);
                    s.place_type = Some(place_type(best.kind).to_string());
                    s.geonames_id = best.geonames_id;
                    if let Some(id) = id {
                        s.name = label_at(gaz, id, &self.labels, date);
                    }
                }
                _ => {
                    return Err(err(
                        format!("{field}.{}", if s.lat.is_none() { "lat" } else { "lon" }),
                        "give both lat and lon, or neither",
                    ));
                }
            }
        }
        for (i, p) in self.places.iter().enumerate() {
            check_point(&format!("places[{i}]"), p.lat, p.lon)?;
        }
        for (gi, g) in self.groups.iter().enumerate() {
            for (mi, m) in g.members.iter().enumerate() {
                if gaz.country(&m.country).is_none() {
                    return Err(err(
                        format!("groups[{gi}].members[{mi}].country"),
                        format!("unknown country code {:?}", m.country),
                    ));
                }
            }
        }
        if let Some(e) = &self.extent {
            for (k, v, lim) in [
                ("west", e.west, 180.0),
                ("east", e.east, 180.0),
                ("south", e.south, 90.0),
                ("north", e.north, 90.0),
            ] {
                if !v.is_finite() || v.abs() > lim {
                    return Err(err(
                        format!("extent.{k}"),
                        format!("must be between -{lim} and {lim}, got {}", shown(v)),
                    ));
                }
            }
            if e.south >= e.north {
                return Err(err("extent.south", "must be below extent.north"));
            }
        } else {
            self.extent = Some(self.default_extent());
        }
        if let Some(p) = &self.projection {
            p.validate().map_err(|e| err("projection", e))?;
        } else if let Some(e) = &self.extent {
            self.projection = Some(Projection::for_extent(e.west, e.south, e.east, e.north));
        }
        Ok(())
    }

    /// The places drawn: the route's, points along its legs (a great
    /// circle bulges poleward of its ends), and context places near it.
    pub fn drawn_points(&self) -> Vec<(f64, f64)> {
        let stops: Vec<(f64, f64)> = self
            .route
            .iter()
            .filter_map(|s| Some((s.lon?, s.lat?)))
            .collect();
        let mut pts = stops.clone();
        for w in stops.windows(2) {
            pts.extend(crate::carto::sphere::densify(w[0], w[1], 250.0));
        }
        let on_route = |p: &PlaceSpec| self.route.iter().any(|s| s.id.is_some() && s.id == p.id);
        pts.extend(
            self.places
                .iter()
                .filter(|p| p.role == Role::Context && !on_route(p))
                .filter(|p| {
                    matches!(p.place_type.as_str(), "city" | "landmark" | "admin2")
                        || self.route.is_empty()
                })
                .map(|p| (p.lon, p.lat)),
        );
        pts
    }

    /// The route's box (context cities included), padded; the whole world
    /// when there is nothing to show.
    fn default_extent(&self) -> Extent {
        let pts = self.drawn_points();
        if pts.is_empty() {
            return Extent {
                west: -180.0,
                south: -60.0,
                east: 180.0,
                north: 85.0,
            };
        }
        let lats = pts.iter().map(|p| p.1);
        let (south, north) = lats.fold((90.0f64, -90.0f64), |(a, b), y| (a.min(y), b.max(y)));
        let (west, east) = lon_range(pts.iter().map(|p| p.0).collect());
        let width = if east >= west {
            east - west
        } else {
            east + 360.0 - west
        };
        let pad_lon = (width * 0.15).max(2.0);
        let pad_lat = ((north - south) * 0.15).max(2.0);
        let wrap = |x: f64| {
            if x > 180.0 {
                x - 360.0
            } else if x < -180.0 {
                x + 360.0
            } else {
                x
            }
        };
        let (w, e) = if width + 2.0 * pad_lon >= 360.0 {
            (-180.0, 180.0)
        } else {
            (wrap(west - pad_lon), wrap(east + pad_lon))
        };
        Extent {
            west: w,
            south: (south - pad_lat).max(-89.0),
            east: e,
            north: (north + pad_lat).min(89.0),
        }
    }

    /// The role a place plays, the route taking precedence over `role`.
    pub fn role_of(&self, p: &PlaceSpec) -> (Role, Vec<usize>) {
        let stops: Vec<usize> = self
            .route
            .iter()
            .enumerate()
            .filter(|(_, s)| match (&s.id, &p.id) {
                (Some(a), Some(b)) => a == b,
                _ => s.name == p.name || s.name_en.as_deref() == Some(p.name_en.as_str()),
            })
            .map(|(i, _)| i)
            .collect();
        match stops.first() {
            Some(0) => (Role::Origin, stops),
            Some(_) => (Role::Stop, stops),
            None => match p.role {
                Role::Origin | Role::Stop => (Role::Context, stops),
                r => (r, stops),
            },
        }
    }
}

/// A word tripmap writes on maps in `lang` (legend entries): see
/// `data/lang/trip_text.tsv`.
pub fn map_word(lang: &str, key: &str) -> &'static str {
    text::word(lang, key)
}

/// Rewrites every label in `lang`, for `render --labels`.
pub fn relabel(spec: &mut MapSpec, gaz: &Gazetteer, lang: &str) {
    let date = spec.date.as_deref().and_then(|d| Date::parse(d).ok());
    let name = |id: &Option<String>| {
        id.as_deref()
            .and_then(|k| gaz.by_key(k))
            .map(|id| label_at(gaz, id, lang, date))
    };
    for s in &mut spec.route {
        if let Some(n) = name(&s.id) {
            s.name = n;
        }
    }
    for p in &mut spec.places {
        if let Some(n) = name(&p.id) {
            p.name = n;
        }
    }
    for g in &mut spec.groups {
        for m in &mut g.members {
            if let Some(n) = name(&Some(format!("C:{}", m.country))) {
                m.name = n;
            }
        }
    }
    spec.labels = lang.to_string();
}

/// The smallest longitude range holding every longitude, which may cross
/// the antimeridian (then `west > east`).
fn lon_range(mut lons: Vec<f64>) -> (f64, f64) {
    lons.sort_by(f64::total_cmp);
    if lons.len() < 2 {
        let x = lons.first().copied().unwrap_or(0.0);
        return (x, x);
    }
    // The widest gap between neighbours (including around the world) is
    // what the box leaves out.
    let mut best = (
        lons[lons.len() - 1],
        lons[0],
        lons[0] + 360.0 - lons[lons.len() - 1],
    );
    for w in lons.windows(2) {
        let gap = w[1] - w[0];
        if gap > best.2 {
            best = (w[0], w[1], gap);
        }
    }
    // The box runs from the gap's east side to its west side.
    (best.1, best.0)
}

fn check_point(field: &str, lat: f64, lon: f64) -> Result<(), SpecError> {
    if !lat.is_finite() || lat.abs() > 90.0 {
        return Err(err(
            format!("{field}.lat"),
            format!("must be between -90 and 90, got {}", shown(lat)),
        ));
    }
    if !lon.is_finite() || lon.abs() > 180.0 {
        return Err(err(
            format!("{field}.lon"),
            format!("must be between -180 and 180, got {}", shown(lon)),
        ));
    }
    Ok(())
}

/// A number for an error message: a huge value in exponent form, so
/// that the message stays one short line.
fn shown(v: f64) -> String {
    if v.is_finite() && v.abs() < 1e9 {
        v.to_string()
    } else {
        format!("{v:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each place of the trip `text` implies, as (English name, role).
    fn roles(text: &str) -> Vec<(String, Role)> {
        let gaz = Gazetteer::embedded();
        let parsed = crate::geoparse::parse(gaz, text, &crate::geoparse::ParseOptions::default());
        build_spec(gaz, text, &parsed, &TripOptions::default())
            .places
            .into_iter()
            .map(|p| (p.name_en, p.role))
            .collect()
    }

    #[test]
    fn a_flight_from_one_place_to_another_starts_at_the_first() {
        assert_eq!(
            roles("Merkel flew from Berlin to Vienna on Monday."),
            [
                ("Berlin".to_string(), Role::Origin),
                ("Vienna".to_string(), Role::Stop)
            ]
        );
        let went_on = roles("Xi Jinping flew to Astana on Wednesday, then went on to Samarkand.");
        assert!(
            went_on.contains(&("Samarkand".to_string(), Role::Stop)),
            "{went_on:?}"
        );
    }

    #[test]
    fn a_union_located_at_its_seat_is_named_not_drawn() {
        let gaz = Gazetteer::embedded();
        let text = "Merkel flew to Vienna on Monday to discuss EU sanctions.";
        let parsed = crate::geoparse::parse(gaz, text, &crate::geoparse::ParseOptions::default());
        let spec = build_spec(gaz, text, &parsed, &TripOptions::default());
        let eu = spec
            .places
            .iter()
            .find(|p| p.id.as_deref() == Some("O:EU"))
            .expect("the EU is a place of the article");
        assert_eq!(eu.role, Role::Mention);
        let vienna = spec.places.iter().find(|p| p.name_en == "Vienna").unwrap();
        assert_eq!(vienna.role, Role::Stop);
    }

    #[test]
    fn lon_range_crosses_the_antimeridian_when_shorter() {
        assert_eq!(lon_range(vec![66.9, 116.4, 71.4]), (66.9, 116.4));
        let (w, e) = lon_range(vec![139.7, -118.2]);
        assert_eq!((w, e), (139.7, -118.2));
    }

    #[test]
    fn errors_name_the_field() {
        let e = MapSpec::from_json(r#"{"tripmap_spec": 1, "title": 3}"#).unwrap_err();
        assert_eq!(e.field, "title");
        let e = MapSpec::from_json(
            r#"{"tripmap_spec": 1, "title": "t", "lang": "en", "labels": "en", "colour": 1}"#,
        )
        .unwrap_err();
        assert!(e.reason.contains("unknown field"), "{e}");
        let e = MapSpec::from_json(
            r#"{"tripmap_spec": 1, "title": "t", "lang": "en", "labels": "en", "route": [{"name": "A", "lat": "x"}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.field, "route[0].lat");
    }

    #[test]
    fn complete_rejects_bad_routes_and_fills_names() {
        let gaz = Gazetteer::embedded();
        let mut one: MapSpec = MapSpec::from_json(
            r#"{"tripmap_spec": 1, "title": "t", "lang": "en", "labels": "en", "route": [{"name": "Paris"}]}"#,
        )
        .unwrap();
        assert_eq!(one.complete(gaz).unwrap_err().field, "route");
        let mut spec = MapSpec::from_json(
            r#"{"tripmap_spec": 1, "title": "t", "lang": "en", "labels": "en", "date": "2022-09-14",
                "route": [{"name": "Beijing"}, {"name": "Astana"}, {"name": "Samarkand"}]}"#,
        )
        .unwrap();
        spec.complete(gaz).unwrap();
        assert_eq!(spec.route[1].name, "Nur-Sultan");
        assert_eq!(spec.route[2].country.as_deref(), Some("UZ"));
        assert!(spec.projection.is_some() && spec.extent.is_some());
        let mut bad = MapSpec::from_json(
            r#"{"tripmap_spec": 1, "title": "t", "lang": "en", "labels": "en",
                "route": [{"name": "Beijing"}, {"name": "Xyzzyqqq"}]}"#,
        )
        .unwrap();
        let e = bad.complete(gaz).unwrap_err();
        assert_eq!(e.field, "route[1].name");
        let mut far = MapSpec::from_json(
            r#"{"tripmap_spec": 1, "title": "t", "lang": "en", "labels": "en",
                "route": [{"name": "A", "lat": 91, "lon": 0}, {"name": "B", "lat": 0, "lon": 0}]}"#,
        )
        .unwrap();
        assert_eq!(far.complete(gaz).unwrap_err().field, "route[0].lat");
    }
}
