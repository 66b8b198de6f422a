//! Compiles the gazetteer's text artifacts (`data/generated`, `data/curated`)
//! into the fixed-width binary tables and FST indexes described in
//! `src/gazetteer/format.rs`, so that the binary embeds an index that is
//! ready to use the moment it starts.

use std::collections::{HashMap, HashSet};
use std::env;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

#[path = "src/date.rs"]
#[allow(dead_code)]
mod date;
#[path = "src/text/fold.rs"]
#[allow(dead_code)]
mod fold;
#[path = "src/gazetteer/format.rs"]
#[allow(dead_code)]
mod format;

use format::{KINDS, NO_PLACE, OPEN_DATE, flag};

/// A TSV file read by header name, so column order may change without
/// breaking the build; `#` lines are comments.
struct Tsv {
    cols: HashMap<String, usize>,
    rows: Vec<Vec<String>>,
    path: PathBuf,
}

impl Tsv {
    fn read(path: &Path) -> Tsv {
        println!("cargo:rerun-if-changed={}", path.display());
        let file = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
            Box::new(flate2::read::GzDecoder::new(file))
        } else {
            Box::new(file)
        };
        let mut lines = BufReader::new(reader)
            .lines()
            .map(|l| l.unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        let header = lines
            .by_ref()
            .find(|l| !l.starts_with('#') && !l.trim().is_empty())
            .unwrap_or_else(|| panic!("{}: no header", path.display()));
        let cols = header
            .split('\t')
            .enumerate()
            .map(|(i, c)| (c.trim().to_string(), i))
            .collect();
        let rows = lines
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').map(|c| c.trim().to_string()).collect())
            .collect();
        Tsv {
            cols,
            rows,
            path: path.to_path_buf(),
        }
    }

    fn optional(path: &Path) -> Option<Tsv> {
        println!("cargo:rerun-if-changed={}", path.display());
        path.exists().then(|| Tsv::read(path))
    }

    /// The value of column `name` in `row`, or "" when the row is short or
    /// the file has no such column.
    fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        self.cols
            .get(name)
            .and_then(|&i| row.get(i))
            .map_or("", |s| s.as_str())
    }

    fn require(&self, names: &[&str]) {
        for n in names {
            assert!(
                self.cols.contains_key(*n),
                "{}: missing column {n}",
                self.path.display()
            );
        }
    }
}

/// Days since 1970-01-01 for an ISO date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`;
/// a missing month or day is the first); empty is open.
fn parse_date(s: &str, end: bool) -> i32 {
    if s.is_empty() {
        return OPEN_DATE;
    }
    let mut it = s.split('-').map(|p| p.parse::<i32>().expect("date"));
    let y = it.next().expect("year");
    let m = it.next();
    let d = it.next();
    // A year-only end bound covers the whole year.
    let (m, d) = match (m, d, end) {
        (None, _, true) => (12, 31),
        (Some(m), None, true) => (m, 28),
        (m, d, _) => (m.unwrap_or(1), d.unwrap_or(1)),
    };
    date::days_from_civil(y, m as u32, d as u32)
}

#[derive(Default)]
struct Strings {
    bytes: Vec<u8>,
    seen: HashMap<String, u32>,
}

impl Strings {
    fn add(&mut self, s: &str) -> u32 {
        if let Some(&off) = self.seen.get(s) {
            return off;
        }
        let s = if s.len() > u16::MAX as usize {
            &s[..s.floor_char_boundary(u16::MAX as usize)]
        } else {
            s
        };
        let off = self.bytes.len() as u32;
        // The length in three 7-bit bytes: every byte of the file is then
        // ASCII or part of a string, so the whole file is UTF-8 and is
        // checked once at start-up instead of at every read.
        let n = s.len();
        self.bytes.extend_from_slice(&[
            (n & 0x7f) as u8,
            ((n >> 7) & 0x7f) as u8,
            ((n >> 14) & 0x7f) as u8,
        ]);
        self.bytes.extend_from_slice(s.as_bytes());
        self.seen.insert(s.to_string(), off);
        off
    }
}

struct Place {
    key: String,
    kind: u8,
    geonames_id: u32,
    name_en: String,
    country: [u8; 2],
    admin1: String,
    lat: f32,
    lon: f32,
    population: u32,
    capital: bool,
    stands_for: String,
}

