//! Outlines of countries and admin-1 regions, for drawing maps: the
//! Natural Earth polygons of `data/generated/*.geojson`, embedded in the
//! binary and each parsed on first use (a geoparse-only run never pays for
//! them, a map only for the outlines it draws).

use std::collections::HashMap;
use std::sync::OnceLock;

use geo::{MultiPolygon, Polygon};

static COUNTRIES_50M: &str = include_str!("../../data/generated/countries-50m.geojson");
static COUNTRIES_110M: &str = include_str!("../../data/generated/countries-110m.geojson");
static ADMIN1: &str = include_str!("../../data/generated/admin1.geojson");
static REPAIRS: &str = include_str!("../../data/curated/outline_repairs.txt");

/// How detailed an outline should be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Natural Earth 1:110m, for world maps and inset globes.
    World,
    /// Natural Earth 1:50m, for regional maps.
    Regional,
}

/// An outline's feature line in the embedded file, read, cut at the
/// antimeridian and, if listed in `data/curated/outline_repairs.txt`,
/// repaired when first asked for.
struct Entry {
    line: &'static str,
    repair: bool,
    checked: OnceLock<Option<MultiPolygon<f64>>>,
}

impl Entry {
    fn get(&self) -> Option<&MultiPolygon<f64>> {
        self.checked
            .get_or_init(|| read_feature(self.line).map(|mp| repaired(mp, self.repair)))
            .as_ref()
    }
}

type Outlines = HashMap<&'static str, Entry>;

/// Indexes an embedded FeatureCollection by the features' `key` property
/// without parsing their geometry: a map needs a handful of the 4,600
/// admin-1 outlines, and reading them all cost a batch's first article
/// 60 ms. The files are built by `data/build.py` with one feature per line
/// and checked by the tests.
fn index(geojson: &'static str, table: &str) -> Outlines {
    const KEY: &str = "\"key\":\"";
    let repairs: std::collections::HashSet<&str> = REPAIRS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.strip_prefix(table)?.strip_prefix(':'))
        .collect();
    let mut out = Outlines::new();
    for line in geojson.lines() {
        let line = line.trim_end().trim_end_matches(',');
        if !line.starts_with("{\"type\":\"Feature\"") {
            continue;
        }
        let Some(at) = line.find(KEY) else { continue };
        let rest = &line[at + KEY.len()..];
        let Some(end) = rest.find('"') else { continue };
        let key = &rest[..end];
        out.insert(
            key,
            Entry {
                line,
                repair: repairs.contains(key),
                checked: OnceLock::new(),
            },
        );
    }
    out
}

/// The polygons of one feature line; `None` for a feature without an
/// areal geometry.
fn read_feature(line: &str) -> Option<MultiPolygon<f64>> {
    let f: geojson::Feature = line.parse().ok()?;
    match geo::Geometry::<f64>::try_from(f.geometry?).ok()? {
        geo::Geometry::Polygon(p) => Some(MultiPolygon::new(vec![p])),
        geo::Geometry::MultiPolygon(mp) => Some(mp),
        _ => None,
    }
}

/// The sources hold a few self-intersecting rings (Russia's Yamal coast,
/// Fiji at the antimeridian, some admin-1 coasts): an overlay with nothing
/// rebuilds them as valid polygons, so that every outline tripmap writes
/// passes GDAL's validity check. Valid outlines are kept as they are.
fn repaired(mp: MultiPolygon<f64>, repair: bool) -> MultiPolygon<f64> {
    use geo::BooleanOps;
    let mp = cut_at_antimeridian(mp);
    if !repair {
        return mp;
    }
    let fixed = mp.union(&MultiPolygon::new(Vec::new()));
    if fixed.0.is_empty() { mp } else { fixed }
}

