//! The embedded gazetteer: places, their names in every script, demonyms,
//! organisations and their members over time.
//!
//! The tables are compiled by `build.rs` from `data/` and embedded in the
//! binary; [`Gazetteer::embedded`] reads them where they lie, so loading costs
//! nothing but a few header checks (see [`format`]).

pub mod format;
mod membership;
pub mod outline;

use std::cell::RefCell;
use std::sync::OnceLock;

use fst::{IntoStreamer, Streamer};
use serde::Serialize;

use crate::date::Date;
use crate::hash::FastMap;
use crate::text::fold;
pub use format::flag;
use format::{EMPTY_STRING, KINDS, LABEL_SIZE, NO_PLACE, OPEN_DATE, PLACE_SIZE, POSTING_SIZE};
pub use membership::{Member, Memberships};

static NAMES_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.fst"));
static KEYS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/keys.fst"));
static POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/postings.bin"));
static PLACES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.bin"));
static LABELS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/labels.bin"));
static STRINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/strings.bin"));
static LANGS: &str = include_str!(concat!(env!("OUT_DIR"), "/langs.txt"));
static MEMBERSHIPS: &str = include_str!("../../data/curated/memberships.tsv");
static COUNTRY_LANGUAGES: &str = include_str!("../../data/generated/country_languages.tsv");

/// Index of a place in the gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PlaceId(pub u32);

/// What a place is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Country,
    Territory,
    Admin1,
    Admin2,
    City,
    Region,
    Continent,
    Landmark,
    Organisation,
    /// A person whose name contains place names (Vladimir Putin, Xi
    /// Jinping): recognized so that the place names inside are not.
    Person,
    Other,
}

impl Kind {
    /// Every kind, in the order of their codes in the binary tables; the
    /// array's type ties its length to `format::KINDS` at compile time.
    const ALL: [Kind; KINDS.len()] = [
        Kind::Country,
        Kind::Territory,
        Kind::Admin1,
        Kind::Admin2,
        Kind::City,
        Kind::Region,
        Kind::Continent,
        Kind::Landmark,
        Kind::Organisation,
        Kind::Person,
        Kind::Other,
    ];

    fn from_code(c: u8) -> Kind {
        Kind::ALL.get(c as usize).copied().unwrap_or(Kind::Other)
    }

    /// The name used in output (`place_type` in GeoJSON).
    pub fn as_str(self) -> &'static str {
        KINDS[self as usize]
    }

    /// Countries and dependent territories: the units that demonyms,
    /// memberships and map shading refer to.
    pub fn is_country(self) -> bool {
        matches!(self, Kind::Country | Kind::Territory)
    }
}

/// One place, as stored.
#[derive(Clone, Debug, Serialize)]
pub struct Place {
    pub id: PlaceId,
    /// Stable key: `C:KZ`, `A:CN.13`, `G:1526273`, `L:kremlin`, `O:SCO`.
    pub key: Text,
    pub kind: Kind,
    pub name_en: Text,
    /// ISO 3166-1 alpha-2, when the place lies in (or is) one country.
    pub country: Option<&'static str>,
    /// GeoNames admin-1 code within the country, when known.
    pub admin1: Option<Text>,
    pub geonames_id: Option<u32>,
    /// Representative point; `None` for organisations.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// People living there; 0 for admin-1 regions, which no source gives a
    /// figure for (see `towns_population`).
    pub population: u64,
    /// For an admin-1 region, the summed population of its towns of 1,000
    /// or more: a lower bound that tells two regions of one name apart
    /// (Florida, USA and Florida, Uruguay), not a census figure.
    pub towns_population: u64,
    /// The national capital.
    pub capital: bool,
    /// A landmark stands for a city (the Kremlin for Moscow).
    pub stands_for: Option<PlaceId>,
}

/// A string of the embedded tables, read when it is looked at.
///
/// Resolution weighs dozens of candidate places per article and reads the
/// names of only the few that win; each string read is a step to a random
/// spot of a 19 MB table, and reading three per candidate up front was a
/// tenth of all geoparsing time. Strings are stored once each, so two
/// `Text`s are equal exactly when their strings are.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Text(u32);

