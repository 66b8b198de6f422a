//! The binary layout of the embedded gazetteer, shared by `build.rs` (which
//! writes it) and [`crate::gazetteer`] (which reads it in place).
//!
//! Why a hand-rolled fixed-width layout rather than a serde format: the
//! tables hold millions of names, and a cold `tripmap lookup` must answer in
//! tens of milliseconds. Fixed-width little-endian records are read where
//! they lie in the binary, with no parsing and no allocation at start-up.
//!
//! Files (all in `OUT_DIR`, embedded with `include_bytes!`):
//! - `names.fst`: folded name → `start << 32 | len` into `postings.bin`
//! - `keys.fst`: place key (`C:KZ`, `G:1526273`) → place index
//! - `postings.bin`: [`POSTING_SIZE`]-byte records, one per (name, place)
//! - `places.bin`: [`PLACE_SIZE`]-byte records, one per place
//! - `labels.bin`: [`LABEL_SIZE`]-byte records: a place's names by language
//! - `strings.bin`: u16-length-prefixed UTF-8 strings, addressed by offset
//! - `langs.txt`: language tags, one per line; a record's `lang` is a line number

/// Bytes in one posting: place u32, name string u32, from i32, to i32,
/// lang u16, flags u16.
pub const POSTING_SIZE: usize = 20;
/// Bytes in one place: key u32, name_en u32, admin1 u32, geonames_id u32,
/// lat f32, lon f32, population u32 (for an admin-1 region, its towns'
/// summed population), stands_for u32, labels_start u32, labels_len u32,
/// kind u8, capital u8, country [u8; 2].
pub const PLACE_SIZE: usize = 44;
/// Bytes in one label: lang u16, flags u16, name string u32.
pub const LABEL_SIZE: usize = 8;

/// A date that means "no bound" in a posting's validity range.
pub const OPEN_DATE: i32 = i32::MIN;
/// Where `strings.bin` keeps the empty string: first, so that an empty
/// field (a place with no admin-1 code) is known without reading it.
pub const EMPTY_STRING: u32 = 0;
/// A place index that means "none" (e.g. no `stands_for`).
pub const NO_PLACE: u32 = u32::MAX;

/// Posting flags: what kind of name this is for its place.
pub mod flag {
    /// The source's main name for the place in that language.
    pub const OFFICIAL: u16 = 1;
    /// A short form ("US", "UK").
    pub const SHORT: u16 = 1 << 1;
    /// A variant spelling the source marks as such.
    pub const VARIANT: u16 = 1 << 2;
    /// An abbreviation (organisations: "SCO", "ШОС").
    pub const ABBR: u16 = 1 << 3;
    /// A name with a validity range (a historical or new name).
    pub const DATED: u16 = 1 << 4;
    /// A demonym or country adjective: stands for the country.
    pub const DEMONYM: u16 = 1 << 5;
    /// Hand-curated (reviewed) rather than bulk-imported.
    pub const CURATED: u16 = 1 << 6;
    /// Curated as ambiguous: needs supporting evidence before it counts.
    pub const AMBIGUOUS: u16 = 1 << 7;
    /// Also the name of a language ("Chinese", التركية).
    pub const LANGUAGE: u16 = 1 << 8;
    /// A label whose language is only guessed from its script (GeoNames
    /// alternate names carry no language): a last resort for maps.
    pub const SCRIPT_GUESS: u16 = 1 << 9;
    /// Written with Arabic vowel marks (عمّان), which folding drops: kept
    /// as a posting of its own, for an article that writes the marks.
    pub const VOWELLED: u16 = 1 << 10;
}

/// The language a map label in this script is taken to be when its source
/// does not say: the most widely read language written in it. Cyrillic is
/// left out (GeoNames lists Belarusian, Serbian, Tajik forms untagged
/// beside Russian ones, with nothing to tell them apart), and so are Arabic
/// names with letters of Persian or Urdu.
pub fn script_language(name: &str) -> Option<&'static str> {
    let mut lang = None;
    for c in name.chars() {
        let l = match c as u32 {
            0x067E | 0x0686 | 0x0698 | 0x06A9 | 0x06AF | 0x06CC | 0x06BA | 0x06BE | 0x06C1
            | 0x06D2 | 0x0679 | 0x0688 | 0x0691 => return None,
            0x0600..=0x06FF => "ar",
            0x3040..=0x30FF => return Some("ja"),
            0x4E00..=0x9FFF => "zh",
            0xAC00..=0xD7AF => "ko",
            0x0370..=0x03FF => "el",
            0x0590..=0x05FF => "he",
            _ if c.is_alphabetic() => return None,
            _ => continue,
        };
        match lang {
            None => lang = Some(l),
            Some(x) if x != l => return None,
            _ => {}
        }
    }
    lang
}

/// What a place is. Stored as one byte; the order is part of the format.
pub const KINDS: [&str; 11] = [
    "country",
    "territory",
    "admin1",
    "admin2",
    "city",
    "region",
    "continent",
    "landmark",
    "organisation",
    "person",
    "other",
];
