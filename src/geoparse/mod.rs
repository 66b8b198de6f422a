//! Geoparsing: from article text to the places it mentions.
//!
//! Two pure stages: [`recognize`] finds the spans that name places,
//! countries (also through demonyms) and organisations; [`resolve`] picks
//! one place for each name using the rest of the article as evidence.

pub mod lexicon;
pub mod recognize;
pub mod resolve;

use serde::Serialize;

use crate::date::Date;
use crate::gazetteer::Gazetteer;
use crate::text::{lang, tokens::tokenize};

pub use recognize::Mention;
pub use resolve::{OrganisationMention, Resolved, ResolvedPlace};

/// What the caller may tell the geoparser.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// The article's date: historical names are weighed against it.
    pub date: Option<Date>,
    /// The article's language, when known; detected otherwise.
    pub lang: Option<String>,
}

/// The places of one article.
#[derive(Clone, Debug, Serialize)]
pub struct Parsed {
    /// ISO 639-1 code of the article's language.
    pub lang: String,
    pub places: Vec<ResolvedPlace>,
    pub organisations: Vec<OrganisationMention>,
}

/// Finds and resolves every place `text` mentions.
///
/// ```
/// use tripmap::{gazetteer::Gazetteer, geoparse::{parse, ParseOptions}};
/// let parsed = parse(Gazetteer::embedded(), "Xi flew from Beijing to Samarkand.", &ParseOptions::default());
/// let names: Vec<_> = parsed.places.iter().map(|p| p.name_en).collect();
/// assert_eq!(names, ["Beijing", "Samarkand"]);
/// ```
pub fn parse(gaz: &Gazetteer, text: &str, opts: &ParseOptions) -> Parsed {
    let tokens = tokenize(text);
    let lang = opts
        .lang
        .clone()
        .unwrap_or_else(|| lang::detect(&tokens).to_string());
    let mentions = recognize::recognize(gaz, lexicon::Lexicon::embedded(), text, &tokens, &lang);
    let resolved = resolve::resolve(gaz, text, &mentions, opts.date, &lang);
    Parsed {
        lang,
        places: resolved.places,
        organisations: resolved.organisations,
    }
}