impl Place {
    /// An entry with no point of its own: an organisation or a person.
    fn without_point(key: String, kind: &str, name_en: String, country: &str) -> Place {
        Place {
            key,
            kind: kind_code(kind),
            geonames_id: 0,
            name_en,
            country: country_code(country),
            admin1: String::new(),
            lat: f32::NAN,
            lon: f32::NAN,
            population: 0,
            capital: false,
            stands_for: String::new(),
        }
    }
}

impl Name {
    /// A name with no period of use.
    fn undated(place: u32, name: &str, lang: &str, flags: u16) -> Name {
        Name {
            place,
            name: name.to_string(),
            lang: lang.to_string(),
            from: OPEN_DATE,
            to: OPEN_DATE,
            flags,
        }
    }
}

struct Name {
    place: u32,
    name: String,
    lang: String,
    from: i32,
    to: i32,
    flags: u16,
}

/// Gives each admin-1 region without a population of its own (none of the
/// sources has one) the summed population of its towns: a lower bound, but
/// one that tells Florida, USA (some 15 million in towns of 1,000 or more)
/// from Florida, Uruguay (some 60,000) where the name alone is all there is.
fn admin1_populations(places: &mut [Place]) {
    let admin1 = kind_code("admin1");
    let city = kind_code("city");
    let mut sums: HashMap<([u8; 2], String), u64> = HashMap::new();
    for p in places
        .iter()
        .filter(|p| p.kind == city && !p.admin1.is_empty())
    {
        *sums.entry((p.country, p.admin1.clone())).or_default() += u64::from(p.population);
    }
    for p in places
        .iter_mut()
        .filter(|p| p.kind == admin1 && p.population == 0)
    {
        if let Some(&sum) = sums.get(&(p.country, p.admin1.clone())) {
            p.population = u32::try_from(sum).unwrap_or(u32::MAX);
        }
    }
}

fn kind_code(kind: &str) -> u8 {
    KINDS
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(KINDS.len() - 1) as u8
}

fn country_code(s: &str) -> [u8; 2] {
    let b = s.as_bytes();
    if b.len() == 2 { [b[0], b[1]] } else { [0, 0] }
}

fn name_flags(list: &str) -> u16 {
    let mut f = 0;
    for part in list.split([',', ';', ' ']).map(str::trim) {
        f |= match part {
            "official" => flag::OFFICIAL,
            "short" => flag::SHORT,
            "variant" => flag::VARIANT,
            "abbr" => flag::ABBR,
            "ambiguous" => flag::AMBIGUOUS,
            "language" => flag::LANGUAGE,
            _ => 0,
        };
    }
    f
}