impl Text {
    pub fn as_str(self) -> &'static str {
        string_at(self.0)
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &'static str {
        self.as_str()
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One (name, place) entry of the name index.
#[derive(Clone, Copy, Debug)]
pub struct Posting {
    pub place: PlaceId,
    /// Where the name as the source writes it is stored (see [`Posting::name`]):
    /// most postings are never asked for it.
    name_at: u32,
    /// Language tag of the name, "" when the source does not say.
    pub lang: &'static str,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub flags: u16,
}

impl Posting {
    /// The name as the source writes it.
    pub fn name(&self) -> &'static str {
        string_at(self.name_at)
    }

    /// Whether the name was in use on `date` (always, when undated).
    pub fn valid_on(&self, date: Option<Date>) -> bool {
        let Some(d) = date else { return true };
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }

    pub fn has(&self, f: u16) -> bool {
        self.flags & f != 0
    }

    /// The language of the name without its region or script ("zh" of
    /// "zh-Hant"), "" when the source does not say.
    pub fn base_lang(&self) -> &'static str {
        // Asked of every posting of every candidate: a byte search, not a
        // char pattern.
        match self.lang.bytes().position(|b| b == b'-') {
            Some(dash) => &self.lang[..dash],
            None => self.lang,
        }
    }
}

/// The embedded gazetteer. Cheap to construct; shared read-only.
pub struct Gazetteer {
    names: &'static fst::Map<&'static [u8]>,
    keys: fst::Map<&'static [u8]>,
    langs: Vec<&'static str>,
    /// Each language tag's line in `langs`.
    lang_index: FastMap<&'static str, u16>,
    memberships: OnceLock<Memberships>,
    /// The index's root as a cursor starts from it: decoded once (a
    /// cursor is made for every word that may begin a name).
    root: Step,
}

/// A position in the name index, advanced byte by byte. Extending a match
/// by one more token costs only the bytes of that token, and a cursor that
/// cannot advance tells the recognizer that no longer name exists.
#[derive(Clone, Copy)]
pub struct NameCursor<'g> {
    fst: &'static fst::raw::Fst<&'static [u8]>,
    /// Where the cursor stands, and what a remembered step tells of it
    /// (see [`Steps`]). The node itself is decoded only when a step is
    /// walked byte by byte: a cursor is copied at every word, and a
    /// decoded node is twice its size.
    at: Step,
    out: fst::raw::Output,
    gazetteer: std::marker::PhantomData<&'g Gazetteer>,
}

/// A node of the name index as a step leaves it: its address, whether a
/// name ends there, the output such a name adds, and which words may
/// follow it after a space. What a cursor needs between steps, in half the
/// decoded node's size.
#[derive(Clone, Copy)]
struct Step {
    addr: fst::raw::CompiledAddr,
    is_final: bool,
    final_output: u64,
    /// The first letters of the words that go on a name from here, after a
    /// space, as bits (see [`letter_bit`]); a set bit may stand for
    /// several letters. Most words after a name's last word go on no name
    /// ("Paris said"): two thirds of them are turned away by this mask
    /// alone, with no lookup.
    after_space: u64,
}

impl Step {
    fn of(fst: &fst::raw::Fst<&'static [u8]>, node: &fst::raw::Node<'_>) -> Step {
        Step {
            addr: node.addr(),
            is_final: node.is_final(),
            final_output: node.final_output().value(),
            after_space: after_space(fst, node),
        }
    }

    /// Whether some name may go on from here with `parts` (as fed to
    /// [`NameCursor::feed_parts`]): false only for a space and a word
    /// whose first letter no name here continues with.
    fn may_take(&self, parts: &[&str]) -> bool {
        let Some((&" ", rest)) = parts.split_first() else {
            return true;
        };
        let Some(word) = rest.iter().find(|p| !p.is_empty()) else {
            return true;
        };
        letter_bit(word.as_bytes()).is_none_or(|bit| self.after_space & bit != 0)
    }
}

/// The bit that stands for the first letter of `bytes` in
/// [`Step::after_space`]: an ASCII byte by its low six bits, a two-byte
/// letter (Latin with accents, Greek, Cyrillic, Hebrew, Arabic) by those
/// of its second byte; `None` for other scripts, which the mask does not
/// tell apart.
fn letter_bit(bytes: &[u8]) -> Option<u64> {
    match *bytes {
        [b, ..] if b < 0x80 => Some(1 << (b & 63)),
        [0xC0..=0xDF, c, ..] => Some(1 << (c & 63)),
        _ => None,
    }
}

