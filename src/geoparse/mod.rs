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
use crate::text::{
    lang,
    tokens::{Lowered, Token},
};

pub use recognize::{Mention, Recognized};
pub use resolve::{OrganisationMention, PersonMention, Resolved, ResolvedPlace};

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
    /// People named in full: travellers, hosts.
    pub people: Vec<PersonMention>,
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
    let lex = lexicon::Lexicon::embedded();
    let mut rec = recognize::Recognized::default();
    let mut lang = opts.lang.clone();
    let (mut chars, mut bytes) = (0, 0);
    // Stretch by stretch, so that a huge article never holds all its
    // tokens at once; names never span a stretch's end (a line break).
    let mut stretches = stretches(text, STRETCH_BYTES).peekable();
    while let Some(stretch) = stretches.next() {
        let lowered = Lowered::new(stretch);
        let tokens = lowered.tokenize();
        let lang = lang.get_or_insert_with(|| lang::detect(stretch, &tokens).to_string());
        recognize::recognize(gaz, lex, stretch, &tokens, lang, (chars, bytes), &mut rec);
        // Where the next stretch starts (most articles are one stretch).
        if stretches.peek().is_some() {
            chars += stretch.chars().count();
            bytes += stretch.len();
        }
    }
    finish(gaz, text, &rec, opts, lang)
}

/// [`parse`] with the whole text's tokens already made (by a caller that
/// needs them again): one stretch, read at once.
pub fn parse_tokenized(
    gaz: &Gazetteer,
    text: &str,
    tokens: &[Token<'_>],
    opts: &ParseOptions,
) -> Parsed {
    let lex = lexicon::Lexicon::embedded();
    let mut rec = recognize::Recognized::default();
    let lang = opts
        .lang
        .clone()
        .unwrap_or_else(|| lang::detect(text, tokens).to_string());
    recognize::recognize(gaz, lex, text, tokens, &lang, (0, 0), &mut rec);
    finish(gaz, text, &rec, opts, Some(lang))
}

fn finish(
    gaz: &Gazetteer,
    text: &str,
    rec: &recognize::Recognized,
    opts: &ParseOptions,
    lang: Option<String>,
) -> Parsed {
    let lang = lang.unwrap_or_else(|| "und".to_string());
    let resolved = resolve::resolve(gaz, text, rec, opts.date, &lang);
    Parsed {
        lang,
        places: resolved.places,
        organisations: resolved.organisations,
        people: resolved.people,
    }
}

/// How much text is tokenized at once.
const STRETCH_BYTES: usize = 1 << 20;

/// Splits `text` into stretches of at most about `max` bytes, each ending
/// after a line break where there is one (else after a space, else at any
/// char boundary), so that no name is cut in two.
fn stretches(text: &str, max: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if rest.len() <= max {
            return Some(std::mem::take(&mut rest));
        }
        let head = &rest[..rest.floor_char_boundary(max)];
        let cut = head
            .rfind('\n')
            .or_else(|| head.rfind(' '))
            .map(|i| i + 1)
            .filter(|&i| i > 0)
            .unwrap_or(head.len().max(rest.ceil_char_boundary(1)));
        let (a, b) = rest.split_at(cut);
        rest = b;
        Some(a)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stretches_cover_the_text_and_end_at_line_breaks() {
        let text = "Paris\nRome Berlin\nكييف ".repeat(1000);
        let parts: Vec<&str> = stretches(&text, 64).collect();
        assert_eq!(parts.concat(), text);
        assert!(parts.iter().all(|p| p.len() <= 64));
        assert!(parts[..parts.len() - 1].iter().all(|p| p.ends_with('\n')));
        // One endless line of one word still splits, on char boundaries.
        let word = "ب".repeat(100);
        let parts: Vec<&str> = stretches(&word, 7).collect();
        assert_eq!(parts.concat(), word);
    }

    #[test]
    fn offsets_stay_right_across_stretches() {
        let gaz = Gazetteer::embedded();
        let text = format!("{}Talks in Samarkand.", "x\n".repeat(STRETCH_BYTES));
        let parsed = parse(
            gaz,
            &text,
            &ParseOptions {
                lang: Some("en".into()),
                ..Default::default()
            },
        );
        let m = &parsed.places[0].mentions[0];
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            chars[m.start..m.end].iter().collect::<String>(),
            "Samarkand"
        );
    }
}
