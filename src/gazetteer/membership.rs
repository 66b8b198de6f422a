//! Organisations' members over time, from `data/curated/memberships.tsv`.

use std::collections::HashMap;

use serde::Serialize;

use super::{Gazetteer, PlaceId};
use crate::date::Date;

/// One spell of one country's membership of an organisation.
#[derive(Clone, Debug, Serialize)]
pub struct Member {
    pub country: &'static str,
    pub joined: Option<Date>,
    pub left: Option<Date>,
    /// `member`, `observer`, `partner`, ...
    pub status: &'static str,
}

impl Member {
    /// Whether this spell covers `date` (the joining day included, the
    /// leaving day excluded).
    pub fn active_on(&self, date: Date) -> bool {
        self.joined.is_none_or(|j| j <= date) && self.left.is_none_or(|l| date < l)
    }
}

/// Members of every organisation, keyed by the organisation's place.
#[derive(Default)]
pub struct Memberships {
    by_org: HashMap<PlaceId, Vec<Member>>,
}

/// A partial date (`YYYY`, `YYYY-MM`) counts from its first day.
fn loose_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut p = s.split('-').map(|x| x.parse::<u32>().ok());
    let y = p.next().flatten()? as i32;
    let m = p.next().flatten().unwrap_or(1);
    let d = p.next().flatten().unwrap_or(1);
    Date::from_ymd(y, m, d)
}

impl Memberships {
    /// Parses the curated TSV (header `org country joined left status ...`).
    /// Lines naming an unknown organisation are skipped: the build already
    /// warns about them.
    pub(super) fn parse(tsv: &'static str, gaz: &Gazetteer) -> Memberships {
        let mut lines = tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
        let Some(header) = lines.next() else {
            return Memberships::default();
        };
        let col = |name: &str| header.split('\t').position(|c| c.trim() == name);
        let (Some(org), Some(country), Some(joined), Some(left)) =
            (col("org"), col("country"), col("joined"), col("left"))
        else {
            return Memberships::default();
        };
        let status = col("status");
        let mut by_org: HashMap<PlaceId, Vec<Member>> = HashMap::new();
        for line in lines {
            let f: Vec<&'static str> = line.split('\t').map(str::trim).collect();
            let get = |i: usize| f.get(i).copied().unwrap_or("");
            let Some(id) = gaz.by_key(&format!("O:{}", get(org))) else {
                continue;
            };
            by_org.entry(id).or_default().push(Member {
                country: get(country),
                joined: loose_date(get(joined)),
                left: loose_date(get(left)),
                status: status
                    .map(get)
                    .filter(|s| !s.is_empty())
                    .unwrap_or("member"),
            });
        }
        Memberships { by_org }
    }

    /// Every membership spell of an organisation, as curated.
    pub fn all(&self, org: PlaceId) -> &[Member] {
        self.by_org.get(&org).map_or(&[], Vec::as_slice)
    }

    /// ISO alpha-2 codes of the full members on `date`, sorted, each once.
    pub fn members_on(&self, org: PlaceId, date: Date) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self
            .all(org)
            .iter()
            .filter(|m| m.status == "member" && m.active_on(date))
            .map(|m| m.country)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}