/// [`Step::after_space`] for `node`: the bits of the letters that follow
/// its space, read from the node after the space (and for two-byte
/// letters from the node after their first byte). Every bit is set when
/// a letter of another script follows.
fn after_space(fst: &fst::raw::Fst<&'static [u8]>, node: &fst::raw::Node<'_>) -> u64 {
    let Some(space) = node.find_input(b' ') else {
        return 0;
    };
    let next = fst.node(node.transition_addr(space));
    let mut bits = 0;
    for t in next.transitions() {
        bits |= match t.inp {
            b if b < 0x80 => 1 << (b & 63),
            0xC0..=0xDF => fst
                .node(t.addr)
                .transitions()
                .fold(0, |m, u| m | 1 << (u.inp & 63)),
            _ => return u64::MAX,
        };
    }
    bits
}

/// The name index, built once: cursors borrow it for the life of the
/// program, so that a walked step can be remembered by the address of the
/// node it reached (see [`Steps`]).
fn names_index() -> &'static fst::Map<&'static [u8]> {
    static NAMES: OnceLock<fst::Map<&'static [u8]>> = OnceLock::new();
    NAMES.get_or_init(|| fst::Map::new(NAMES_FST).expect("embedded names.fst is built by build.rs"))
}

/// Words already walked on this thread: (node address, bytes) → where they
/// led (the node and the output gained), or `None` when no name goes on
/// with them. News repeats its words ("The", "President", "said") within
/// an article and across a batch, and a word walked byte by byte costs a
/// node decoded per byte.
///
/// An entry is kept small (64 bytes: the key, where the step led, the
/// output gained) so that more of a batch's words stay near the processor:
/// a probe that waits on main memory costs more than the rest of the step.
///
/// Addresses are those of the one embedded index, the only one a cursor can
/// walk ([`Gazetteer::embedded`]), so an entry is never stale.
type Steps = FastMap<StepKey, Option<(Step, u64)>>;

/// A step's key, held in the table itself: a probe compares it where it
/// lies rather than behind a pointer (one cache miss fewer per word). The
/// node's address, the bytes' count and the bytes are packed into three
/// words, compared and hashed a word at a time.
#[derive(Clone, Copy, PartialEq, Eq)]
struct StepKey([u64; 3]);

impl std::hash::Hash for StepKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        for w in self.0 {
            h.write_u64(w);
        }
    }
}

impl StepKey {
    /// The key for feeding `parts` at `addr`; `None` when they are longer
    /// than a key holds (such steps are walked every time).
    fn new(addr: fst::raw::CompiledAddr, parts: &[&str]) -> Option<StepKey> {
        // Four bytes of address, one of length, then the bytes.
        let mut b = [0u8; 5 + STEP_MAX_BYTES];
        b[..4].copy_from_slice(&u32::try_from(addr).ok()?.to_le_bytes());
        let mut at = 5;
        for p in parts {
            let end = at + p.len();
            b.get_mut(at..end)?.copy_from_slice(p.as_bytes());
            at = end;
        }
        b[4] = (at - 5) as u8;
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[i * 8..i * 8 + 8]);
            u64::from_le_bytes(w)
        };
        Some(StepKey(std::array::from_fn(word)))
    }
}

/// Entries kept per thread before the memo starts afresh (some 8 MB).
const STEPS_KEPT: usize = 100_000;
/// Steps of fewer bytes are walked directly. Even a step of one or two
/// bytes (" a", "In") is remembered: a walked step ends in [`Step::of`],
/// which reads the nodes after a space to learn which words may follow,
/// and that costs more than a lookup.
const STEP_MIN_BYTES: usize = 1;
/// Longer steps (few words are) are walked directly too: a key holds
/// this many bytes.
const STEP_MAX_BYTES: usize = 19;

thread_local! {
    static STEPS: RefCell<Steps> = RefCell::new(Steps::default());
}