/// Rings that jump from one side of the antimeridian to the other (Russia's
/// Chukotka, Fiji) are, read as flat coordinates, lines across the whole
/// world. Such a polygon is unwrapped into continuous longitudes, cut at
/// ±180 and the pieces beyond shifted back, as RFC 7946 asks.
fn cut_at_antimeridian(mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    use geo::{BooleanOps, Coord, LineString, MapCoords};
    let crosses = |ls: &LineString<f64>| ls.0.windows(2).any(|w| (w[1].x - w[0].x).abs() > 180.0);
    if !mp
        .0
        .iter()
        .any(|p| crosses(p.exterior()) || p.interiors().iter().any(crosses))
    {
        return mp;
    }
    let unwrap = |ls: &LineString<f64>| {
        let mut offset = 0.0;
        let mut prev: Option<f64> = None;
        let pts: Vec<Coord<f64>> =
            ls.0.iter()
                .map(|c| {
                    if let Some(p) = prev {
                        if c.x - p > 180.0 {
                            offset -= 360.0;
                        } else if p - c.x > 180.0 {
                            offset += 360.0;
                        }
                    }
                    prev = Some(c.x);
                    Coord {
                        x: c.x + offset,
                        y: c.y,
                    }
                })
                .collect();
        LineString::new(pts)
    };
    let window = |x0: f64| {
        Polygon::new(
            LineString::from(vec![
                (x0, -90.0),
                (x0 + 360.0, -90.0),
                (x0 + 360.0, 90.0),
                (x0, 90.0),
                (x0, -90.0),
            ]),
            vec![],
        )
    };
    let mut out: Vec<Polygon<f64>> = Vec::new();
    for poly in mp.0 {
        if !crosses(poly.exterior()) && !poly.interiors().iter().any(crosses) {
            out.push(poly);
            continue;
        }
        let unwrapped = Polygon::new(
            unwrap(poly.exterior()),
            poly.interiors().iter().map(unwrap).collect(),
        );
        for shift in [-360.0, 0.0, 360.0] {
            let piece = unwrapped.intersection(&window(-180.0 + shift));
            for p in piece.0 {
                out.push(p.map_coords(|c| Coord {
                    x: c.x - shift,
                    y: c.y,
                }));
            }
        }
    }
    MultiPolygon::new(out)
}

fn table(which: &'static str) -> &'static Outlines {
    static C50: OnceLock<Outlines> = OnceLock::new();
    static C110: OnceLock<Outlines> = OnceLock::new();
    static A1: OnceLock<Outlines> = OnceLock::new();
    match which {
        "50m" => C50.get_or_init(|| index(COUNTRIES_50M, "50m")),
        "110m" => C110.get_or_init(|| index(COUNTRIES_110M, "110m")),
        _ => A1.get_or_init(|| index(ADMIN1, "admin1")),
    }
}

/// The outline of a country or territory by its key (`C:KZ`), or `None`
/// for the few territories Natural Earth draws as part of another.
///
/// ```
/// use tripmap::gazetteer::outline::{country, Detail};
/// use geo::{Contains, Point};
/// let kz = country("C:KZ", Detail::Regional).unwrap();
/// assert!(kz.contains(&Point::new(71.45, 51.18))); // Astana
/// ```
pub fn country(key: &str, detail: Detail) -> Option<&'static MultiPolygon<f64>> {
    table(match detail {
        Detail::World => "110m",
        Detail::Regional => "50m",
    })
    .get(key)
    .and_then(Entry::get)
}

/// The outline of an admin-1 region by its key (`A:CN.13`), simplified for
/// regional maps; `None` for regions the sources give no outline.
pub fn admin1(key: &str) -> Option<&'static MultiPolygon<f64>> {
    table("admin1").get(key).and_then(Entry::get)
}

/// Every country outline at a level of detail, for drawing a basemap.
pub fn all_countries(
    detail: Detail,
) -> impl Iterator<Item = (&'static str, &'static MultiPolygon<f64>)> {
    table(match detail {
        Detail::World => "110m",
        Detail::Regional => "50m",
    })
    .iter()
    .filter_map(|(k, v)| Some((*k, v.get()?)))
}

/// The polygons of an outline, for callers that draw ring by ring.
pub fn polygons(mp: &MultiPolygon<f64>) -> &[Polygon<f64>] {
    &mp.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Contains, Point};

    #[test]
    fn outlines_hold_their_capitals() {
        for (key, lon, lat) in [
            ("C:UZ", 69.24, 41.31),
            ("C:CN", 116.40, 39.90),
            ("C:MM", 96.13, 19.75),
        ] {
            for detail in [Detail::World, Detail::Regional] {
                let mp = country(key, detail).unwrap_or_else(|| panic!("{key}"));
                assert!(mp.contains(&Point::new(lon, lat)), "{key} {detail:?}");
            }
        }
        let xj = admin1("A:CN.13").expect("Xinjiang");
        assert!(xj.contains(&Point::new(87.6, 43.8))); // Ürümqi
    }

    #[test]
    fn every_outline_is_valid() {
        use geo::Validation;
        for detail in [Detail::World, Detail::Regional] {
            for (key, mp) in all_countries(detail) {
                assert!(mp.is_valid(), "{key} {detail:?}");
            }
        }
        for (key, e) in table("admin1") {
            assert!(e.get().expect("an areal feature").is_valid(), "{key}");
        }
    }

    #[test]
    fn every_country_with_a_polygon_is_counter_clockwise_and_nonempty() {
        let n = all_countries(Detail::Regional).count();
        assert!(n > 230, "{n} outlines");
        for (key, mp) in all_countries(Detail::World) {
            // RFC 7946 winding: exterior rings counter-clockwise, so the
            // signed area of each polygon is positive.
            for p in polygons(mp) {
                assert!(p.signed_area() > 0.0, "{key}");
            }
        }
    }
}
