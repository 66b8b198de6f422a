//! Dates written in article text: "14 September 2022", "يومي 15 و16
//! سبتمبر", "2022年9月14日", "on Wednesday", "tomorrow". Month and weekday
//! names come from `data/lang/calendar.tsv`.

use std::sync::OnceLock;

use crate::date::{Date, civil_from_days};
use crate::hash::FastMap;
use crate::text::fold;
use crate::text::tokens::Token;

static CALENDAR: &str = include_str!("../../data/lang/calendar.tsv");

/// How much of a date the text gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date expression in the text: tokens `start..end`, the days it names
/// (two for "15 and 16 September"; the first day of the month or year
/// when that is all it gives).
#[derive(Clone, Debug, PartialEq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub dates: Vec<Date>,
    pub precision: Precision,
    /// Whether the text wrote the year (a dateline's date does).
    pub has_year: bool,
    /// Read from a weekday's name: the nearest such day, maybe a week off.
    pub weekday: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Name {
    Month(u32),
    Weekday(u32),
    Relative(i32),
}

/// Date expressions of one text in one language (see [`Calendar::reader`]).
pub struct DateReader<'c, 't, 'a> {
    cal: &'c Calendar,
    tokens: &'t [Token<'a>],
    lang: Tables<'c>,
    /// Whether each token is a number or a calendar name: only those can
    /// begin a date.
    starts: Vec<bool>,
}

impl DateReader<'_, '_, '_> {
    /// Every date expression, with `article` (the article's date) to place
    /// weekdays, relative days and dates without a year.
    pub fn find(&self, article: Option<Date>) -> Vec<DateMention> {
        let mut out = Vec::new();
        self.scan(self.tokens.len(), article, |m| {
            out.push(m);
            true
        });
        out
    }

    /// The first date expression among the first `limit` tokens that
    /// `wanted` accepts.
    pub fn find_first(
        &self,
        limit: usize,
        article: Option<Date>,
        wanted: impl Fn(&DateMention) -> bool,
    ) -> Option<DateMention> {
        let mut found = None;
        self.scan(limit, article, |m| {
            if wanted(&m) {
                found = Some(m);
                return false;
            }
            true
        });
        found
    }

    /// Reads date expressions left to right, beginning before token
    /// `limit`, handing each to `each` until it says stop.
    fn scan(&self, limit: usize, article: Option<Date>, mut each: impl FnMut(DateMention) -> bool) {
        let tokens = &self.tokens[..limit.min(self.tokens.len())];
        let mut i = 0;
        while i < tokens.len() {
            if !self.starts[i] {
                i += 1;
                continue;
            }
            match self.cal.read_at(tokens, i, &self.lang, article) {
                Some(m) => {
                    i = m.end.max(i + 1);
                    if !each(m) {
                        return;
                    }
                }
                None => i += 1,
            }
        }
    }
}

/// The names of one language, for one scan of a text.
struct Tables<'c> {
    names: Option<&'c FastMap<String, Name>>,
    firsts: Option<&'c FastMap<String, ()>>,
    arabic: bool,
}

/// Month, weekday and relative-day names by language.
#[derive(Debug, Default)]
pub struct Calendar {
    /// By language, folded words → name; names may be two words
    /// ("كانون الثاني", "ce soir").
    names: FastMap<String, FastMap<String, Name>>,
    /// By language, the first words of two-word names: only after one of
    /// them is a two-word name looked up.
    firsts: FastMap<String, FastMap<String, ()>>,
    /// Month names to write dates with, by language.
    months: FastMap<String, [String; 12]>,
}

