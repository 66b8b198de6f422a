//! A QGIS 3 project of a trip map: the contract GeoJSON split into one
//! file per layer, and a `.qgs` project that styles them like the SVG map.
//!
//! QGIS shows a single geometry type per GeoJSON layer, so the contract's
//! mixed FeatureCollection is written as up to five files next to the
//! project, each a valid RFC 7946 FeatureCollection:
//!
//! | file                          | features                               |
//! | ----------------------------- | -------------------------------------- |
//! | `<stem>.countries.geojson`    | the basemap: countries near the extent |
//! | `<stem>.members.geojson`      | `member` polygons (shaded states)      |
//! | `<stem>.areas.geojson`        | `area` polygons (outlined regions)     |
//! | `<stem>.legs.geojson`         | `leg` lines                            |
//! | `<stem>.places.geojson`       | `place` points of role origin, stop, context |
//!
//! Places of role `mention` are left out, as the SVG map leaves them out:
//! they are still in the contract GeoJSON. A layer with no feature is not
//! written and not in the project.
//!
//! The project (`<stem>.qgs`) refers to its layers by relative path
//! (`./<stem>.legs.geojson`), so the folder can be moved or zipped as a
//! whole. Layers are in EPSG:4326; the project CRS is the map spec's
//! projection as a PROJ string on a sphere (`+proj=laea`, `aea`, `eqearth`
//! or `ortho`), its default view the spec's extent, so QGIS opens on the
//! map the SVG draws. On Equal Earth and Albers maps the layers' polygons
//! and legs are also cut at the meridian opposite the central one, where
//! QGIS would otherwise draw them as bands across the whole map (the
//! contract GeoJSON is cut at the antimeridian only). Styling follows the
//! SVG: members filled with `style.highlight`, regions outlined with a
//! dashed line, legs in `style.route` with an arrowhead, places by role
//! (origin a dark square, stops red circles, other places small grey dots,
//! countries and regions a label only), labels on `name`.
//!
//! Text from the article (the title, names) is escaped:
//! the project holds no expression, macro or script built from it.
//! The output is deterministic: the same spec gives the same bytes.

use std::fmt::Write as _;

use geo::{BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Rect};
use geojson::{Feature, FeatureCollection, GeometryValue, JsonObject, JsonValue};
use serde_json::json;

use crate::carto::projection::Projection;
use crate::gazetteer::outline::{self, Detail};
use crate::render::geojson::{area_geometry, collection};
use crate::trip::spec::{Extent, MapSpec};

/// The sphere radius of the project CRS, in metres (the mean Earth
/// radius): the SVG's projections are spherical too.
pub const SPHERE_RADIUS_M: f64 = 6_371_008.8;

/// The colour of the origin's symbol (as in the contract GeoJSON).
const ORIGIN_COLOUR: &str = "#1f3b57";
/// The colour of context places' symbols.
const CONTEXT_COLOUR: &str = "#6b6b6b";
/// The outline colour of regions (as in the SVG map).
const AREA_COLOUR: &str = "#7a4f9a";

/// Context places of these types are labelled without a symbol, as on the
/// SVG map.
const BIG_PLACE_TYPES: [&str; 4] = ["country", "admin1", "region", "continent"];

/// The kinds of layer, bottom to top.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Countries,
    Members,
    Areas,
    Legs,
    Places,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Countries,
        Kind::Members,
        Kind::Areas,
        Kind::Legs,
        Kind::Places,
    ];

    /// The file name's part between the stem and `.geojson`.
    fn suffix(self) -> &'static str {
        match self {
            Kind::Countries => "countries",
            Kind::Members => "members",
            Kind::Areas => "areas",
            Kind::Legs => "legs",
            Kind::Places => "places",
        }
    }

    /// The layer's id in the project: fixed, so output is deterministic.
    fn id(self) -> String {
        format!("tripmap_{}", self.suffix())
    }

    /// QGIS's geometry class of the layer.
    fn geometry(self) -> (&'static str, &'static str) {
        match self {
            Kind::Countries | Kind::Members | Kind::Areas => ("Polygon", "MultiPolygon"),
            Kind::Legs => ("Line", "MultiLineString"),
            Kind::Places => ("Point", "Point"),
        }
    }
}

/// One layer: its kind, the name shown in the layers panel and its
/// features.
struct Layer {
    kind: Kind,
    name: String,
    collection: FeatureCollection,
}

/// The files of a QGIS project of `spec`, as (file name, bytes) to write
/// into one folder: the layers' GeoJSON files, bottom layer first, then
/// `<stem>.qgs`.
///
/// Characters of `stem` that QGIS or GDAL read as syntax in a data source
/// (`|`, `?`, `#`, control characters) become `_` in the names of the
/// GeoJSON files; the project file keeps the stem as given (`map` stands
/// for an empty one).
pub fn project(spec: &MapSpec, stem: &str) -> Vec<(String, Vec<u8>)> {
    let data_stem = safe_stem(stem);
    let layers = layers(spec);
    let mut files: Vec<(String, Vec<u8>)> = layers
        .iter()
        .map(|l| {
            let bytes = serde_json::to_vec(&l.collection).unwrap_or_default();
            (file_name(&data_stem, l.kind), bytes)
        })
        .collect();
    let qgs_stem = if stem.is_empty() {
        data_stem.as_str()
    } else {
        stem
    };
    files.push((
        format!("{qgs_stem}.qgs"),
        project_xml(spec, &data_stem, &layers).into_bytes(),
    ));
    files
}

/// The PROJ string of a projection on the sphere of [`SPHERE_RADIUS_M`],
/// metres east and north of the projection's origin.
///
/// ```
/// use tripmap::carto::projection::Projection;
/// use tripmap::render::qgis::proj_string;
/// assert_eq!(
///     proj_string(&Projection::EqualEarth { lon0: 10.5 }),
///     "+proj=eqearth +lon_0=10.5 +x_0=0 +y_0=0 +R=6371008.8 +units=m +no_defs"
/// );
/// ```
pub fn proj_string(p: &Projection) -> String {
    let head = match *p {
        Projection::Laea { lon0, lat0 } => format!("+proj=laea +lat_0={lat0} +lon_0={lon0}"),
        Projection::Albers {
            lon0,
            lat0,
            lat1,
            lat2,
        } => format!("+proj=aea +lat_0={lat0} +lon_0={lon0} +lat_1={lat1} +lat_2={lat2}"),
        Projection::EqualEarth { lon0 } => format!("+proj=eqearth +lon_0={lon0}"),
        Projection::Orthographic { lon0, lat0 } => {
            format!("+proj=ortho +lat_0={lat0} +lon_0={lon0}")
        }
    };
    format!("{head} +x_0=0 +y_0=0 +R={SPHERE_RADIUS_M} +units=m +no_defs")
}