impl NameCursor<'_> {
    /// Advances over `s`; false (and the cursor is spent) when no indexed
    /// name continues with it.
    pub fn feed(&mut self, s: &str) -> bool {
        self.feed_parts(&[s])
    }

    /// Advances over the concatenation of `parts` (a separator, an article
    /// put back, a word), remembered as one step.
    pub fn feed_parts(&mut self, parts: &[&str]) -> bool {
        if !self.at.may_take(parts) {
            return false;
        }
        let key = (parts.iter().map(|p| p.len()).sum::<usize>() >= STEP_MIN_BYTES)
            .then(|| StepKey::new(self.at.addr, parts))
            .flatten();
        let Some(key) = key else {
            return self.walk(parts);
        };
        STEPS.with_borrow_mut(|map| {
            if let Some(&step) = map.get(&key) {
                return match step {
                    Some((at, gained)) => {
                        self.at = at;
                        self.out = self.out.cat(fst::raw::Output::new(gained));
                        true
                    }
                    None => false,
                };
            }
            let before = self.out.value();
            let fed = self.walk(parts);
            let step = fed.then(|| (self.at, self.out.value() - before));
            if map.len() >= STEPS_KEPT {
                map.clear();
            }
            map.insert(key, step);
            fed
        })
    }

    /// [`NameCursor::feed_parts`] byte by byte: the node is decoded at each
    /// byte, and what a step keeps of it ([`Step::of`]) only at the end.
    fn walk(&mut self, parts: &[&str]) -> bool {
        let mut node = self.fst.node(self.at.addr);
        for b in parts.iter().flat_map(|p| p.bytes()) {
            let Some(i) = node.find_input(b) else {
                return false;
            };
            let t = node.transition(i);
            self.out = self.out.cat(t.out);
            node = self.fst.node(t.addr);
        }
        self.at = Step::of(self.fst, &node);
        true
    }

    /// The index value when the bytes fed so far are a complete name.
    fn value(&self) -> Option<u64> {
        self.at.is_final.then(|| {
            self.out
                .cat(fst::raw::Output::new(self.at.final_output))
                .value()
        })
    }

    /// Whether the bytes fed so far are a complete name.
    pub fn is_name(&self) -> bool {
        self.at.is_final
    }
}

/// The records of all of place `id`'s labels, as its record gives them.
fn label_span(id: PlaceId) -> std::ops::Range<usize> {
    let b = &PLACES[id.0 as usize * PLACE_SIZE..(id.0 as usize + 1) * PLACE_SIZE];
    let start = u32_at(b, 32) as usize;
    start..start + u32_at(b, 36) as usize
}

/// The records of place `id`'s labels in language `lang` (its line in
/// the language list). `build.rs` stores a place's labels sorted by
/// language, so the run is found by binary search: a country has hundreds.
fn label_run(id: PlaceId, lang: u16) -> std::ops::Range<usize> {
    let std::ops::Range { start, end } = label_span(id);
    let lang_at = |i: usize| u16_at(&LABELS[i * LABEL_SIZE..], 0);
    // The first record from `lo` on whose language is not below `l`.
    let first_from = |mut lo: usize, l: u16| {
        let mut hi = end;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if lang_at(mid) < l {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    };
    let lo = first_from(start, lang);
    let hi = match lang.checked_add(1) {
        Some(next) => first_from(lo, next),
        None => end,
    };
    lo..hi
}

fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes([b[off], b[off + 1], b[off + 2], b[off + 3]])
}

fn u16_at(b: &[u8], off: usize) -> u16 {
    u16::from_le_bytes([b[off], b[off + 1]])
}

/// A string of the table: a length of three 7-bit bytes, then UTF-8.
/// Each string is checked as it is read (a few bytes), not the 19 MB
/// table at start-up, which cost every run 25 ms.
fn string_at(off: u32) -> &'static str {
    let off = off as usize;
    let (Some(&a), Some(&b), Some(&c)) =
        (STRINGS.get(off), STRINGS.get(off + 1), STRINGS.get(off + 2))
    else {
        return "";
    };
    let len = a as usize | (b as usize) << 7 | (c as usize) << 14;
    STRINGS
        .get(off + 3..off + 3 + len)
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .unwrap_or("")
}

fn date_of(days: i32) -> Option<Date> {
    (days != OPEN_DATE).then_some(Date(days))
}