impl Calendar {
    /// The calendar shipped with tripmap.
    pub fn embedded() -> &'static Calendar {
        static C: OnceLock<Calendar> = OnceLock::new();
        C.get_or_init(|| Calendar::parse(CALENDAR))
    }

    /// Reads the calendar file format (see `data/lang/calendar.tsv`).
    pub fn parse(tsv: &str) -> Calendar {
        let mut cal = Calendar::default();
        for line in tsv.lines() {
            if line.starts_with('#') || line.starts_with("lang\t") || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [lang, kind, index, forms] = cols[..] else {
                continue;
            };
            let Ok(index) = index.parse::<i32>() else {
                continue;
            };
            let name = match kind {
                "month" if (1..=12).contains(&index) => Name::Month(index as u32),
                "weekday" if (1..=7).contains(&index) => Name::Weekday(index as u32),
                "relative" => Name::Relative(index),
                _ => continue,
            };
            for (k, form) in forms.split(';').map(str::trim).enumerate() {
                let words: Vec<String> =
                    fold(form).split_whitespace().map(str::to_string).collect();
                if words.len() > 1 {
                    cal.firsts
                        .entry(lang.to_string())
                        .or_default()
                        .insert(words[0].clone(), ());
                }
                cal.names
                    .entry(lang.to_string())
                    .or_default()
                    .insert(words.join(" "), name);
                if k == 0
                    && let Name::Month(m) = name
                {
                    cal.months.entry(lang.to_string()).or_default()[m as usize - 1] =
                        form.to_string();
                }
            }
        }
        cal
    }

    /// The name of month `m` (1–12) in `lang`, if the calendar has it.
    pub fn month_name(&self, lang: &str, m: u32) -> Option<&str> {
        let name = self.months.get(lang)?.get(m.checked_sub(1)? as usize)?;
        (!name.is_empty()).then_some(name.as_str())
    }

    /// The name at token `i`, one or two words long, with its end.
    fn name_at(&self, tokens: &[Token<'_>], i: usize, lang: &Tables<'_>) -> Option<(Name, usize)> {
        let names = lang.names?;
        let word: &str = &tokens[i].folded;
        if let Some(next) = tokens.get(i + 1)
            && !next.sentence_start
            && lang.firsts.is_some_and(|f| f.contains_key(word))
        {
            let two = format!("{word} {}", next.folded);
            if let Some(&n) = names.get(&two) {
                return Some((n, i + 2));
            }
        }
        if let Some(&n) = names.get(word) {
            return Some((n, i + 1));
        }
        // Arabic prefixes: و ف ب ل and the article.
        if lang.arabic {
            for p in ["و", "ف", "ب", "ل", "ال", "وال", "بال", "في"] {
                if let Some(rest) = word.strip_prefix(p)
                    && rest.chars().count() >= 3
                    && let Some(&n) = names.get(rest)
                {
                    return Some((n, i + 1));
                }
            }
        }
        None
    }

    /// One language's names, looked up once per scan rather than per token.
    fn tables(&self, lang: &str) -> Tables<'_> {
        Tables {
            names: self.names.get(lang),
            firsts: self.firsts.get(lang),
            arabic: lang == "ar",
        }
    }

    /// Every date expression of `tokens`, read in `lang`, with `article`
    /// (the article's date) to place weekdays, relative days and dates
    /// without a year.
    pub fn find(
        &self,
        tokens: &[Token<'_>],
        lang: &str,
        article: Option<Date>,
    ) -> Vec<DateMention> {
        self.reader(tokens, lang).find(article)
    }

    /// A reader of `tokens` in `lang`, for reading them several times
    /// (with and without the article's date): which tokens can begin a
    /// date is worked out once.
    pub fn reader<'c, 't, 'a>(
        &'c self,
        tokens: &'t [Token<'a>],
        lang: &str,
    ) -> DateReader<'c, 't, 'a> {
        let lang = self.tables(lang);
        let starts = (0..tokens.len())
            .map(|i| {
                number(&tokens[i].folded).is_some() || self.name_at(tokens, i, &lang).is_some()
            })
            .collect();
        DateReader {
            cal: self,
            tokens,
            lang,
            starts,
        }
    }
    fn read_at(
        &self,
        tokens: &[Token<'_>],
        i: usize,
        lang: &Tables<'_>,
        article: Option<Date>,
    ) -> Option<DateMention> {
        let tok = &tokens[i];
        // Chinese and Japanese: 2022年9月14日, 9月14日, 15日, 9月.
        let value = number(&tok.folded);
        if value.is_some() {
            let unit = tokens.get(i + 1).map(|t| t.text);
            if matches!(unit, Some("年" | "月" | "日" | "号")) {
                return cjk_date(tokens, i, article);
            }
        }
        if let Some(n) = value {
            // Days, then a month name: "15 and 16 September 2022".
            let mut days = vec![n];
            let mut j = i + 1;
            while let Some(t) = tokens.get(j) {
                if t.sentence_start && !tokens[j - 1].dotted {
                    break;
                }
                if let Some(d) = number(&t.folded).filter(|d| (1..=31).contains(d)) {
                    days.push(d);
                    j += 1;
                } else if is_joiner(&t.folded) {
                    j += 1;
                } else {
                    break;
                }
            }
            // Spanish "15 de septiembre".
            if tokens.get(j).is_some_and(|t| &*t.folded == "de") {
                j += 1;
            }
            if days.iter().all(|d| (1..=31).contains(d))
                && let Some((Name::Month(m), mut end)) = tokens
                    .get(j)
                    .filter(|t| !t.sentence_start || tokens[j - 1].dotted)
                    .and_then(|_| self.name_at(tokens, j, lang))
            {
                end = self.skip_second_month(tokens, end, lang);
                let (year, end) = year_after(tokens, end);
                return build(days, m, year, article, i, end);
            }
            if (1000..=2100).contains(&n) {
                return Some(DateMention {
                    start: i,
                    end: i + 1,
                    dates: Date::from_ymd(n as i32, 1, 1).into_iter().collect(),
                    precision: Precision::Year,
                    has_year: true,
                    weekday: false,
                });
            }
            return None;
        }
        let (name, end) = self.name_at(tokens, i, lang)?;
        match name {
            Name::Month(m) => {
                let end = self.skip_second_month(tokens, end, lang);
                // "September 14, 2022" and "September 15 and 16".
                let mut days = Vec::new();
                let mut j = end;
                while let Some(t) = tokens.get(j) {
                    if t.sentence_start {
                        break;
                    }
                    match number(&t.folded) {
                        Some(d) if (1..=31).contains(&d) => {
                            days.push(d);
                            j += 1;
                        }
                        _ if !days.is_empty() && is_joiner(&t.folded) => j += 1,
                        _ => break,
                    }
                }
                let j = if days.is_empty() { end } else { j };
                let (year, end) = year_after(tokens, j);
                if days.is_empty() {
                    let y = year.or_else(|| article.map(|a| nearest_year(a, m, 1)))?;
                    return Some(DateMention {
                        start: i,
                        end,
                        dates: Date::from_ymd(y, m, 1).into_iter().collect(),
                        precision: Precision::Month,
                        has_year: year.is_some(),
                        weekday: false,
                    });
                }
                build(days, m, year, article, i, end)
            }
            Name::Weekday(w) => {
                let a = article?;
                // The day of that name nearest the article's date.
                let today = weekday(a) as i32;
                let mut diff = w as i32 - today;
                if diff > 3 {
                    diff -= 7;
                } else if diff < -3 {
                    diff += 7;
                }
                Some(DateMention {
                    start: i,
                    end,
                    dates: vec![Date(a.0 + diff)],
                    precision: Precision::Day,
                    has_year: false,
                    weekday: true,
                })
            }
            Name::Relative(k) => {
                let a = article?;
                Some(DateMention {
                    start: i,
                    end,
                    dates: vec![Date(a.0 + k)],
                    precision: Precision::Day,
                    has_year: false,
                    weekday: false,
                })
            }
        }
    }

    /// "سبتمبر/أيلول": the same month in a second calendar's name.
    fn skip_second_month(&self, tokens: &[Token<'_>], end: usize, lang: &Tables<'_>) -> usize {
        match tokens.get(end).filter(|t| !t.sentence_start) {
            Some(_) => match self.name_at(tokens, end, lang) {
                Some((Name::Month(_), e)) => e,
                _ => end,
            },
            None => end,
        }
    }
}

/// Words that join days in a list: "15 and 16", "15 و16" (the و is read
/// with the number), "15–16" (the dash is no token).
fn is_joiner(w: &str) -> bool {
    matches!(
        w,
        "and" | "et" | "y" | "und" | "и" | "و" | "to" | "au" | "al" | "bis" | "по"
    )
}

/// The value of a token made of digits (ASCII or Arabic-Indic), with an
/// Arabic conjunction before it allowed ("و16").
fn number(word: &str) -> Option<u32> {
    let word = word.strip_prefix('و').unwrap_or(word);
    // Four digits at most, of two bytes at most each.
    if word.is_empty() || word.len() > 8 || word.chars().count() > 4 {
        return None;
    }
    let mut n = 0u32;
    for c in word.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
            '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
            _ => return None,
        };
        n = n * 10 + d;
    }
    Some(n)
}