/// Notes in curated files are free text; a few words in them are flags.
fn note_flags(note: &str) -> u16 {
    let lower = note.to_lowercase();
    let mut f = 0;
    if lower.starts_with("abbr") {
        f |= flag::ABBR;
    }
    if lower.contains("ambiguous") {
        f |= flag::AMBIGUOUS;
    }
    if lower.contains("language") {
        f |= flag::LANGUAGE;
    }
    if lower.starts_with("demonym") {
        f |= flag::DEMONYM;
    }
    if lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "short")
    {
        f |= flag::SHORT;
    }
    f
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let generated = root.join("data/generated");
    let curated = root.join("data/curated");

    let mut places: Vec<Place> = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<Name> = Vec::new();

    let add_place = |places: &mut Vec<Place>, index: &mut HashMap<String, u32>, p: Place| {
        if index.contains_key(&p.key) {
            return;
        }
        index.insert(p.key.clone(), places.len() as u32);
        places.push(p);
    };

    // Generated places, then curated ones (landmarks, regions), then organisations.
    for path in [
        generated.join("places.tsv.gz"),
        curated.join("places.tsv"),
        curated.join("features_places.tsv"),
    ] {
        let Some(t) = Tsv::optional(&path) else {
            continue;
        };
        t.require(&["key", "kind", "name_en", "lat", "lon"]);
        for r in &t.rows {
            let key = t.get(r, "key");
            if key.is_empty() {
                continue;
            }
            add_place(
                &mut places,
                &mut index,
                Place {
                    key: key.to_string(),
                    kind: kind_code(t.get(r, "kind")),
                    geonames_id: t.get(r, "geonames_id").parse().unwrap_or(0),
                    name_en: t.get(r, "name_en").to_string(),
                    country: country_code(t.get(r, "country")),
                    admin1: t.get(r, "admin1").to_string(),
                    lat: t.get(r, "lat").parse().unwrap_or(f32::NAN),
                    lon: t.get(r, "lon").parse().unwrap_or(f32::NAN),
                    population: t.get(r, "population").parse::<f64>().unwrap_or(0.0) as u32,
                    capital: t.get(r, "capital") == "1",
                    stands_for: t.get(r, "stands_for").to_string(),
                },
            );
        }
    }
    if let Some(t) = Tsv::optional(&curated.join("organisations.tsv")) {
        t.require(&["org", "lang", "name", "kind"]);
        let mut en: HashMap<String, (bool, String)> = HashMap::new();
        for r in &t.rows {
            let org = t.get(r, "org");
            let is_full = t.get(r, "kind") == "name" && t.get(r, "lang") == "en";
            let e = en
                .entry(org.to_string())
                .or_insert((false, t.get(r, "name").to_string()));
            if is_full && !e.0 {
                *e = (true, t.get(r, "name").to_string());
            }
        }
        let mut orgs: Vec<_> = en.into_iter().collect();
        orgs.sort();
        for (org, (_, name)) in orgs {
            add_place(
                &mut places,
                &mut index,
                Place::without_point(format!("O:{org}"), "organisation", name, ""),
            );
        }
        for r in &t.rows {
            let place = index[&format!("O:{}", t.get(r, "org"))];
            let abbr = if t.get(r, "kind") == "abbr" {
                flag::ABBR
            } else {
                flag::OFFICIAL
            };
            names.push(Name::undated(
                place,
                t.get(r, "name"),
                t.get(r, "lang"),
                abbr | flag::CURATED,
            ));
        }
    }

    // Curated representative points replace generated ones (each line
    // cites its source), or give one to an organisation that is also a
    // place: the European Union.
    if let Some(t) = Tsv::optional(&curated.join("points.tsv")) {
        t.require(&["key", "lat", "lon"]);
        for r in &t.rows {
            let (Some(&i), Ok(lat), Ok(lon)) = (
                index.get(t.get(r, "key")),
                t.get(r, "lat").parse::<f32>(),
                t.get(r, "lon").parse::<f32>(),
            ) else {
                panic!("curated/points.tsv: bad line {r:?}");
            };
            places[i as usize].lat = lat;
            places[i as usize].lon = lon;
        }
    }
    // People: their names are recognized (and consume the tokens) so that
    // "Vladimir" in "Vladimir Putin" is no city.
    if let Some(t) = Tsv::optional(&curated.join("people.tsv")) {
        t.require(&["person", "lang", "name", "country"]);
        for r in &t.rows {
            let key = format!("P:{}", t.get(r, "person"));
            if !index.contains_key(&key) {
                let country = t.get(r, "country");
                add_place(
                    &mut places,
                    &mut index,
                    Place::without_point(key.clone(), "person", String::new(), country),
                );
            }
            let place = index[&key];
            if t.get(r, "lang") == "en" && places[place as usize].name_en.is_empty() {
                places[place as usize].name_en = t.get(r, "name").to_string();
            }
            // A surname alone ("May", "Xi") is marked ambiguous: a strong
            // place of the same name still wins over it.
            names.push(Name::undated(
                place,
                t.get(r, "name"),
                t.get(r, "lang"),
                flag::CURATED
                    | if t.get(r, "note").contains("surname") {
                        flag::AMBIGUOUS
                    } else {
                        0
                    },
            ));
        }
    }

    let mut missing = 0usize;
    let mut unknown: Vec<String> = Vec::new();
    // Names a source gives a place that news in the language uses for
    // something else (朝鲜 is North Korea, not South Korea).
    let mut wrong: HashSet<(String, String, String)> = HashSet::new();
    if let Some(t) = Tsv::optional(&curated.join("wrong_names.tsv")) {
        t.require(&["key", "lang", "name"]);
        for r in &t.rows {
            wrong.insert((
                t.get(r, "key").to_string(),
                t.get(r, "lang").to_string(),
                t.get(r, "name").to_string(),
            ));
        }
    }
    let mut dropped = 0usize;
    if let Some(t) = Tsv::optional(&generated.join("names.tsv.gz")) {
        t.require(&["key", "lang", "name", "flags"]);
        for r in &t.rows {
            let Some(&place) = index.get(t.get(r, "key")) else {
                missing += 1;
                continue;
            };
            if !wrong.is_empty()
                && wrong.contains(&(
                    t.get(r, "key").to_string(),
                    t.get(r, "lang").to_string(),
                    t.get(r, "name").to_string(),
                ))
            {
                dropped += 1;
                continue;
            }
            names.push(Name::undated(
                place,
                t.get(r, "name"),
                t.get(r, "lang"),
                name_flags(t.get(r, "flags")),
            ));
        }
    }
    for t in ["names.tsv", "city_names.tsv", "features_names.tsv"]
        .iter()
        .filter_map(|f| Tsv::optional(&curated.join(f)))
    {
        t.require(&["key", "lang", "name", "from", "to"]);
        for r in &t.rows {
            let Some(&place) = index.get(t.get(r, "key")) else {
                unknown.push(format!("names.tsv {}", t.get(r, "key")));
                continue;
            };
            let (from, to) = (
                parse_date(t.get(r, "from"), false),
                parse_date(t.get(r, "to"), true),
            );
            let dated = if from != OPEN_DATE || to != OPEN_DATE {
                flag::DATED
            } else {
                0
            };
            names.push(Name {
                place,
                name: t.get(r, "name").to_string(),
                lang: t.get(r, "lang").to_string(),
                from,
                to,
                flags: flag::CURATED | dated | note_flags(t.get(r, "note")),
            });
        }
    }
    if let Some(t) = Tsv::optional(&curated.join("demonyms.tsv")) {
        t.require(&["country", "lang", "form"]);
        for r in &t.rows {
            // A country's ISO code, or the key of a region ("Texans").
            let country = t.get(r, "country");
            let key = if country.contains(':') {
                country.to_string()
            } else {
                format!("C:{country}")
            };
            let Some(&place) = index.get(&key) else {
                unknown.push(format!("demonyms.tsv {}", t.get(r, "country")));
                continue;
            };
            names.push(Name::undated(
                place,
                t.get(r, "form"),
                t.get(r, "lang"),
                flag::DEMONYM | flag::CURATED | note_flags(t.get(r, "note")),
            ));
        }
    }
    unknown.sort();
    unknown.dedup();
    if !unknown.is_empty() {
        println!(
            "cargo:warning=curated data names {} unknown places: {}",
            unknown.len(),
            unknown.join(", ")
        );
    }
    if missing > 0 {
        println!("cargo:warning=names.tsv.gz: {missing} names of unknown places skipped");
    }
    // A wrong name that no source gives any more is a stale line.
    if dropped != wrong.len() {
        println!(
            "cargo:warning=wrong_names.tsv: {} of {} lines match no generated name",
            wrong.len() - dropped,
            wrong.len()
        );
    }

    let mut strings = Strings::default();
    assert_eq!(strings.add(""), format::EMPTY_STRING);
    let mut langs: Vec<String> = vec![String::new()];
    let mut lang_ix: HashMap<String, u16> = HashMap::from([(String::new(), 0)]);
    let mut lang_of = |l: &str| -> u16 {
        if let Some(&i) = lang_ix.get(l) {
            return i;
        }
        let i = langs.len() as u16;
        langs.push(l.to_string());
        lang_ix.insert(l.to_string(), i);
        i
    };

    // Labels: per place, its names with a known language (and its main name),
    // for choosing the label language when drawing and for display.
    let mut labels: Vec<Vec<(u16, u16, u32)>> = vec![Vec::new(); places.len()];
    for n in &names {
        if n.flags & flag::DEMONYM != 0 {
            continue;
        }
        if n.lang.is_empty() && n.flags & flag::OFFICIAL == 0 {
            continue;
        }
        let l = lang_of(&n.lang);
        let s = strings.add(&n.name);
        let list = &mut labels[n.place as usize];
        if !list.iter().any(|&(ll, _, ss)| ll == l && ss == s) {
            list.push((l, n.flags, s));
        }
    }

    // Places without a tagged name in a script's main language get their
    // first untagged name in that script, marked as a guess.
    for n in &names {
        if !n.lang.is_empty() || n.flags & flag::DEMONYM != 0 {
            continue;
        }
        let Some(guess) = format::script_language(&n.name) else {
            continue;
        };
        let l = lang_of(guess);
        let s = strings.add(&n.name);
        let list = &mut labels[n.place as usize];
        if !list.iter().any(|&(ll, _, _)| ll == l) {
            list.push((l, n.flags | flag::SCRIPT_GUESS, s));
        }
    }

    // Postings grouped by folded name. Names that fold to nothing are dropped.
    let mut keyed: Vec<(String, u32, u32, i32, i32, u16, u16)> = Vec::with_capacity(names.len());
    for n in &names {
        let folded = fold::fold(&n.name);
        if folded.is_empty() || folded.chars().all(|c| c.is_ascii_digit() || c == ' ') {
            continue;
        }
        let s = strings.add(&n.name);
        let l = lang_of(&n.lang);
        let vowelled = if n
            .name
            .chars()
            .any(|c| ('\u{064B}'..='\u{0652}').contains(&c))
        {
            flag::VOWELLED
        } else {
            0
        };
        // Arabic hashtags run a name's words together (#حفرالباطن): a name
        // whose later words carry the article is also indexed joined up.
        if folded.contains(" ال")
            && folded
                .chars()
                .all(|c| c == ' ' || ('\u{0600}'..='\u{06FF}').contains(&c))
        {
            let joined: String = folded.chars().filter(|&c| c != ' ').collect();
            keyed.push((
                joined,
                n.place,
                s,
                n.from,
                n.to,
                l,
                n.flags | flag::VARIANT | vowelled,
            ));
        }
        keyed.push((folded, n.place, s, n.from, n.to, l, n.flags | vowelled));
    }
    // One posting per (name, place, dates, demonym-ness, vowel marks): the
    // first, most informative one (curated and language-tagged names sort
    // first).
    type Keyed = (String, u32, u32, i32, i32, u16, u16);
    let order = |k: &Keyed| {
        (
            k.0.clone(),
            k.1,
            k.3,
            k.4,
            k.6 & (flag::DEMONYM | flag::VOWELLED),
            u16::MAX - (k.6 & flag::CURATED),
            k.5 == 0,
        )
    };
    keyed.sort_by_cached_key(order);
    let mut postings: Vec<u8> = Vec::new();
    let mut fst_build = fst::MapBuilder::memory();
    let mut i = 0;
    let mut count = 0u64;
    while i < keyed.len() {
        let mut j = i;
        let start = count;
        let mut merged_flags: HashMap<(u32, i32, i32, u16), usize> = HashMap::new();
        let mut group: Vec<[u8; 20]> = Vec::new();
        while j < keyed.len() && keyed[j].0 == keyed[i].0 {
            let (_, place, s, from, to, l, f) = &keyed[j];
            let k = (*place, *from, *to, f & (flag::DEMONYM | flag::VOWELLED));
            if let Some(&g) = merged_flags.get(&k) {
                // Same place again: keep the first record, union the flags.
                let old = u16::from_le_bytes([group[g][18], group[g][19]]);
                group[g][18..20].copy_from_slice(&(old | f).to_le_bytes());
            } else {
                let mut rec = [0u8; 20];
                rec[0..4].copy_from_slice(&place.to_le_bytes());
                rec[4..8].copy_from_slice(&s.to_le_bytes());
                rec[8..12].copy_from_slice(&from.to_le_bytes());
                rec[12..16].copy_from_slice(&to.to_le_bytes());
                rec[16..18].copy_from_slice(&l.to_le_bytes());
                rec[18..20].copy_from_slice(&f.to_le_bytes());
                merged_flags.insert(k, group.len());
                group.push(rec);
            }
            j += 1;
        }
        for rec in &group {
            postings.extend_from_slice(rec);
        }
        count += group.len() as u64;
        fst_build
            .insert(keyed[i].0.as_bytes(), (start << 32) | (count - start))
            .unwrap();
        i = j;
    }
    let names_fst = fst_build.into_inner().unwrap();

    // Folded demonyms, whole and by first word: in cased scripts a word in
    // lower case can only begin a demonym (russe, ruso, российский), so the
    // recognizer skips every other lower-case word without a lookup.
    let mut demonym_words: Vec<String> = names
        .iter()
        .filter(|n| n.flags & flag::DEMONYM != 0)
        .flat_map(|n| {
            let f = fold::fold(&n.name);
            let first = f.split(' ').next().unwrap_or("").to_string();
            [f, first]
        })
        .filter(|w| !w.is_empty())
        .collect();
    demonym_words.sort();
    demonym_words.dedup();
    fs::write(out.join("demonym_words.txt"), demonym_words.join("\n")).unwrap();

    admin1_populations(&mut places);

    // Places table and key index.
    let mut place_bytes: Vec<u8> = Vec::with_capacity(places.len() * format::PLACE_SIZE);
    let mut label_bytes: Vec<u8> = Vec::new();
    let mut label_count = 0u32;
    for (pi, p) in places.iter().enumerate() {
        let stands_for = if p.stands_for.is_empty() {
            NO_PLACE
        } else {
            *index.get(&p.stands_for).unwrap_or_else(|| {
                println!(
                    "cargo:warning={}: stands_for {} unknown",
                    p.key, p.stands_for
                );
                &NO_PLACE
            })
        };
        let mut list = std::mem::take(&mut labels[pi]);
        list.sort();
        let labels_start = label_count;
        for (l, f, s) in &list {
            label_bytes.extend_from_slice(&l.to_le_bytes());
            label_bytes.extend_from_slice(&f.to_le_bytes());
            label_bytes.extend_from_slice(&s.to_le_bytes());
        }
        label_count += list.len() as u32;
        let fields: [u32; 10] = [
            strings.add(&p.key),
            strings.add(&p.name_en),
            strings.add(&p.admin1),
            p.geonames_id,
            p.lat.to_bits(),
            p.lon.to_bits(),
            p.population,
            stands_for,
            labels_start,
            list.len() as u32,
        ];
        for f in fields {
            place_bytes.extend_from_slice(&f.to_le_bytes());
        }
        place_bytes.extend_from_slice(&[p.kind, p.capital as u8, p.country[0], p.country[1]]);
    }
    let mut keys: Vec<(&str, u32)> = places
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key.as_str(), i as u32))
        .collect();
    keys.sort();
    let mut keys_build = fst::MapBuilder::memory();
    for (k, i) in keys {
        keys_build.insert(k.as_bytes(), i as u64).unwrap();
    }

    // Dictionary words, keyed "lang\tword" (folded), for telling everyday
    // words from names.
    if let Some(t) = Tsv::optional(&generated.join("dictionary.tsv.gz")) {
        let mut words: Vec<String> = t
            .rows
            .iter()
            .map(|r| format!("{}\t{}", t.get(r, "lang"), fold::fold(t.get(r, "word"))))
            .collect();
        words.sort();
        words.dedup();
        let mut b = fst::SetBuilder::memory();
        for w in &words {
            b.insert(w).unwrap();
        }
        fs::write(out.join("dictionary.fst"), b.into_inner().unwrap()).unwrap();
    } else {
        fs::write(
            out.join("dictionary.fst"),
            fst::SetBuilder::memory().into_inner().unwrap(),
        )
        .unwrap();
    }
    fs::write(out.join("names.fst"), names_fst).unwrap();
    fs::write(out.join("keys.fst"), keys_build.into_inner().unwrap()).unwrap();
    fs::write(out.join("postings.bin"), postings).unwrap();
    fs::write(out.join("places.bin"), place_bytes).unwrap();
    fs::write(out.join("labels.bin"), label_bytes).unwrap();
    fs::write(out.join("strings.bin"), strings.bytes).unwrap();
    fs::write(out.join("langs.txt"), langs.join("\n")).unwrap();
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/text/fold.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/format.rs");
    println!("cargo:rerun-if-changed=src/date.rs");
}