impl Gazetteer {
    /// The gazetteer embedded in this binary, loaded once.
    pub fn embedded() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer {
            names: names_index(),
            keys: fst::Map::new(KEYS_FST).expect("embedded keys.fst is built by build.rs"),
            langs: LANGS.split('\n').collect(),
            lang_index: LANGS
                .split('\n')
                .enumerate()
                .map(|(i, l)| (l, i as u16))
                .collect(),
            memberships: OnceLock::new(),
            root: Step::of(names_index().as_fst(), &names_index().as_fst().root()),
        })
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        PLACES.len() / PLACE_SIZE
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of distinct folded names in the index.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Prefetches the records of `ids` all together, ahead of
    /// [`Gazetteer::place`]: each record lies at a random spot of a large
    /// table, and read one by one between other work, every candidate of
    /// an article waited for its own fetch. Prefetches wait for nothing:
    /// the fetches run side by side, and beside the caller's next work.
    ///
    /// The first of each place's labels is prefetched too, in a second
    /// round: resolution asks some candidates for their name in the
    /// article's language.
    pub fn fetch_places(&self, ids: impl Iterator<Item = PlaceId> + Clone) {
        let record = |id: PlaceId| {
            let at = id.0 as usize * PLACE_SIZE;
            PLACES.get(at..at + PLACE_SIZE)
        };
        for b in ids.clone().filter_map(record) {
            prefetch(&b[0]);
            prefetch(&b[PLACE_SIZE - 1]);
        }
        // The label's place is in the record: read now, while the records
        // prefetched above arrive side by side.
        for b in ids.filter_map(record) {
            let at = u32_at(b, 32) as usize * LABEL_SIZE;
            if let Some(label) = LABELS.get(at) {
                prefetch(label);
            }
        }
    }

    /// The place with this id.
    ///
    /// # Panics
    /// If the id did not come from this gazetteer.
    pub fn place(&self, id: PlaceId) -> Place {
        let b = &PLACES[id.0 as usize * PLACE_SIZE..(id.0 as usize + 1) * PLACE_SIZE];
        let f = |i: usize| u32_at(b, i * 4);
        let lat = f32::from_bits(f(4));
        let lon = f32::from_bits(f(5));
        let country = (b[42] != 0).then(|| {
            // Two ASCII letters as stored; build.rs writes them from &str.
            std::str::from_utf8(&b[42..44]).unwrap_or("")
        });
        let kind = Kind::from_code(b[40]);
        Place {
            id,
            key: Text(f(0)),
            name_en: Text(f(1)),
            admin1: (f(2) != EMPTY_STRING).then_some(Text(f(2))),
            geonames_id: (f(3) != 0).then_some(f(3)),
            lat: lat.is_finite().then_some(lat as f64),
            lon: lon.is_finite().then_some(lon as f64),
            // build.rs stores an admin-1 region's towns' population in the
            // population field, which it would otherwise leave empty.
            population: if kind == Kind::Admin1 { 0 } else { f(6) as u64 },
            towns_population: if kind == Kind::Admin1 { f(6) as u64 } else { 0 },
            stands_for: (f(7) != NO_PLACE).then_some(PlaceId(f(7))),
            kind,
            capital: b[41] == 1,
            country,
        }
    }

    /// The place with this key (`C:KZ`, `G:1526273`, `O:SCO`).
    pub fn by_key(&self, key: &str) -> Option<PlaceId> {
        self.keys.get(key).map(|i| PlaceId(i as u32))
    }

    /// The country place for an ISO alpha-2 code.
    pub fn country(&self, alpha2: &str) -> Option<PlaceId> {
        self.by_key(&format!("C:{}", alpha2.to_ascii_uppercase()))
    }

    /// The capital city of the country `alpha2`: its most populous city
    /// marked as a capital (South Africa has three), found once by a scan of
    /// every place.
    pub fn capital(&self, alpha2: &str) -> Option<PlaceId> {
        static CAPITALS: OnceLock<crate::hash::FastMap<&'static str, (PlaceId, u64)>> =
            OnceLock::new();
        CAPITALS
            .get_or_init(|| {
                let mut map = crate::hash::FastMap::default();
                for i in 0..self.len() {
                    // The capital flag first, from the record's byte: the
                    // whole record is read only for the few capitals.
                    if PLACES.get(i * PLACE_SIZE + 41) != Some(&1) {
                        continue;
                    }
                    let p = self.place(PlaceId(i as u32));
                    let (true, Kind::City, Some(cc)) = (p.capital, p.kind, p.country) else {
                        continue;
                    };
                    let e = map.entry(cc).or_insert((p.id, p.population));
                    if p.population > e.1 {
                        *e = (p.id, p.population);
                    }
                }
                map
            })
            .get(alpha2)
            .map(|&(id, _)| id)
    }

    /// Postings for a name already folded with [`fold`].
    pub fn postings_folded(&self, folded: &str) -> impl Iterator<Item = Posting> + '_ {
        let range = self.names.get(folded).map_or(0..0, |v| {
            let start = (v >> 32) as usize;
            start..start + (v & 0xffff_ffff) as usize
        });
        range.map(move |i| self.posting(i))
    }

    /// Whether some indexed name starts with `folded_prefix` (lets the
    /// recognizer stop extending a span early).
    pub fn has_prefix(&self, folded_prefix: &str) -> bool {
        let mut s = self.names.range().ge(folded_prefix).into_stream();
        s.next()
            .is_some_and(|(k, _)| k.starts_with(folded_prefix.as_bytes()))
    }

    /// A cursor at the root of the name index, for matching names as the
    /// article's tokens arrive one at a time (see [`NameCursor`]).
    pub fn cursor(&self) -> NameCursor<'_> {
        NameCursor {
            fst: self.names.as_fst(),
            at: self.root,
            out: fst::raw::Output::zero(),
            gazetteer: std::marker::PhantomData,
        }
    }

    /// The postings at a cursor that sits on a complete name.
    pub fn postings_at(&self, c: &NameCursor<'_>) -> impl Iterator<Item = Posting> + '_ {
        let range = c.value().map_or(0..0, |v| {
            let start = (v >> 32) as usize;
            start..start + (v & 0xffff_ffff) as usize
        });
        range.map(move |i| self.posting(i))
    }

    /// Prefetches the postings of the name `c` has reached, so that the
    /// fetch runs beside what the caller does next (trying a longer
    /// name) instead of stalling [`Gazetteer::postings_at`] later.
    pub fn fetch_postings(&self, c: &NameCursor<'_>) {
        let Some(v) = c.value() else {
            return;
        };
        let start = (v >> 32) as usize * POSTING_SIZE;
        let end = start + (v & 0xffff_ffff) as usize * POSTING_SIZE;
        if let Some(first) = POSTINGS.get(start) {
            prefetch(first);
        }
        if let Some(last) = end.checked_sub(1).and_then(|e| POSTINGS.get(e)) {
            prefetch(last);
        }
    }

    fn posting(&self, i: usize) -> Posting {
        let b = &POSTINGS[i * POSTING_SIZE..(i + 1) * POSTING_SIZE];
        Posting {
            place: PlaceId(u32_at(b, 0)),
            name_at: u32_at(b, 4),
            from: date_of(u32_at(b, 8) as i32),
            to: date_of(u32_at(b, 12) as i32),
            lang: self
                .langs
                .get(u16_at(b, 16) as usize)
                .copied()
                .unwrap_or(""),
            flags: u16_at(b, 18),
        }
    }

    /// The place's name in `lang` (a language tag such as `ar`, `zh`,
    /// `zh-Hant`), preferring official names; `None` when the data has none.
    pub fn label(&self, id: PlaceId, lang: &str) -> Option<&'static str> {
        let want = *self.lang_index.get(lang)?;
        let mut best: Option<(u16, &'static str)> = None;
        for i in label_run(id, want) {
            let r = &LABELS[i * LABEL_SIZE..(i + 1) * LABEL_SIZE];
            let flags = u16_at(r, 2);
            // Prefer official names, then undated, then short names last.
            let rank = (flags & flag::OFFICIAL != 0) as u16 * 4
                + (flags & flag::DATED == 0) as u16 * 2
                + (flags & (flag::SHORT | flag::ABBR | flag::VARIANT) == 0) as u16;
            if best.is_none_or(|(r0, _)| rank > r0) {
                best = Some((rank, string_at(u32_at(r, 4))));
            }
        }
        best.map(|(_, s)| s)
    }

    /// Whether place `id` has the label `name` in `lang` with every bit of
    /// `flags`: [`Gazetteer::labels`] filtered, reading a label's text only
    /// when its language and flags match.
    pub fn has_label(&self, id: PlaceId, lang: &str, name: &str, flags: u16) -> bool {
        let Some(&want) = self.lang_index.get(lang) else {
            return false;
        };
        label_run(id, want).any(|i| {
            let r = &LABELS[i * LABEL_SIZE..(i + 1) * LABEL_SIZE];
            u16_at(r, 2) & flags == flags && string_at(u32_at(r, 4)) == name
        })
    }

    /// Every label of a place: language, flags, name.
    pub fn labels(
        &self,
        id: PlaceId,
    ) -> impl Iterator<Item = (&'static str, u16, &'static str)> + '_ {
        self.label_records(id)
            .map(|(l, flags, off)| (l, flags, string_at(off)))
    }

    /// A place's labels as stored: language, flags and the text's offset,
    /// so that callers read only the texts they want.
    fn label_records(&self, id: PlaceId) -> impl Iterator<Item = (&'static str, u16, u32)> + '_ {
        label_span(id).map(move |i| {
            let r = &LABELS[i * LABEL_SIZE..(i + 1) * LABEL_SIZE];
            let l = self.langs.get(u16_at(r, 0) as usize).copied().unwrap_or("");
            (l, u16_at(r, 2), u32_at(r, 4))
        })
    }

    /// A name of the place in `lang` that was in use on `date` and is
    /// dated (Nur-Sultan from 2019-03-23 to 2022-09-17), if it has one: a
    /// map of that day writes it.
    pub fn dated_label(&self, id: PlaceId, lang: &str, date: Date) -> Option<&'static str> {
        self.label_records(id)
            .filter(|&(l, flags, _)| l == lang && flags & flag::DATED != 0)
            .map(|(_, _, off)| string_at(off))
            .find(|name| {
                self.postings(name)
                    .into_iter()
                    .any(|p| p.place == id && p.from.is_some() && p.valid_on(Some(date)))
            })
    }

    /// The place's name in `lang` as it stood on `date` (today when no
    /// date is given): [`Gazetteer::label`] without the names the place
    /// had given up by then (Léopoldville for Kinshasa).
    pub fn current_label(
        &self,
        id: PlaceId,
        lang: &str,
        date: Option<Date>,
    ) -> Option<&'static str> {
        // The same places come up article after article (a batch of a
        // year's wire stories): answers are remembered per thread.
        type Memo = crate::hash::FastMap<(u32, String, Option<i32>), Option<&'static str>>;
        thread_local! {
            static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
        }
        let key = (id.0, lang.to_string(), date.map(|d| d.0));
        if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).copied()) {
            return hit;
        }
        let answer = self.current_label_uncached(id, lang, date);
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() > 100_000 {
                m.clear();
            }
            m.insert(key, answer);
        });
        answer
    }

    fn current_label_uncached(
        &self,
        id: PlaceId,
        lang: &str,
        date: Option<Date>,
    ) -> Option<&'static str> {
        let given_up = |name: &str| {
            self.postings(name).into_iter().any(|p| {
                p.place == id && p.to.is_some() && !p.valid_on(date.or(Some(Date(i32::MAX / 2))))
            })
        };
        let best = self.label(id, lang)?;
        if !given_up(best) {
            return Some(best);
        }
        self.labels(id)
            .filter(|&(l, _, name)| l == lang && name != best && !given_up(name))
            .map(|(_, _, name)| name)
            .next()
    }

    /// Whether `lang` (ISO 639-1) is a language of the country `alpha2`:
    /// a name written in it is then the place's native name, even where the
    /// source does not tag it.
    pub fn speaks(&self, alpha2: &str, lang: &str) -> bool {
        static TABLE: OnceLock<crate::hash::FastMap<&'static str, Vec<&'static str>>> =
            OnceLock::new();
        TABLE
            .get_or_init(|| {
                COUNTRY_LANGUAGES
                    .lines()
                    .skip(1)
                    .filter_map(|l| l.split_once('\t'))
                    .map(|(cc, langs)| (cc, langs.split(' ').collect()))
                    .collect()
            })
            .get(alpha2)
            .is_some_and(|langs| langs.contains(&lang))
    }

    /// Membership table of organisations (parsed on first use).
    pub fn memberships(&self) -> &Memberships {
        self.memberships
            .get_or_init(|| Memberships::parse(MEMBERSHIPS, self))
    }

    /// Candidates for a free-text name, best first (see [`crate::lookup`]).
    pub fn postings(&self, name: &str) -> Vec<Posting> {
        self.postings_folded(&fold(name)).collect()
    }
}