/// `stem` with the characters that QGIS or GDAL parse in a data source
/// replaced by `_`.
fn safe_stem(stem: &str) -> String {
    let s: String = stem
        .chars()
        .map(|c| {
            if matches!(c, '|' | '?' | '#') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() { "map".to_string() } else { s }
}

fn file_name(stem: &str, kind: Kind) -> String {
    format!("{stem}.{}.geojson", kind.suffix())
}

/// The map's extent, or the world the SVG falls back to.
fn extent_of(spec: &MapSpec) -> Extent {
    spec.extent.unwrap_or(Extent {
        west: -180.0,
        south: -60.0,
        east: 180.0,
        north: 85.0,
    })
}

fn projection_of(spec: &MapSpec) -> Projection {
    let e = extent_of(spec);
    spec.projection
        .unwrap_or_else(|| Projection::for_extent(e.west, e.south, e.east, e.north))
}

/// Splits the contract GeoJSON into layers, bottom first, and adds the
/// countries basemap. Empty layers are left out.
fn layers(spec: &MapSpec) -> Vec<Layer> {
    let fc = collection(spec);
    let foreign = fc.foreign_members.clone();
    let mut by_kind: Vec<(Kind, Vec<Feature>)> =
        Kind::ALL.iter().map(|&k| (k, Vec::new())).collect();
    for f in fc.features {
        let props = f.properties.as_ref();
        let get = |k: &str| props.and_then(|p| p.get(k)).and_then(JsonValue::as_str);
        let kind = match get("kind") {
            Some("place") if get("role") != Some("mention") => Kind::Places,
            Some("leg") => Kind::Legs,
            Some("member") => Kind::Members,
            Some("area") => Kind::Areas,
            _ => continue,
        };
        if let Some((_, v)) = by_kind.iter_mut().find(|(k, _)| *k == kind) {
            v.push(f);
        }
    }
    let seam = seam(&projection_of(spec));
    if let Some((_, v)) = by_kind.iter_mut().find(|(k, _)| *k == Kind::Countries) {
        *v = countries(spec, seam);
    }
    if let Some(s) = seam {
        for (_, features) in &mut by_kind {
            features.iter_mut().for_each(|f| cut_feature(f, s));
        }
    }
    let groups: Vec<&str> = spec.groups.iter().map(|g| g.key.as_str()).collect();
    by_kind
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(kind, features)| Layer {
            kind,
            name: match kind {
                Kind::Countries => "Countries".to_string(),
                Kind::Members if !groups.is_empty() => {
                    format!("Member states ({})", groups.join(", "))
                }
                Kind::Members => "Member states".to_string(),
                Kind::Areas => "Regions".to_string(),
                Kind::Legs => "Route".to_string(),
                Kind::Places => "Places".to_string(),
            },
            collection: FeatureCollection {
                bbox: None,
                features,
                foreign_members: foreign.clone(),
            },
        })
        .collect()
}

/// The 1:110m outlines of the countries in and around the extent, by key.
fn countries(spec: &MapSpec, seam: Option<f64>) -> Vec<Feature> {
    let e = extent_of(spec);
    let mut all: Vec<(&str, &MultiPolygon<f64>)> = outline::all_countries(Detail::World)
        .filter(|(_, mp)| near(&e, mp))
        .collect();
    all.sort_by_key(|(k, _)| *k);
    all.into_iter()
        .map(|(key, mp)| {
            let mut props = JsonObject::new();
            props.insert("kind".into(), json!("country"));
            props.insert("country".into(), json!(key.trim_start_matches("C:")));
            Feature {
                bbox: None,
                geometry: Some(geojson::Geometry::new(area_geometry(
                    seam.and_then(|s| cut_polygons(mp, s))
                        .as_ref()
                        .unwrap_or(mp),
                ))),
                id: None,
                properties: Some(props),
                foreign_members: None,
            }
        })
        .collect()
}

/// How far either side of the seam its cut keeps geometries (degrees,
/// about a metre): PROJ puts a point exactly on the seam on the western
/// edge of the map whichever side it belongs to.
const SEAM_GAP: f64 = 1e-5;

/// The meridian where the project CRS tears the world apart, when it is
/// not the antimeridian (where the contract GeoJSON is cut already): PROJ
/// wraps longitudes at `lon0 ± 180` on Equal Earth and Albers maps, and a
/// polygon or line across that meridian is drawn as a band across the
/// whole map. Azimuthal maps have no such meridian.
fn seam(p: &Projection) -> Option<f64> {
    let lon0 = match *p {
        Projection::EqualEarth { lon0 } | Projection::Albers { lon0, .. } => lon0,
        Projection::Laea { .. } | Projection::Orthographic { .. } => return None,
    };
    let s = lon0.rem_euclid(360.0) - 180.0;
    (s.is_finite() && s > -180.0 + 1e-9 && s < 180.0 - 1e-9).then_some(s)
}

/// An outline cut along meridian `s`, or `None` when it does not cross it.
fn cut_polygons(mp: &MultiPolygon<f64>, s: f64) -> Option<MultiPolygon<f64>> {
    let b = mp.bounding_rect()?;
    if !(b.min().x < s && b.max().x > s) {
        return None;
    }
    let side = |x0: f64, x1: f64| {
        Rect::new(Coord { x: x0, y: -90.0 }, Coord { x: x1, y: 90.0 }).to_polygon()
    };
    let mut parts = mp.intersection(&side(-180.0, s - SEAM_GAP)).0;
    parts.extend(mp.intersection(&side(s + SEAM_GAP, 180.0)).0);
    Some(MultiPolygon::new(parts))
}

/// Lines cut where they cross meridian `s`, or `None` when none does.
fn cut_lines(lines: &[LineString<f64>], s: f64) -> Option<Vec<Vec<Vec<f64>>>> {
    let round6 = |x: f64| (x * 1e6).round() / 1e6;
    let mut out: Vec<Vec<Vec<f64>>> = Vec::new();
    let mut cut = false;
    for line in lines {
        // A point on the seam goes to the side of its neighbour.
        let mut pts = line.0.clone();
        for i in 0..pts.len() {
            if pts[i].x == s {
                let neighbour = if i > 0 {
                    pts[i - 1].x
                } else {
                    pts.get(1).map_or(s, |c| c.x)
                };
                pts[i].x = round6(if neighbour < s {
                    s - SEAM_GAP
                } else {
                    s + SEAM_GAP
                });
                cut = true;
            }
        }
        let mut part: Vec<Vec<f64>> = Vec::new();
        let mut prev: Option<Coord<f64>> = None;
        for &c in &pts {
            if let Some(p) = prev {
                let (a, b) = (p.x - s, c.x - s);
                if a * b < 0.0 {
                    let y = round6(p.y + (c.y - p.y) * a / (a - b));
                    let (near, far) = if a < 0.0 {
                        (s - SEAM_GAP, s + SEAM_GAP)
                    } else {
                        (s + SEAM_GAP, s - SEAM_GAP)
                    };
                    part.push(vec![round6(near), y]);
                    out.push(std::mem::take(&mut part));
                    part.push(vec![round6(far), y]);
                    cut = true;
                }
            }
            part.push(vec![c.x, c.y]);
            prev = Some(c);
        }
        if part.len() > 1 {
            out.push(part);
        }
    }
    cut.then_some(out)
}

/// A member, area or leg feature cut along meridian `s`.
fn cut_feature(f: &mut Feature, s: f64) {
    let Some(g) = f.geometry.as_mut() else { return };
    let Ok(geometry) = geo::Geometry::<f64>::try_from(g.clone()) else {
        return;
    };
    let value = match geometry {
        geo::Geometry::Polygon(p) => {
            cut_polygons(&MultiPolygon::new(vec![p]), s).map(|mp| area_geometry(&mp))
        }
        geo::Geometry::MultiPolygon(mp) => cut_polygons(&mp, s).map(|mp| area_geometry(&mp)),
        geo::Geometry::LineString(l) => {
            cut_lines(&[l], s).map(GeometryValue::new_multi_line_string)
        }
        geo::Geometry::MultiLineString(ml) => {
            cut_lines(&ml.0, s).map(GeometryValue::new_multi_line_string)
        }
        _ => None,
    };
    if let Some(v) = value {
        g.value = v;
    }
}

/// Whether an outline's box meets the extent grown by half its size (at
/// least 10°) on every side: enough to fill the view around the extent.
fn near(e: &Extent, mp: &MultiPolygon<f64>) -> bool {
    let Some(b) = mp.bounding_rect() else {
        return false;
    };
    let width = if e.east >= e.west {
        e.east - e.west
    } else {
        e.east + 360.0 - e.west
    };
    let height = e.north - e.south;
    let margin = (width.max(height) / 2.0).max(10.0);
    if b.min().y > e.north + margin || b.max().y < e.south - margin {
        return false;
    }
    if width + 2.0 * margin >= 360.0 {
        return true;
    }
    let (w, east) = (e.west - margin, e.west + width + margin);
    [-360.0, 0.0, 360.0]
        .iter()
        .any(|shift| b.min().x + shift <= east && b.max().x + shift >= w)
}

/// The default view in project CRS metres: the extent's edge, projected,
/// grown to the SVG's aspect ratio and by 4 % on each side.
fn view_extent(spec: &MapSpec) -> [f64; 4] {
    let e = extent_of(spec);
    let proj = projection_of(spec);
    let width = if e.east >= e.west {
        e.east - e.west
    } else {
        e.east + 360.0 - e.west
    };
    let mut b: Option<[f64; 4]> = None;
    for i in 0..=48 {
        let t = i as f64 / 48.0;
        let lon = e.west + width * t;
        let lon = if lon > 180.0 { lon - 360.0 } else { lon };
        let lat = e.south + (e.north - e.south) * t;
        for (x, y) in [(lon, e.south), (lon, e.north), (e.west, lat), (e.east, lat)] {
            let Some((px, py)) = proj.forward(x, y) else {
                continue;
            };
            let (px, py) = (px * SPHERE_RADIUS_M, py * SPHERE_RADIUS_M);
            if !px.is_finite() || !py.is_finite() {
                continue;
            }
            let v = b.get_or_insert([px, py, px, py]);
            *v = [v[0].min(px), v[1].min(py), v[2].max(px), v[3].max(py)];
        }
    }
    let [x0, y0, x1, y1] = b.unwrap_or([-2.0e7, -1.0e7, 2.0e7, 1.0e7]);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    // A single place: about 500 km around it.
    let (mut w, mut h) = ((x1 - x0).max(5.0e5), (y1 - y0).max(5.0e5));
    let aspect = f64::from(spec.style.width.max(1)) / f64::from(spec.style.height.max(1));
    if w / h < aspect {
        w = h * aspect;
    } else {
        h = w / aspect;
    }
    let (w, h) = (w * 1.08, h * 1.08);
    [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0]
}

/// A CSS colour of the spec (`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` or a
/// name) as QGIS writes colours (`r,g,b,a`); names are passed on, since
/// QGIS knows the SVG colour names, and anything else is `fallback`.
fn colour(css: &str, fallback: &str) -> String {
    let Some(hex) = css.strip_prefix('#') else {
        return if !css.is_empty() && css.len() <= 30 && css.chars().all(|c| c.is_ascii_alphabetic())
        {
            css.to_ascii_lowercase()
        } else {
            colour(fallback, "#000000")
        };
    };
    let digits: Option<Vec<u8>> = hex
        .chars()
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect();
    let rgba = match (digits, hex.len()) {
        (Some(d), 3 | 4) => {
            let mut v: Vec<u8> = d.iter().map(|x| x * 17).collect();
            v.resize(4, 255);
            v
        }
        (Some(d), 6 | 8) => {
            let mut v: Vec<u8> = d.chunks(2).map(|p| p[0] * 16 + p[1]).collect();
            v.resize(4, 255);
            v
        }
        _ => return colour(fallback, "#000000"),
    };
    format!("{},{},{},{}", rgba[0], rgba[1], rgba[2], rgba[3])
}

/// The first family of a CSS font stack, unquoted.
fn first_font(stack: &str) -> String {
    let f = stack
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['\'', '"'])
        .trim();
    if f.is_empty() {
        "Noto Sans".to_string()
    } else {
        f.to_string()
    }
}