/// A year right after a date ("2022", "de 2022", "2022 года").
fn year_after(tokens: &[Token<'_>], mut j: usize) -> (Option<i32>, usize) {
    if tokens
        .get(j)
        .is_some_and(|t| &*t.folded == "de" && !t.sentence_start)
    {
        j += 1;
    }
    match tokens
        .get(j)
        .filter(|t| !t.sentence_start)
        .and_then(|t| number(&t.folded))
    {
        Some(y) if (1000..=2100).contains(&y) => (Some(y as i32), j + 1),
        _ => (None, j),
    }
}

/// The year that puts month `m`, day `d` nearest the article's date, a
/// little more willing to look back (news reports what happened) than
/// ahead.
fn nearest_year(article: Date, m: u32, d: u32) -> i32 {
    let (y, _, _) = civil_from_days(article.0);
    (y - 1..=y + 1)
        .filter_map(|yy| Date::from_ymd(yy, m, d.min(28)).map(|dt| (yy, dt.0 - article.0)))
        .min_by_key(|&(_, diff)| if diff > 0 { diff * 3 } else { -diff })
        .map_or(y, |(yy, _)| yy)
}

fn build(
    days: Vec<u32>,
    m: u32,
    year: Option<i32>,
    article: Option<Date>,
    start: usize,
    end: usize,
) -> Option<DateMention> {
    let y = year.or_else(|| article.map(|a| nearest_year(a, m, days[0])))?;
    let dates: Vec<Date> = days
        .iter()
        .filter_map(|&d| Date::from_ymd(y, m, d))
        .collect();
    if dates.is_empty() {
        return None;
    }
    Some(DateMention {
        start,
        end,
        dates,
        precision: Precision::Day,
        has_year: year.is_some(),
        weekday: false,
    })
}

/// 1 = Monday ... 7 = Sunday.
fn weekday(d: Date) -> u32 {
    // 1970-01-01 was a Thursday.
    ((d.0 as i64 + 3).rem_euclid(7) + 1) as u32
}

/// Reads a Chinese or Japanese date beginning at token `i` (a number).
fn cjk_date(tokens: &[Token<'_>], i: usize, article: Option<Date>) -> Option<DateMention> {
    let (mut y, mut m, mut d) = (None, None, None);
    let mut j = i;
    while let (Some(n), Some(unit)) = (
        tokens.get(j).and_then(|t| number(&t.folded)),
        tokens.get(j + 1).map(|t| t.text),
    ) {
        match unit {
            "年" if y.is_none() && m.is_none() && d.is_none() => y = Some(n as i32),
            "月" if m.is_none() && d.is_none() && (1..=12).contains(&n) => m = Some(n),
            "日" | "号" if d.is_none() && (1..=31).contains(&n) => d = Some(n),
            _ => break,
        }
        j += 2;
        if d.is_some() {
            break;
        }
    }
    if j == i {
        return None;
    }
    let (precision, dates) = match (y, m, d) {
        (Some(y), None, None) => (Precision::Year, Date::from_ymd(y, 1, 1)),
        (y, Some(m), None) => {
            let y = y.or_else(|| article.map(|a| nearest_year(a, m, 1)))?;
            (Precision::Month, Date::from_ymd(y, m, 1))
        }
        (y, m, Some(d)) => {
            let (ay, am, ad) = match article {
                Some(a) => civil_from_days(a.0),
                None => (y?, m?, d),
            };
            let m = m.unwrap_or(if d > ad + 7 {
                if am == 1 { 12 } else { am - 1 }
            } else {
                am
            });
            let y = match y {
                Some(y) => y,
                None if m > am + 1 => ay - 1,
                None => ay,
            };
            (Precision::Day, Date::from_ymd(y, m, d))
        }
        _ => return None,
    };
    Some(DateMention {
        start: i,
        end: j,
        dates: dates.into_iter().collect(),
        precision,
        has_year: y.is_some(),
        weekday: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;

    fn dates(text: &str, lang: &str, article: Option<&str>) -> Vec<Vec<String>> {
        let tokens = tokenize(text);
        let a = article.map(|s| Date::parse(s).unwrap());
        Calendar::embedded()
            .find(&tokens, lang, a)
            .into_iter()
            .map(|m| m.dates.iter().map(|d| d.to_string()).collect())
            .collect()
    }

    #[test]
    fn day_month_year_in_several_languages() {
        assert_eq!(
            dates("NAIROBI, 18 October 2022 — The", "en", None),
            [["2022-10-18"]]
        );
        assert_eq!(dates("on September 14, 2022", "en", None), [["2022-09-14"]]);
        assert_eq!(
            dates("PRISTINA, 26. März 2019 —", "de", None),
            [["2019-03-26"]]
        );
        assert_eq!(
            dates("el 30 de noviembre de 2018", "es", None),
            [["2018-11-30"]]
        );
        assert_eq!(dates("17 апреля 2023 года", "ru", None), [["2023-04-17"]]);
        assert_eq!(
            dates("نور سلطان، 14 سبتمبر/أيلول 2022 —", "ar", None),
            [["2022-09-14"]]
        );
        assert_eq!(dates("2015年5月22日——", "zh", None), [["2015-05-22"]]);
    }

    #[test]
    fn day_lists_and_missing_years() {
        assert_eq!(
            dates("يومي 15 و16 سبتمبر/أيلول في", "ar", Some("2022-09-14")),
            [["2022-09-15", "2022-09-16"]]
        );
        assert_eq!(
            dates("on 15 and 16 September", "en", Some("2022-09-14")),
            [["2022-09-15", "2022-09-16"]]
        );
        // A month without a year: the nearest one, looking back.
        assert_eq!(
            dates("since February", "en", Some("2022-10-18")),
            [["2022-02-01"]]
        );
        assert_eq!(dates("21日晚", "zh", Some("2015-05-22")), [["2015-05-21"]]);
    }

    #[test]
    fn weekdays_and_relative_days_need_the_article_date() {
        // 2022-10-18 was a Tuesday.
        assert_eq!(
            dates("on Monday", "en", Some("2022-10-18")),
            [["2022-10-17"]]
        );
        assert_eq!(
            dates("on Thursday", "en", Some("2022-10-18")),
            [["2022-10-20"]]
        );
        assert_eq!(
            dates("غداً الثلاثاء", "ar", Some("2021-04-19")),
            [["2021-04-20"], ["2021-04-20"]]
        );
        assert!(dates("on Monday", "en", None).is_empty());
    }
}
