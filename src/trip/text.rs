//! The words tripmap writes on a map, per language, from
//! `data/lang/trip_text.tsv`: titles, lists, dates, legends.

use std::sync::OnceLock;

use crate::date::{Date, civil_from_days};
use crate::hash::FastMap;

use super::calendar::Calendar;

static TRIP_TEXT: &str = include_str!("../../data/lang/trip_text.tsv");

fn table() -> &'static FastMap<(&'static str, &'static str), &'static str> {
    static T: OnceLock<FastMap<(&'static str, &'static str), &'static str>> = OnceLock::new();
    T.get_or_init(|| {
        TRIP_TEXT
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("lang\t"))
            .filter_map(|l| {
                let mut c = l.splitn(3, '\t');
                Some(((c.next()?, c.next()?), c.next()?))
            })
            .collect()
    })
}

/// The text for `key` in `lang`, falling back to English.
pub fn word(lang: &str, key: &str) -> &'static str {
    let t = table();
    t.get(&(lang, key))
        .or_else(|| t.get(&("en", key)))
        .copied()
        .unwrap_or("")
}

/// Whether tripmap has map words for `lang`.
#[cfg(test)]
pub fn knows(lang: &str) -> bool {
    table().contains_key(&(lang, "title"))
}

/// "A, B and C" in `lang`.
pub fn list(lang: &str, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!(
            "{}{}{}",
            init.join(word(lang, "sep")),
            word(lang, "and"),
            last
        ),
    }
}

/// A day as the language writes it.
pub fn date(lang: &str, d: Date) -> String {
    let (y, m, day) = civil_from_days(d.0);
    let cal = Calendar::embedded();
    let month = cal
        .month_name(lang, m)
        .or_else(|| cal.month_name("en", m))
        .unwrap_or("");
    word(lang, "date")
        .replace("{d}", &day.to_string())
        .replace("{month}", month)
        .replace("{m}", &m.to_string())
        .replace("{y}", &y.to_string())
}

/// A span of days: one day, or "from – to".
pub fn date_range(lang: &str, from: Date, to: Date) -> String {
    if from == to {
        return date(lang, from);
    }
    word(lang, "range")
        .replace("{from}", &date(lang, from))
        .replace("{to}", &date(lang, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_dates_per_language() {
        let items: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
        assert_eq!(list("en", &items), "A, B and C");
        assert_eq!(list("ar", &items[1..]), "B وC");
        assert_eq!(list("zh", &items), "A、B和C");
        let d = Date::parse("2022-09-14").unwrap();
        assert_eq!(date("en", d), "14 September 2022");
        assert_eq!(date("zh", d), "2022年9月14日");
        assert_eq!(date("ru", d), "14 сентября 2022 г.");
        assert_eq!(date("xx", d), "14 September 2022");
        for lang in ["ar", "en", "fr", "es", "de", "ru", "zh"] {
            assert!(knows(lang), "{lang}");
        }
    }
}