/// Escapes text for XML content and attribute values alike, and drops
/// the characters XML 1.0 does not allow.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// A small XML writer: elements are opened and closed in order, every
/// attribute value and text escaped.
struct Xml {
    out: String,
    open: Vec<&'static str>,
}

impl Xml {
    fn new() -> Xml {
        Xml {
            out: String::new(),
            open: Vec::new(),
        }
    }

    fn start_tag(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        let _ = write!(
            self.out,
            "{:indent$}<{tag}",
            "",
            indent = self.open.len() * 2
        );
        for (k, v) in attrs {
            let _ = write!(self.out, " {k}=\"{}\"", esc(v));
        }
    }

    /// Opens an element that gets children.
    fn open(&mut self, tag: &'static str, attrs: &[(&str, &str)]) {
        self.start_tag(tag, attrs);
        self.out.push_str(">\n");
        self.open.push(tag);
    }

    fn close(&mut self) {
        if let Some(tag) = self.open.pop() {
            let _ = writeln!(
                self.out,
                "{:indent$}</{tag}>",
                "",
                indent = self.open.len() * 2
            );
        }
    }

    /// An element without children.
    fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start_tag(tag, attrs);
        self.out.push_str("/>\n");
    }

    /// An element holding text only.
    fn text(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(tag, attrs);
        let _ = writeln!(self.out, ">{}</{tag}>", esc(text));
    }

    /// QGIS's property map: `<Option type="Map">` of strings.
    fn options(&mut self, props: &[(&str, String)]) {
        self.open("Option", &[("type", "Map")]);
        for (k, v) in props {
            self.empty("Option", &[("type", "QString"), ("name", k), ("value", v)]);
        }
        self.close();
    }

    /// A symbol of one or more symbol layers, each a class and its
    /// properties; a layer's sub-symbol (a marker line's marker) follows
    /// its properties.
    fn symbol(&mut self, kind: &str, name: &str, layers: &[SymbolLayer]) {
        self.open(
            "symbol",
            &[
                ("type", kind),
                ("name", name),
                ("alpha", "1"),
                ("clip_to_extent", "1"),
                ("force_rhr", "0"),
            ],
        );
        for (i, l) in layers.iter().enumerate() {
            self.open(
                "layer",
                &[
                    ("class", l.class),
                    ("enabled", "1"),
                    ("locked", "0"),
                    ("pass", "0"),
                ],
            );
            self.options(&l.props);
            if let Some(sub) = &l.sub {
                self.symbol(
                    "marker",
                    &format!("@{name}@{i}"),
                    std::slice::from_ref(&**sub),
                );
            }
            self.close();
        }
        self.close();
    }

    fn spatialrefsys(&mut self, crs: &Crs) {
        self.open("spatialrefsys", &[]);
        self.text("wkt", &[], "");
        self.text("proj4", &[], &crs.proj);
        self.text("srsid", &[], &crs.srsid);
        self.text("srid", &[], &crs.srid);
        self.text("authid", &[], &crs.authid);
        self.text("description", &[], &crs.description);
        self.text("projectionacronym", &[], &crs.acronym);
        self.text("ellipsoidacronym", &[], &crs.ellipsoid);
        self.text(
            "geographicflag",
            &[],
            if crs.geographic { "true" } else { "false" },
        );
        self.close();
    }
}