/// Asks the processor to bring the cache line holding `byte` closer, without
/// waiting for it: the tables are large and read at random spots, and a
/// read that waited would hold up everything after it.
#[inline(always)]
fn prefetch(byte: &u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that reads nothing the program sees and
    // cannot fault; SSE, its instruction set, is part of every x86-64
    // processor.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(byte).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    std::hint::black_box(*byte);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_languages_labels_are_found_by_search_as_by_a_scan() {
        let gaz = Gazetteer::embedded();
        for key in ["C:CN", "C:US", "G:1526273", "A:CN.13", "O:SCO"] {
            let id = gaz.by_key(key).unwrap();
            let all: Vec<(&str, u16, &str)> = gaz.labels(id).collect();
            assert!(!all.is_empty(), "{key}");
            for (i, lang) in gaz.langs.iter().enumerate() {
                let scanned: Vec<&str> = all.iter().filter(|l| l.0 == *lang).map(|l| l.2).collect();
                let searched: Vec<&str> = label_run(id, i as u16)
                    .map(|r| string_at(u32_at(&LABELS[r * LABEL_SIZE..], 4)))
                    .collect();
                assert_eq!(searched, scanned, "{key} {lang}");
            }
        }
        let cn = gaz.by_key("C:CN").unwrap();
        assert_eq!(gaz.label(cn, "ar"), Some("الصين"));
        assert!(gaz.has_label(cn, "fr", "Chine", 0));
        assert!(!gaz.has_label(cn, "fr", "China", 0));
    }

    #[test]
    fn a_postings_base_language_drops_region_and_script() {
        let gaz = Gazetteer::embedded();
        let langs: Vec<(&str, &str)> = gaz
            .postings_folded("beijing")
            .chain(gaz.postings_folded(&crate::text::fold("阿布達比酋長國")))
            .map(|p| (p.lang, p.base_lang()))
            .collect();
        assert!(
            langs.iter().any(|&(l, b)| l.contains('-') && b == "zh"),
            "{langs:?}"
        );
        for (lang, base) in langs {
            assert_eq!(base, lang.split('-').next().unwrap_or(""));
        }
    }

    #[test]
    fn a_word_after_a_space_goes_on_a_name_exactly_when_walking_it_does() {
        let gaz = Gazetteer::embedded();
        let firsts = [
            "new",
            "bosnia",
            "rio",
            "trinidad",
            "paris",
            "saint",
            "санкт",
            "республика",
            "الولايات",
            "جمهوريه",
            "são",
            "nur",
            "the",
        ];
        let words = [
            "york",
            "and",
            "de",
            "said",
            "petersburg",
            "петербург",
            "казахстан",
            "sultan",
            "المتحده",
            "مصر",
            "tomé",
            "paulo",
            "zürich",
            "1",
            "of",
            "ελλάδα",
            "東京",
            "x",
        ];
        let mut rejected = 0;
        for first in firsts.map(crate::text::fold) {
            let mut c = gaz.cursor();
            assert!(c.feed(&first), "{first}");
            for word in words.map(crate::text::fold) {
                let word = word.as_str();
                let (mut fed, mut walked) = (c, c);
                let by_step = fed.feed_parts(&[" ", "", word]);
                let by_byte = walked.walk(&[" ", word]);
                assert_eq!(by_step, by_byte, "{first} {word}");
                rejected += usize::from(!c.at.may_take(&[" ", "", word]));
            }
        }
        // The mask turns words away (else this test shows nothing).
        assert!(rejected > 50, "{rejected}");
    }

    #[test]
    fn kind_codes_round_trip_through_their_names() {
        for (code, name) in KINDS.iter().enumerate() {
            let kind = Kind::from_code(code as u8);
            assert_eq!(kind as usize, code);
            assert_eq!(kind.as_str(), *name);
        }
    }
}