struct SymbolLayer {
    class: &'static str,
    props: Vec<(&'static str, String)>,
    sub: Option<Box<SymbolLayer>>,
}

fn sym(class: &'static str, props: &[(&'static str, &str)]) -> SymbolLayer {
    SymbolLayer {
        class,
        props: props.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        sub: None,
    }
}

fn fill(colour: &str, outline: &str, width: &str, outline_style: &str, style: &str) -> SymbolLayer {
    sym(
        "SimpleFill",
        &[
            ("color", colour),
            ("style", style),
            ("outline_color", outline),
            ("outline_style", outline_style),
            ("outline_width", width),
            ("outline_width_unit", "MM"),
            ("joinstyle", "round"),
        ],
    )
}

fn marker(shape: &str, colour: &str, size: &str, outline_width: &str) -> SymbolLayer {
    sym(
        "SimpleMarker",
        &[
            ("name", shape),
            ("color", colour),
            ("size", size),
            ("size_unit", "MM"),
            ("outline_color", "255,255,255,255"),
            (
                "outline_style",
                if outline_width == "0" { "no" } else { "solid" },
            ),
            ("outline_width", outline_width),
            ("outline_width_unit", "MM"),
            ("angle", "0"),
            ("joinstyle", "round"),
            ("scale_method", "diameter"),
        ],
    )
}

/// A CRS as QGIS writes it.
struct Crs {
    proj: String,
    srsid: String,
    srid: String,
    authid: String,
    description: String,
    acronym: String,
    ellipsoid: String,
    geographic: bool,
}

fn wgs84() -> Crs {
    Crs {
        proj: "+proj=longlat +datum=WGS84 +no_defs".into(),
        srsid: "3452".into(),
        srid: "4326".into(),
        authid: "EPSG:4326".into(),
        description: "WGS 84".into(),
        acronym: "longlat".into(),
        ellipsoid: "EPSG:7030".into(),
        geographic: true,
    }
}

/// The project CRS: the spec's projection as a custom CRS, which QGIS
/// builds from the PROJ string (no authority id, no WKT).
fn map_crs(p: &Projection) -> Crs {
    // Degrees to 0.01 in the name shown in QGIS's CRS list.
    let d = |x: f64| {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let (acronym, description) = match *p {
        Projection::Laea { lon0, lat0 } => (
            "laea",
            format!(
                "tripmap: Lambert azimuthal equal-area, centre {}, {}",
                d(lat0),
                d(lon0)
            ),
        ),
        Projection::Albers {
            lon0, lat1, lat2, ..
        } => (
            "aea",
            format!(
                "tripmap: Albers equal-area conic, meridian {}, parallels {}, {}",
                d(lon0),
                d(lat1),
                d(lat2)
            ),
        ),
        Projection::EqualEarth { lon0 } => (
            "eqearth",
            format!("tripmap: Equal Earth, meridian {}", d(lon0)),
        ),
        Projection::Orthographic { lon0, lat0 } => (
            "ortho",
            format!("tripmap: orthographic, centre {}, {}", d(lat0), d(lon0)),
        ),
    };
    Crs {
        proj: proj_string(p),
        srsid: "0".into(),
        srid: "0".into(),
        authid: String::new(),
        description,
        acronym: acronym.into(),
        ellipsoid: String::new(),
        geographic: false,
    }
}

/// A number for the project file: fixed to millimetres, so output does
/// not depend on float printing of long fractions.
fn num(x: f64) -> String {
    format!("{x:.3}")
}

/// The `.qgs` document.
fn project_xml(spec: &MapSpec, data_stem: &str, layers: &[Layer]) -> String {
    let crs = map_crs(&projection_of(spec));
    let view = view_extent(spec);
    let mut x = Xml::new();
    x.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.out
        .push_str("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n");
    x.open(
        "qgis",
        &[("projectname", &spec.title), ("version", "3.22.0")],
    );
    x.empty("homePath", &[("path", "")]);
    x.text("title", &[], &spec.title);
    x.open("projectCrs", &[]);
    x.spatialrefsys(&crs);
    x.close();

    // The layers panel, top layer first.
    x.open("layer-tree-group", &[]);
    for l in layers.iter().rev() {
        let id = l.kind.id();
        let source = format!("./{}", file_name(data_stem, l.kind));
        x.empty(
            "layer-tree-layer",
            &[
                ("id", &id),
                ("name", &l.name),
                ("source", &source),
                ("providerKey", "ogr"),
                ("checked", "Qt::Checked"),
                ("expanded", "1"),
            ],
        );
    }
    x.open("custom-order", &[("enabled", "0")]);
    for l in layers.iter().rev() {
        x.text("item", &[], &l.kind.id());
    }
    x.close();
    x.close();

    // The canvas QGIS opens on.
    let [x0, y0, x1, y1] = view.map(num);
    x.open(
        "mapcanvas",
        &[("name", "theMapCanvas"), ("annotationsVisible", "1")],
    );
    x.text("units", &[], "meters");
    x.open("extent", &[]);
    x.text("xmin", &[], &x0);
    x.text("ymin", &[], &y0);
    x.text("xmax", &[], &x1);
    x.text("ymax", &[], &y1);
    x.close();
    x.text("rotation", &[], "0");
    x.open("destinationsrs", &[]);
    x.spatialrefsys(&crs);
    x.close();
    x.text("rendermaptile", &[], "0");
    x.close();

    x.open("projectlayers", &[]);
    for l in layers {
        map_layer(&mut x, spec, data_stem, l);
    }
    x.close();

    x.open("layerorder", &[]);
    for l in layers.iter().rev() {
        x.empty("layer", &[("id", &l.kind.id())]);
    }
    x.close();

    x.open("properties", &[]);
    x.open("Paths", &[]);
    x.text("Absolute", &[("type", "bool")], "false");
    x.close();
    let sea = colour(&spec.style.sea, "#d4e4ef");
    let sea: Vec<&str> = sea.split(',').collect();
    x.open("Gui", &[]);
    if let [r, g, b, _] = sea[..] {
        x.text("CanvasColorRedPart", &[("type", "int")], r);
        x.text("CanvasColorGreenPart", &[("type", "int")], g);
        x.text("CanvasColorBluePart", &[("type", "int")], b);
    }
    x.close();
    x.open("SpatialRefSys", &[]);
    x.text("ProjectionsEnabled", &[("type", "int")], "1");
    x.close();
    x.close();

    x.open("projectMetadata", &[]);
    x.text("title", &[], &spec.title);
    x.text("abstract", &[], &spec.subtitle);
    x.text("language", &[], &spec.lang);
    x.text("type", &[], "project");
    x.close();

    x.open(
        "ProjectViewSettings",
        &[("UseProjectScales", "0"), ("rotation", "0")],
    );
    x.empty("Scales", &[]);
    x.open(
        "DefaultViewExtent",
        &[("xmin", &x0), ("ymin", &y0), ("xmax", &x1), ("ymax", &y1)],
    );
    x.spatialrefsys(&crs);
    x.close();
    x.close();
    x.close();
    x.out
}

fn map_layer(x: &mut Xml, spec: &MapSpec, data_stem: &str, l: &Layer) {
    let (geometry, wkb) = l.kind.geometry();
    let labels = l.kind == Kind::Places;
    x.open(
        "maplayer",
        &[
            ("type", "vector"),
            ("geometry", geometry),
            ("wkbType", wkb),
            ("labelsEnabled", if labels { "1" } else { "0" }),
            ("hasScaleBasedVisibilityFlag", "0"),
            ("minScale", "0"),
            ("maxScale", "0"),
            ("readOnly", "0"),
            ("simplifyDrawingHints", "0"),
        ],
    );
    x.text("id", &[], &l.kind.id());
    x.text(
        "datasource",
        &[],
        &format!("./{}", file_name(data_stem, l.kind)),
    );
    x.text("layername", &[], &l.name);
    x.open("srs", &[]);
    x.spatialrefsys(&wgs84());
    x.close();
    x.text("provider", &[("encoding", "UTF-8")], "ogr");
    renderer(x, spec, l.kind);
    if labels {
        labeling(x, spec);
    }
    x.text("blendMode", &[], "0");
    x.text("featureBlendMode", &[], "0");
    x.text("layerOpacity", &[], "1");
    x.empty("legend", &[("type", "default-vector")]);
    x.close();
}

fn renderer(x: &mut Xml, spec: &MapSpec, kind: Kind) {
    let st = &spec.style;
    let single = |x: &mut Xml, kind_name: &str, layers: &[SymbolLayer]| {
        x.open(
            "renderer-v2",
            &[
                ("type", "singleSymbol"),
                ("symbollevels", "0"),
                ("forceraster", "0"),
                ("enableorderby", "0"),
            ],
        );
        x.open("symbols", &[]);
        x.symbol(kind_name, "0", layers);
        x.close();
        x.empty("rotation", &[]);
        x.empty("sizescale", &[]);
        x.close();
    };
    match kind {
        Kind::Countries => single(
            x,
            "fill",
            &[fill(
                &colour(&st.land, "#ece8df"),
                &colour(&st.border, "#ffffff"),
                "0.3",
                "solid",
                "solid",
            )],
        ),
        Kind::Members => single(
            x,
            "fill",
            &[fill(
                &colour(&st.highlight, "#f4c97a"),
                &colour(&st.border, "#ffffff"),
                "0.3",
                "solid",
                "solid",
            )],
        ),
        Kind::Areas => single(
            x,
            "fill",
            &[fill(
                "0,0,0,0",
                &colour(AREA_COLOUR, "#000000"),
                "0.5",
                "dash",
                "no",
            )],
        ),
        Kind::Legs => {
            let route = colour(&st.route, "#c0392b");
            let line = sym(
                "SimpleLine",
                &[
                    ("line_color", &route),
                    ("line_width", "0.9"),
                    ("line_width_unit", "MM"),
                    ("line_style", "solid"),
                    ("capstyle", "round"),
                    ("joinstyle", "round"),
                    // Stop short of the stop's symbol, as the SVG's legs do.
                    ("trim_distance_end", "4"),
                    ("trim_distance_end_unit", "MM"),
                    ("trim_distance_start", "2"),
                    ("trim_distance_start_unit", "MM"),
                ],
            );
            let mut arrow = sym(
                "MarkerLine",
                &[
                    // QGIS before 3.24 reads `placement`, later ones
                    // `placements`.
                    ("placement", "lastvertex"),
                    ("placements", "LastVertex"),
                    ("rotate", "1"),
                    ("interval", "3"),
                    ("interval_unit", "MM"),
                ],
            );
            // The arrowhead's tip is its anchor: moved back along the leg
            // (the marker's x axis follows the line), it stops short of the
            // stop's circle.
            let mut head = marker("filled_arrowhead", &route, "4", "0");
            head.props.push(("offset", "-2.8,0".into()));
            head.props.push(("offset_unit", "MM".into()));
            arrow.sub = Some(Box::new(head));
            single(x, "line", &[line, arrow]);
        }
        Kind::Places => {
            // Context places that are regions get a label and no symbol.
            let big = BIG_PLACE_TYPES
                .iter()
                .map(|t| format!("'{t}'"))
                .collect::<Vec<_>>()
                .join(", ");
            let attr = format!(
                "CASE WHEN \"role\" = 'context' AND \"place_type\" IN ({big}) THEN 'region' ELSE \"role\" END"
            );
            x.open(
                "renderer-v2",
                &[
                    ("type", "categorizedSymbol"),
                    ("attr", &attr),
                    ("symbollevels", "0"),
                    ("forceraster", "0"),
                    ("enableorderby", "0"),
                ],
            );
            let cats = [
                (
                    "origin",
                    "Origin",
                    marker("square", &colour(ORIGIN_COLOUR, "#000000"), "4", "0.5"),
                ),
                (
                    "stop",
                    "Stop",
                    marker("circle", &colour(&st.route, "#c0392b"), "4.2", "0.6"),
                ),
                (
                    "context",
                    "Other place",
                    marker("circle", &colour(CONTEXT_COLOUR, "#000000"), "1.8", "0.3"),
                ),
                (
                    "region",
                    "Region or country",
                    marker("circle", "0,0,0,0", "0.1", "0"),
                ),
            ];
            x.open("categories", &[]);
            for (i, (value, label, _)) in cats.iter().enumerate() {
                let n = i.to_string();
                x.empty(
                    "category",
                    &[
                        ("value", value),
                        ("label", label),
                        ("symbol", &n),
                        ("render", "true"),
                    ],
                );
            }
            x.close();
            x.open("symbols", &[]);
            for (i, (_, _, m)) in cats.into_iter().enumerate() {
                x.symbol("marker", &i.to_string(), &[m]);
            }
            x.close();
            x.empty("rotation", &[]);
            x.empty("sizescale", &[]);
            x.close();
        }
    }
}

/// Labels on `name`, in the spec's font and text colour, with a white
/// halo; stops' labels win over others'.
fn labeling(x: &mut Xml, spec: &MapSpec) {
    let font = first_font(&spec.style.font_family);
    let text = colour(&spec.style.text, "#222222");
    x.open("labeling", &[("type", "simple")]);
    x.open("settings", &[("calloutType", "simple")]);
    x.open(
        "text-style",
        &[
            ("fieldName", "name"),
            ("isExpression", "0"),
            ("fontFamily", &font),
            ("fontSize", "10"),
            ("fontSizeUnit", "Point"),
            ("fontWeight", "50"),
            ("textColor", &text),
            ("textOpacity", "1"),
            ("multilineHeight", "1"),
        ],
    );
    x.empty(
        "text-buffer",
        &[
            ("bufferDraw", "1"),
            ("bufferSize", "0.8"),
            ("bufferSizeUnits", "MM"),
            ("bufferColor", "255,255,255,255"),
            ("bufferOpacity", "0.9"),
            ("bufferNoFill", "1"),
            ("bufferJoinStyle", "128"),
        ],
    );
    x.close();
    x.empty(
        "placement",
        &[
            // Cartographic placement around the point, 1 mm off the symbol.
            ("placement", "6"),
            ("predefinedPositionOrder", "TR,TL,BR,BL,R,L,TSR,BSR"),
            ("dist", "1"),
            ("distUnits", "MM"),
            ("offsetType", "1"),
            ("priority", "5"),
        ],
    );
    x.empty(
        "rendering",
        &[
            ("drawLabels", "1"),
            ("obstacle", "1"),
            ("obstacleFactor", "1"),
            ("displayAll", "0"),
            ("zIndex", "0"),
            ("fontLimitPixelSize", "0"),
            ("scaleVisibility", "0"),
        ],
    );
    // Origin and stops first, larger and bold, as on the SVG map.
    let route = "\"role\" IN ('origin', 'stop')";
    x.open("dd_properties", &[]);
    x.open("Option", &[("type", "Map")]);
    x.empty(
        "Option",
        &[("type", "QString"), ("name", "name"), ("value", "")],
    );
    x.open("Option", &[("type", "Map"), ("name", "properties")]);
    for (property, expression) in [
        ("Bold", route.to_string()),
        ("Priority", format!("CASE WHEN {route} THEN 10 ELSE 4 END")),
        ("Size", format!("CASE WHEN {route} THEN 11 ELSE 9 END")),
    ] {
        x.open("Option", &[("type", "Map"), ("name", property)]);
        x.empty(
            "Option",
            &[("type", "bool"), ("name", "active"), ("value", "true")],
        );
        x.empty(
            "Option",
            &[
                ("type", "QString"),
                ("name", "expression"),
                ("value", &expression),
            ],
        );
        // 3: an expression-based property.
        x.empty(
            "Option",
            &[("type", "int"), ("name", "type"), ("value", "3")],
        );
        x.close();
    }
    x.close();
    x.empty(
        "Option",
        &[
            ("type", "QString"),
            ("name", "type"),
            ("value", "collection"),
        ],
    );
    x.close();
    x.close();
    x.close();
    x.close();
}

/// The features of a layer file, for tests.
#[cfg(test)]
fn kinds_of(bytes: &[u8]) -> Vec<(String, String)> {
    let fc: FeatureCollection = serde_json::from_slice(bytes).unwrap();
    fc.features
        .iter()
        .map(|f| {
            let p = f.properties.as_ref().unwrap();
            let s = |k: &str| {
                p.get(k)
                    .and_then(JsonValue::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            let g = match &f.geometry.as_ref().unwrap().value {
                GeometryValue::Point { .. } => "Point",
                GeometryValue::LineString { .. } | GeometryValue::MultiLineString { .. } => "Line",
                GeometryValue::Polygon { .. } | GeometryValue::MultiPolygon { .. } => "Polygon",
                _ => "other",
            };
            (format!("{}:{}", s("kind"), s("role")), g.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    fn spec(json: &str) -> MapSpec {
        let mut spec = MapSpec::from_json(json).unwrap();
        spec.complete(Gazetteer::embedded()).unwrap();
        spec
    }

    fn sco() -> MapSpec {
        spec(
            r#"{"tripmap_spec": 1, "title": "Xi in Central Asia", "lang": "en", "labels": "en",
                "date": "2022-09-14",
                "route": [{"name": "Beijing"}, {"name": "Astana"}, {"name": "Samarkand"}],
                "groups": [{"key": "SCO", "name": "Shanghai Cooperation Organisation", "label": "SCO",
                            "members": [{"country": "CN", "name": "China", "name_en": "China"},
                                        {"country": "KZ", "name": "Kazakhstan", "name_en": "Kazakhstan"},
                                        {"country": "UZ", "name": "Uzbekistan", "name_en": "Uzbekistan"}]}],
                "places": [{"name": "Moscow", "name_en": "Moscow", "place_type": "city", "lat": 55.75,
                            "lon": 37.62, "role": "mention"},
                           {"name": "Tashkent", "name_en": "Tashkent", "place_type": "city", "lat": 41.31,
                            "lon": 69.24, "role": "context"}]}"#,
        )
    }

    fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
        &files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .1
    }

    #[test]
    fn layers_split_by_kind_and_geometry() {
        let files = project(&sco(), "xi");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        // No region is outlined: no areas layer.
        assert_eq!(
            names,
            [
                "xi.countries.geojson",
                "xi.members.geojson",
                "xi.legs.geojson",
                "xi.places.geojson",
                "xi.qgs"
            ]
        );
        let places = kinds_of(file(&files, "xi.places.geojson"));
        assert!(places.iter().all(|(_, g)| g == "Point"));
        let roles: Vec<&str> = places.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(roles.iter().filter(|r| **r == "place:origin").count(), 1);
        assert_eq!(roles.iter().filter(|r| **r == "place:stop").count(), 2);
        assert!(roles.contains(&"place:context"));
        assert!(!roles.contains(&"place:mention"), "mentions are left out");
        let legs = kinds_of(file(&files, "xi.legs.geojson"));
        assert_eq!(legs.len(), 2);
        assert!(legs.iter().all(|(k, g)| k == "leg:" && g == "Line"));
        let members = kinds_of(file(&files, "xi.members.geojson"));
        assert_eq!(members.len(), 3);
        assert!(
            members
                .iter()
                .all(|(k, g)| k == "member:" && g == "Polygon")
        );
        let countries = kinds_of(file(&files, "xi.countries.geojson"));
        assert!(
            countries
                .iter()
                .all(|(k, g)| k == "country:" && g == "Polygon")
        );
        assert!(
            countries.len() > 10 && countries.len() < 120,
            "{}",
            countries.len()
        );
        assert!(file(&files, "xi.countries.geojson").len() < 500_000);
        // Every layer file is a FeatureCollection the contract's readers
        // accept, with the contract's title.
        for (name, bytes) in &files {
            if name.ends_with(".geojson") {
                let v: JsonValue = serde_json::from_slice(bytes).unwrap();
                assert_eq!(v["type"], "FeatureCollection");
                assert_eq!(v["title"], "Xi in Central Asia");
            }
        }
    }

    #[test]
    fn regions_get_an_areas_layer() {
        let s = spec(
            r#"{"tripmap_spec": 1, "title": "t", "lang": "en", "labels": "en",
                "route": [{"name": "Beijing"}, {"name": "Urumqi"}],
                "places": [{"name": "Xinjiang", "name_en": "Xinjiang", "id": "A:CN.13", "place_type": "admin1",
                            "lat": 41.0, "lon": 85.0, "role": "context"}]}"#,
        );
        let files = project(&s, "x");
        let areas = kinds_of(file(&files, "x.areas.geojson"));
        assert_eq!(areas, [("area:".to_string(), "Polygon".to_string())]);
        let qgs = String::from_utf8(file(&files, "x.qgs").to_vec()).unwrap();
        assert!(qgs.contains("<datasource>./x.areas.geojson</datasource>"));
    }

    #[test]
    fn layers_are_referenced_by_relative_path_top_first() {
        let files = project(&sco(), "xi");
        let qgs = String::from_utf8(file(&files, "xi.qgs").to_vec()).unwrap();
        for suffix in ["countries", "members", "legs", "places"] {
            assert!(
                qgs.contains(&format!("<datasource>./xi.{suffix}.geojson</datasource>")),
                "{suffix}"
            );
        }
        assert!(!qgs.contains("areas.geojson"));
        assert!(!qgs.contains("<datasource>/"), "no absolute path");
        assert!(qgs.contains("<Absolute type=\"bool\">false</Absolute>"));
        let order: Vec<usize> = [
            "tripmap_places",
            "tripmap_legs",
            "tripmap_members",
            "tripmap_countries",
        ]
        .iter()
        .map(|id| qgs.find(&format!("<layer-tree-layer id=\"{id}\"")).unwrap())
        .collect();
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "places on top, countries at the bottom"
        );
        assert!(qgs.contains("<authid>EPSG:4326</authid>"));
        assert!(qgs.contains("<proj4>+proj="));
    }

    #[test]
    fn a_hostile_title_is_inert() {
        let mut s = sco();
        s.title = "</title><maplayer>&x; \"q\" 'a' ]]> <!-- \u{1}\u{7}\u{FFFF}\tend".into();
        s.subtitle = "<script>alert(1)</script>".into();
        let files = project(&s, "a&b <c>");
        let (name, bytes) = files.last().unwrap();
        assert_eq!(name, "a&b <c>.qgs");
        let qgs = String::from_utf8(bytes.clone()).unwrap();
        assert!(qgs.contains(
            "<title>&lt;/title&gt;&lt;maplayer&gt;&amp;x; &quot;q&quot; &apos;a&apos; ]]&gt; &lt;!-- &#9;end</title>"
        ));
        assert!(qgs.contains("projectname=\"&lt;/title&gt;"));
        assert!(qgs.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(qgs.contains("<datasource>./a&amp;b &lt;c&gt;.legs.geojson</datasource>"));
        assert!(!qgs.contains('\u{1}') && !qgs.contains('\u{FFFF}'));
        // Tags balance: only the writer's own elements are there.
        let opens = qgs.matches("<maplayer ").count();
        assert_eq!(opens, qgs.matches("</maplayer>").count());
        assert_eq!(opens, 4);
        assert_eq!(qgs.matches("<title>").count(), 2);
    }

    #[test]
    fn data_source_syntax_in_the_stem_is_replaced() {
        let names: Vec<String> = project(&sco(), "a|b?c#d")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert!(names.contains(&"a_b_c_d.legs.geojson".to_string()));
        assert_eq!(names.last().unwrap(), "a|b?c#d.qgs");
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(project(&sco(), "xi"), project(&sco(), "xi"));
    }

    #[test]
    fn projections_become_proj_strings() {
        assert_eq!(
            proj_string(&Projection::Laea {
                lon0: 90.0,
                lat0: 45.5
            }),
            "+proj=laea +lat_0=45.5 +lon_0=90 +x_0=0 +y_0=0 +R=6371008.8 +units=m +no_defs"
        );
        assert!(
            proj_string(&Projection::Albers {
                lon0: 70.0,
                lat0: 45.0,
                lat1: 40.0,
                lat2: 50.0
            })
            .starts_with("+proj=aea +lat_0=45 +lon_0=70 +lat_1=40 +lat_2=50 ")
        );
        assert!(
            proj_string(&Projection::Orthographic {
                lon0: -3.0,
                lat0: 40.0
            })
            .starts_with("+proj=ortho +lat_0=40 +lon_0=-3 ")
        );
        let qgs = String::from_utf8(project(&sco(), "xi").pop().unwrap().1).unwrap();
        let p = proj_string(&sco().projection.unwrap());
        assert!(qgs.contains(&format!("<proj4>{p}</proj4>")));
    }

    #[test]
    fn a_world_map_is_cut_at_its_seam() {
        // Centred on 71°E, the map tears at 109°W, across North America.
        let s = spec(
            r#"{"tripmap_spec": 1, "title": "t", "lang": "en", "labels": "en",
                "projection": {"name": "equal-earth", "lon0": 71},
                "route": [{"name": "Tokyo"}, {"name": "New York"}],
                "groups": [{"key": "G", "name": "G", "label": "G",
                            "members": [{"country": "US", "name": "US", "name_en": "US"},
                                        {"country": "CA", "name": "CA", "name_en": "CA"}]}]}"#,
        );
        assert_eq!(seam(&s.projection.unwrap()), Some(-109.0));
        assert_eq!(seam(&Projection::EqualEarth { lon0: 0.0 }), None);
        assert_eq!(seam(&Projection::EqualEarth { lon0: -180.0 }), Some(0.0));
        assert_eq!(
            seam(&Projection::Laea {
                lon0: 71.0,
                lat0: 0.0
            }),
            None
        );
        let files = project(&s, "w");
        let sides = |name: &str| -> Vec<(f64, f64)> {
            let fc: FeatureCollection = serde_json::from_slice(file(&files, name)).unwrap();
            let mut boxes = Vec::new();
            for f in fc.features {
                let g = geo::Geometry::<f64>::try_from(f.geometry.unwrap()).unwrap();
                let parts: Vec<geo::Geometry<f64>> = match g {
                    geo::Geometry::MultiPolygon(mp) => mp.0.into_iter().map(Into::into).collect(),
                    geo::Geometry::MultiLineString(ml) => {
                        ml.0.into_iter().map(Into::into).collect()
                    }
                    g => vec![g],
                };
                for p in parts {
                    let b = p.bounding_rect().unwrap();
                    boxes.push((b.min().x, b.max().x));
                }
            }
            boxes
        };
        for name in ["w.members.geojson", "w.countries.geojson", "w.legs.geojson"] {
            let boxes = sides(name);
            assert!(
                boxes.iter().all(|&(x0, x1)| x1 < -109.0 || x0 > -109.0),
                "{name}: {boxes:?}"
            );
        }
        // The leg is cut at the antimeridian (as in the contract) and at
        // the seam: three parts.
        assert_eq!(sides("w.legs.geojson").len(), 3);
        // The contract's own GeoJSON is not cut.
        let us = collection(&s).features.into_iter().find(|f| {
            f.property("kind") == Some(&json!("member"))
                && f.property("country") == Some(&json!("US"))
        });
        let b = geo::Geometry::<f64>::try_from(us.unwrap().geometry.unwrap())
            .unwrap()
            .bounding_rect()
            .unwrap();
        assert!(b.min().x < -109.0 && b.max().x > -109.0);
    }

    #[test]
    fn a_leg_point_on_the_seam_goes_to_its_side() {
        let line = LineString::from(vec![(-100.0, 10.0), (-109.0, 11.0), (-120.0, 12.0)]);
        let parts = cut_lines(&[line], -109.0).unwrap();
        assert_eq!(parts.len(), 2);
        // The point moved 1 m east; the cut is 1 m either side.
        assert_eq!(parts[0][1], vec![-108.99999, 11.0]);
        assert_eq!(parts[0].last().unwrap()[0], -108.99999);
        assert_eq!(parts[1][0][0], -109.00001);
        let east = LineString::from(vec![(-100.0, 10.0), (-105.0, 11.0)]);
        assert_eq!(cut_lines(&[east], -109.0), None);
    }

    #[test]
    fn colours_become_qgis_colours() {
        assert_eq!(colour("#c0392b", "#000"), "192,57,43,255");
        assert_eq!(colour("#fff", "#000"), "255,255,255,255");
        assert_eq!(colour("#ff000080", "#000"), "255,0,0,128");
        assert_eq!(colour("Navy", "#000"), "navy");
        assert_eq!(colour("url(x)", "#010203"), "1,2,3,255");
        assert_eq!(
            first_font("'Noto Sans', 'Noto Sans Arabic', sans-serif"),
            "Noto Sans"
        );
    }

    #[test]
    fn the_view_holds_the_extent_at_the_svg_aspect() {
        let s = sco();
        let [x0, y0, x1, y1] = view_extent(&s);
        let aspect = (x1 - x0) / (y1 - y0);
        assert!((aspect - 1.5).abs() < 1e-9, "{aspect}");
        let p = s.projection.unwrap();
        for (lon, lat) in [(116.4, 39.9), (71.45, 51.18), (66.96, 39.65)] {
            let (x, y) = p.forward(lon, lat).unwrap();
            let (x, y) = (x * SPHERE_RADIUS_M, y * SPHERE_RADIUS_M);
            assert!(x > x0 && x < x1 && y > y0 && y < y1, "{lon},{lat}");
        }
    }
}
