//! The SVG map: a locator map of the trip, drawn from a completed map spec.
//!
//! Layers, bottom to top: sea, land, the group's member states, borders,
//! outlined regions, legs with arrowheads, places, labels, then the title,
//! legend, scale bar, attribution and an inset globe. Every layer is a `<g>`
//! with an id, every feature carries a class and `data-*` attributes, and
//! all text goes through the svg crate's escaping: an article's words
//! cannot become markup. The file references nothing outside itself.
//!
//! Text is always anchored at the middle of its box: librsvg, resvg and
//! browsers agree on that for right-to-left scripts, which they do not for
//! `start`/`end` anchors.

use svg::Document;
use svg::node::element::{Circle, Description, Group, Path, Rectangle, Text, Title};

use crate::carto::clip::{Rect, clip_polygon, clip_polyline, simplify, simplify_ring};
use crate::carto::labels::{LabelRequest, Placement, place};
use crate::carto::projection::{Fit, Projection, fit};
use crate::carto::sphere::{densify, distance_km};
use crate::gazetteer::outline::{self, Detail};
use crate::trip::spec::{MapSpec, Role};

/// Heights of the title band and the footer, in px.
const HEADER: f64 = 78.0;
const FOOTER: f64 = 28.0;
const STOP_RADIUS: f64 = 10.0;
const ORIGIN_RADIUS: f64 = 8.0;
const CONTEXT_RADIUS: f64 = 3.5;

/// Frame and projection of the map area.
struct Frame {
    proj: Projection,
    fit: Fit,
    rect: Rect,
}

impl Frame {
    /// The simplification level for this map's scale: degrees that make
    /// about 0.7 pixel at the map's centre (see [`simplified_rings`]).
    fn degree_tolerance(&self) -> u8 {
        let center = match self.proj {
            Projection::Laea { lon0, lat0 }
            | Projection::Orthographic { lon0, lat0 }
            | Projection::Albers { lon0, lat0, .. } => (lon0, lat0),
            Projection::EqualEarth { lon0 } => (lon0, 0.0),
        };
        let px_per_degree = match (
            self.project(center.0, center.1),
            self.project(center.0 + 1.0, center.1),
        ) {
            (Some(a), Some(b)) => ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt(),
            _ => return 0,
        };
        if px_per_degree.is_nan() || px_per_degree <= 0.0 {
            return 0;
        }
        let tol = 0.7 / px_per_degree;
        // The largest level whose tolerance is at most `tol`.
        let mut level = 0u8;
        while level < 7 && 0.005 * f64::from(1u32 << (level + 1)) <= tol {
            level += 1;
        }
        level
    }

    /// A longitude relative to the projection's seam meridian, for
    /// projections that have one (conic and world maps).
    fn seam_offset(&self, lon: f64) -> Option<f64> {
        self.proj.seam_offset(lon)
    }

    fn project(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        let (x, y) = self.fit.project(&self.proj, lon, lat)?;
        (x.is_finite() && y.is_finite()).then_some((x, y + self.rect.y0))
    }
}

/// Removes what a label must not carry: characters XML 1.0 forbids
/// (control characters, U+FFFE, U+FFFF), which would make the whole SVG
/// unreadable, and bidi embeddings, overrides and isolates, which would let
/// an article's text reorder the map's own. Direction is the renderer's
/// business: [`text`] sets it from the letters.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            let unreadable = (c.is_control() && c != '\t') || matches!(c, '\u{FFFE}' | '\u{FFFF}');
            let reorders = matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069);
            !(unreadable || reorders)
        })
        .collect()
}

/// Whether a text reads right to left: its first strongly directional
/// letter is Arabic or Hebrew.
fn is_rtl(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
}

/// A text element, marked right-to-left when it reads so: with its anchor
/// in the middle, every renderer then orders a mixed line ("14 سبتمبر 2022")
/// as an Arabic reader expects.
fn text(content: String) -> Text {
    let content = clean(&content);
    let rtl = is_rtl(&content);
    let t = Text::new(content);
    if rtl { t.set("direction", "rtl") } else { t }
}

/// Width of a label in px: an estimate per script, generous so that boxes
/// do not overlap when drawn.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| match c as u32 {
            0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3134F => 1.0,
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFEFF => 0.5,
            _ if c.is_uppercase() => 0.68,
            _ if c == ' ' => 0.3,
            _ => 0.56,
        })
        .sum::<f64>()
        * size
}

/// A coordinate with one decimal (a tenth of a pixel), written without
/// float formatting: maps write hundreds of thousands of them.
fn push_num(out: &mut String, x: f64) {
    use std::fmt::Write;
    let t = (x * 10.0).round();
    let t = if t.is_finite() { t as i64 } else { 0 };
    if t < 0 {
        out.push('-');
    }
    let a = t.unsigned_abs();
    let _ = write!(out, "{}", a / 10);
    if a % 10 != 0 {
        out.push('.');
        out.push(char::from(b'0' + (a % 10) as u8));
    }
}

fn fmt(x: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, x);
    s
}

/// A path's `d` for rings or lines of px points.
fn path_data(parts: &[Vec<(f64, f64)>], close: bool) -> String {
    let mut d = String::new();
    for p in parts {
        for (i, &(x, y)) in p.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            push_num(&mut d, x);
            d.push(',');
            push_num(&mut d, y);
        }
        if close && !p.is_empty() {
            d.push('Z');
        }
    }
    d
}

/// Projects a lon/lat ring and clips it to the frame; empty when it falls
/// outside or crosses the projection's seam (a world map's edge).
fn ring_px(
    frame: &Frame,
    ring: impl Iterator<Item = (f64, f64)>,
    tolerance: f64,
) -> Vec<(f64, f64)> {
    let mut pts: Vec<(f64, f64)> = Vec::new();
    // Conic and world projections split the globe along the meridian
    // opposite their centre: a ring across it cannot be drawn in one piece.
    let mut prev_rel: Option<f64> = None;
    for (lon, lat) in ring {
        let Some(p) = frame.project(lon, lat) else {
            return Vec::new();
        };
        if let Some(r) = frame.seam_offset(lon) {
            if prev_rel.is_some_and(|q| (r - q).abs() > 180.0) {
                return Vec::new();
            }
            prev_rel = Some(r);
        }
        pts.push(p);
    }
    let pad = Rect {
        x0: frame.rect.x0 - 20.0,
        y0: frame.rect.y0 - 20.0,
        x1: frame.rect.x1 + 20.0,
        y1: frame.rect.y1 + 20.0,
    };
    let clipped = clip_polygon(&pts, &pad);
    if clipped.len() < 3 {
        return Vec::new();
    }
    // Rings come simplified in degrees for the scale; in pixels only what
    // the clip left along the frame's edge needs thinning.
    if clipped.len() > 2 * pts.len().max(1) {
        simplify(&clipped, tolerance)
    } else {
        clipped
    }
}

/// The outline of a MultiPolygon as px rings.
fn outline_px(
    frame: &Frame,
    mp: &'static geo::MultiPolygon<f64>,
    tolerance: f64,
) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    for ring in simplified_rings(mp, frame.degree_tolerance()).iter() {
        let r = ring_px(frame, ring.iter().copied(), tolerance);
        if r.len() >= 3 {
            out.push(r);
        }
    }
    out
}

/// An outline's rings simplified in degrees, at a tolerance of `0.005°
/// × 2^level`: projecting is what drawing costs, and a vertex closer to
/// its neighbours than half a pixel is not seen. Kept for the process,
/// per outline and level (outlines are embedded and live as long).
fn simplified_rings(
    mp: &'static geo::MultiPolygon<f64>,
    level: u8,
) -> std::sync::Arc<Vec<Vec<(f64, f64)>>> {
    use std::sync::{Arc, Mutex, OnceLock};
    type Cache = Mutex<crate::hash::FastMap<(usize, u8), Arc<Vec<Vec<(f64, f64)>>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(crate::hash::FastMap::default()));
    let key = (mp as *const geo::MultiPolygon<f64> as usize, level);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let tol = 0.005 * f64::from(1u32 << level);
    let mut rings = Vec::new();
    for poly in outline::polygons(mp) {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            let pts: Vec<(f64, f64)> = ring.coords().map(|c| (c.x, c.y)).collect();
            let r = simplify_ring(&pts, tol);
            if r.len() >= 4 {
                rings.push(r);
            }
        }
    }
    let rings = Arc::new(rings);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, rings.clone());
    }
    rings
}

/// An outline's bounding box, computed once per process (outlines are
/// embedded and live as long).
fn bounds(mp: &'static geo::MultiPolygon<f64>) -> Option<geo::Rect<f64>> {
    use geo::BoundingRect;
    use std::sync::{Mutex, OnceLock};
    type Boxes = crate::hash::FastMap<usize, Option<geo::Rect<f64>>>;
    static CACHE: OnceLock<Mutex<Boxes>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(Boxes::default()));
    let key = mp as *const geo::MultiPolygon<f64> as usize;
    if let Some(&hit) = cache.lock().ok().as_ref().and_then(|c| c.get(&key)) {
        return hit;
    }
    let b = mp.bounding_rect();
    if let Ok(mut c) = cache.lock() {
        c.insert(key, b);
    }
    b
}

/// Whether a lon/lat box may show on the map: a quick test before
/// projecting a country.
fn near_extent(spec_box: (f64, f64, f64, f64), mp: &'static geo::MultiPolygon<f64>) -> bool {
    let (w, s, e, n) = spec_box;
    let Some(b) = bounds(mp) else {
        return false;
    };
    if b.max().y < s - 25.0 || b.min().y > n + 25.0 {
        return false;
    }
    if w > e || e - w > 200.0 {
        return true;
    }
    !(b.max().x < w - 40.0 || b.min().x > e + 40.0)
}

/// Draws a completed map spec as an SVG document.
pub fn render(spec: &MapSpec) -> String {
    let (w, h) = (spec.style.width as f64, spec.style.height as f64);
    let extent = spec.extent.unwrap_or(crate::trip::spec::Extent {
        west: -180.0,
        south: -60.0,
        east: 180.0,
        north: 85.0,
    });
    let proj = spec.projection.unwrap_or_else(|| {
        Projection::for_extent(extent.west, extent.south, extent.east, extent.north)
    });
    let rect = Rect {
        x0: 0.0,
        y0: HEADER,
        x1: w,
        y1: h - FOOTER,
    };
    // The extent's edge, sampled, is what the map must show.
    let mut edge = Vec::new();
    let width = if extent.east >= extent.west {
        extent.east - extent.west
    } else {
        extent.east + 360.0 - extent.west
    };
    for i in 0..=24 {
        let t = i as f64 / 24.0;
        let lon = extent.west + width * t;
        let lon = if lon > 180.0 { lon - 360.0 } else { lon };
        edge.push((lon, extent.south));
        edge.push((lon, extent.north));
        let lat = extent.south + (extent.north - extent.south) * t;
        edge.push((extent.west, lat));
        edge.push((extent.east, lat));
    }
    let fitted = fit(&proj, edge, w, rect.height(), 0.0)
        .or_else(|| fit(&proj, [(0.0, 0.0)], w, rect.height(), 0.0));
    let Some(fitted) = fitted else {
        return empty_map(spec);
    };
    let frame = Frame {
        proj,
        fit: fitted,
        rect,
    };
    let spec_box = (extent.west, extent.south, extent.east, extent.north);
    let detail = if width > 100.0 {
        Detail::World
    } else {
        Detail::Regional
    };
    let tolerance = 0.6;

    let mut doc = Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("width", w)
        .set("height", h)
        .set("viewBox", (0, 0, w, h))
        .set("role", "img")
        .set("aria-labelledby", "map-title map-desc")
        .set("font-family", clean(&spec.style.font_family))
        .set("data-generator", "tripmap");
    doc = doc.add(Title::new(clean(&spec.title)).set("id", "map-title"));
    doc = doc.add(
        Description::new()
            .add(svg::node::Text::new(clean(&describe(spec))))
            .set("id", "map-desc"),
    );

    // Sea and land.
    let mut base = Group::new().set("id", "basemap");
    base = base.add(
        Rectangle::new()
            .set("class", "sea")
            .set("x", 0)
            .set("y", frame.rect.y0)
            .set("width", w)
            .set("height", frame.rect.height())
            .set("fill", clean(&spec.style.sea)),
    );
    let shaded: Vec<&str> = spec
        .groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| m.country.as_str()))
        .collect();
    let mut land_paths = Vec::new();
    let mut member_group = Group::new().set("id", "members");
    let mut countries: Vec<(&str, &geo::MultiPolygon<f64>)> =
        outline::all_countries(detail).collect();
    countries.sort_by_key(|(k, _)| *k);
    for (key, mp) in &countries {
        if !near_extent(spec_box, mp) {
            continue;
        }
        let rings = outline_px(&frame, mp, tolerance);
        if rings.is_empty() {
            continue;
        }
        let d = path_data(&rings, true);
        let cc = key.trim_start_matches("C:");
        if shaded.contains(&cc) {
            let group = spec
                .groups
                .iter()
                .find(|g| g.members.iter().any(|m| m.country == cc))
                .map(|g| g.key.clone())
                .unwrap_or_default();
            member_group = member_group.add(
                Path::new()
                    .set("class", "member")
                    .set("d", d.clone())
                    .set("fill", clean(&spec.style.highlight))
                    .set("data-country", cc)
                    .set("data-group", clean(&group)),
            );
        }
        land_paths.push((cc.to_string(), d));
    }
    let mut land = Group::new()
        .set("id", "land")
        .set("fill", clean(&spec.style.land))
        .set("fill-rule", "evenodd");
    for (cc, d) in &land_paths {
        land = land.add(
            Path::new()
                .set("class", "country")
                .set("d", d.clone())
                .set("data-country", cc.as_str()),
        );
    }
    let mut borders = Group::new()
        .set("id", "borders")
        .set("fill", "none")
        .set("stroke", clean(&spec.style.border))
        .set("stroke-width", 0.8)
        .set("stroke-linejoin", "round");
    for (_, d) in &land_paths {
        borders = borders.add(Path::new().set("d", d.clone()));
    }
    base = base.add(land);
    doc = doc
        .add(base)
        .add(member_group.set("fill-rule", "evenodd"))
        .add(borders);

    // Regions the article names (Xinjiang), outlined.
    let mut areas = Group::new()
        .set("id", "areas")
        .set("fill", "none")
        .set("stroke", "#7a4f9a")
        .set("stroke-width", 1.4)
        .set("stroke-dasharray", "4 3");
    for p in &spec.places {
        if spec.role_of(p).0 != Role::Context || p.place_type != "admin1" {
            continue;
        }
        let Some(mp) = p.id.as_deref().and_then(outline::admin1) else {
            continue;
        };
        let rings = outline_px(&frame, mp, tolerance);
        if !rings.is_empty() {
            areas = areas.add(
                Path::new()
                    .set("class", "area")
                    .set("d", path_data(&rings, true))
                    .set("data-name-en", clean(&p.name_en)),
            );
        }
    }
    doc = doc.add(areas);

    // Legs: great circles, shortened at both ends so that arrowheads stop
    // short of the symbols.
    let route_px: Vec<Option<(f64, f64)>> = spec
        .route
        .iter()
        .map(|s| frame.project(s.lon?, s.lat?))
        .collect();
    let mut legs = Group::new()
        .set("id", "legs")
        .set("fill", "none")
        .set("stroke", clean(&spec.style.route))
        .set("stroke-width", 2.5)
        .set("stroke-linecap", "round");
    let mut arrows = Group::new()
        .set("id", "arrows")
        .set("fill", clean(&spec.style.route));
    for (i, pair) in spec.route.windows(2).enumerate() {
        let (Some(a), Some(b)) = (pair[0].lon.zip(pair[0].lat), pair[1].lon.zip(pair[1].lat))
        else {
            continue;
        };
        // One piece per side of the projection's seam: a leg over the
        // Pacific on a world map leaves at one edge and comes in at the
        // other.
        let sides = frame
            .proj
            .seam_pieces(densify(a, b, 25.0), |lon, lat| frame.project(lon, lat));
        let start_r = if i == 0 { ORIGIN_RADIUS } else { STOP_RADIUS } + 3.0;
        let n = sides.len();
        let untrimmed: Vec<Vec<(f64, f64)>> =
            sides.iter().filter(|s| s.len() >= 2).cloned().collect();
        let sides: Vec<Vec<(f64, f64)>> = sides
            .into_iter()
            .enumerate()
            .map(|(k, s)| {
                let front = if k == 0 { start_r } else { 0.0 };
                let back = if k + 1 == n { STOP_RADIUS + 4.0 } else { 0.0 };
                trim(&s, front, back)
            })
            .filter(|s| s.len() >= 2)
            .collect();
        // Stops closer than their symbols (Brazzaville and Kinshasa) keep
        // their leg, drawn under the symbols, with no arrowhead.
        let short = sides.is_empty();
        let sides = if short { untrimmed } else { sides };
        let Some(line) = sides.last().cloned() else {
            continue;
        };
        let pieces: Vec<Vec<(f64, f64)>> = sides
            .iter()
            .flat_map(|s| clip_polyline(s, &frame.rect))
            .collect();
        legs = legs.add(
            Path::new()
                .set("class", "leg")
                .set("d", path_data(&pieces, false))
                .set("data-seq", i + 1)
                .set(
                    "data-from",
                    clean(pair[0].name_en.as_deref().unwrap_or(&pair[0].name)),
                )
                .set(
                    "data-to",
                    clean(pair[1].name_en.as_deref().unwrap_or(&pair[1].name)),
                ),
        );
        if let (false, Some(&tip), Some(&before)) = (short, line.last(), line.iter().rev().nth(1)) {
            arrows = arrows.add(
                Path::new()
                    .set("class", "arrow")
                    .set("d", arrowhead(before, tip)),
            );
        }
    }
    doc = doc.add(legs).add(arrows);

    // Places and their labels.
    let mut symbols = Group::new().set("id", "places");
    let mut requests: Vec<LabelRequest> = Vec::new();
    let mut texts: Vec<(String, f64, &'static str)> = Vec::new();
    let mut seen_stops: Vec<usize> = Vec::new();
    for (i, s) in spec.route.iter().enumerate() {
        let Some(Some(p)) = route_px.get(i).copied() else {
            continue;
        };
        if !frame.rect.contains_point(p) {
            continue;
        }
        // A return home is drawn once, at the origin.
        let first = spec
            .route
            .iter()
            .position(|t| t.id == s.id && t.name == s.name)
            .unwrap_or(i);
        if first != i {
            continue;
        }
        seen_stops.push(i);
        if i == 0 {
            symbols = symbols.add(
                Rectangle::new()
                    .set("class", "origin")
                    .set("x", fmt(p.0 - ORIGIN_RADIUS))
                    .set("y", fmt(p.1 - ORIGIN_RADIUS))
                    .set("width", ORIGIN_RADIUS * 2.0)
                    .set("height", ORIGIN_RADIUS * 2.0)
                    .set("fill", "#1f3b57")
                    .set("stroke", "#ffffff")
                    .set("stroke-width", 2)
                    .set("data-stop", 0)
                    .set(
                        "data-name-en",
                        clean(s.name_en.as_deref().unwrap_or(&s.name)),
                    ),
            );
        } else {
            symbols = symbols
                .add(
                    Circle::new()
                        .set("class", "stop")
                        .set("cx", fmt(p.0))
                        .set("cy", fmt(p.1))
                        .set("r", STOP_RADIUS)
                        .set("fill", clean(&spec.style.route))
                        .set("stroke", "#ffffff")
                        .set("stroke-width", 2)
                        .set("data-stop", i)
                        .set(
                            "data-name-en",
                            clean(s.name_en.as_deref().unwrap_or(&s.name)),
                        ),
                )
                .add(
                    Text::new(i.to_string())
                        .set("class", "stop-number")
                        .set("x", fmt(p.0))
                        .set("y", fmt(p.1 + 4.5))
                        .set("text-anchor", "middle")
                        .set("font-size", 13)
                        .set("font-weight", "bold")
                        .set("fill", "#ffffff"),
                );
        }
        let size = 17.0;
        requests.push(LabelRequest {
            anchor: p,
            width: text_width(&s.name, size) + 4.0,
            height: size * 1.25,
            priority: if i == 0 { 1 } else { 0 },
            symbol_radius: if i == 0 { ORIGIN_RADIUS } else { STOP_RADIUS },
        });
        texts.push((
            clean(&s.name),
            size,
            if i == 0 { "label origin" } else { "label stop" },
        ));
    }
    for p in &spec.places {
        let (role, _) = spec.role_of(p);
        if role != Role::Context {
            continue;
        }
        let Some(px) = frame.project(p.lon, p.lat) else {
            continue;
        };
        if !frame.rect.contains_point(px) {
            continue;
        }
        let is_country = p.place_type == "country";
        let shaded_member = p.country.as_deref().is_some_and(|c| shaded.contains(&c));
        let big = is_country || matches!(p.place_type.as_str(), "admin1" | "region" | "continent");
        if !big {
            symbols = symbols.add(
                Circle::new()
                    .set("class", "context")
                    .set("cx", fmt(px.0))
                    .set("cy", fmt(px.1))
                    .set("r", CONTEXT_RADIUS)
                    .set("fill", "#555555")
                    .set("stroke", "#ffffff")
                    .set("stroke-width", 1)
                    .set("data-name-en", clean(&p.name_en)),
            );
        }
        let size = if big { 12.0 } else { 13.0 };
        requests.push(LabelRequest {
            anchor: px,
            width: text_width(&p.name, size) + 4.0,
            height: size * 1.25,
            priority: if shaded_member {
                2
            } else if big {
                4
            } else {
                3
            },
            symbol_radius: if big { 0.0 } else { CONTEXT_RADIUS },
        });
        texts.push((
            clean(&p.name),
            size,
            if big { "label region" } else { "label context" },
        ));
    }
    doc = doc.add(symbols);

    // Title band, legend, footer: obstacles for the labels.
    let legend = legend(spec, w, h);
    let inset_size = 120.0;
    let inset_rect = Rect {
        x0: w - inset_size - 10.0,
        y0: h - FOOTER - inset_size - 10.0,
        x1: w - 10.0,
        y1: h - FOOTER - 10.0,
    };
    let obstacles = [legend.1, inset_rect];
    let placements = place(&requests, &obstacles, &frame.rect);
    let mut labels = Group::new().set("id", "labels");
    for ((label, size, class), placement) in texts.iter().zip(&placements) {
        let (bbox, leader) = match placement {
            Placement::At { bbox, .. } => (*bbox, None),
            Placement::Leader { bbox, from, to, .. } => (*bbox, Some((*from, *to))),
            Placement::Dropped => continue,
        };
        if let Some((a, b)) = leader {
            labels = labels.add(
                Path::new()
                    .set("class", "leader")
                    .set(
                        "d",
                        format!("M{},{}L{},{}", fmt(a.0), fmt(a.1), fmt(b.0), fmt(b.1)),
                    )
                    .set("stroke", "#555555")
                    .set("stroke-width", 0.8)
                    .set("fill", "none"),
            );
        }
        let (cx, _) = bbox.center();
        let baseline = bbox.y1 - size * 0.3;
        let weight = if class.contains("stop") || class.contains("origin") {
            "bold"
        } else {
            "normal"
        };
        let fill = if class.contains("region") {
            "#6b6b6b"
        } else {
            "#222222"
        };
        let make = || {
            text(label.clone())
                .set("x", fmt(cx))
                .set("y", fmt(baseline))
                .set("text-anchor", "middle")
                .set("font-size", *size)
                .set("font-weight", weight)
        };
        // The halo is a copy drawn first with a wide white stroke: every
        // renderer draws that, unlike paint-order.
        labels = labels.add(
            Group::new()
                .set("class", *class)
                .add(
                    make()
                        .set("fill", "#ffffff")
                        .set("stroke", "#ffffff")
                        .set("stroke-width", 3.5)
                        .set("stroke-linejoin", "round")
                        .set("aria-hidden", "true"),
                )
                .add(make().set("fill", fill)),
        );
    }
    doc = doc.add(labels);

    // Header.
    let mut header = Group::new().set("id", "header");
    header = header
        .add(
            Rectangle::new()
                .set("x", 0)
                .set("y", 0)
                .set("width", w)
                .set("height", HEADER)
                .set("fill", "#ffffff"),
        )
        .add(
            text(clean(&spec.title))
                .set("class", "title")
                .set("x", fmt(w / 2.0))
                .set("y", 36)
                .set("text-anchor", "middle")
                .set("font-size", 26)
                .set("font-weight", "bold")
                .set("fill", clean(&spec.style.text)),
        );
    if !spec.subtitle.is_empty() {
        header = header.add(
            text(clean(&spec.subtitle))
                .set("class", "subtitle")
                .set("x", fmt(w / 2.0))
                .set("y", 64)
                .set("text-anchor", "middle")
                .set("font-size", 16)
                .set("fill", "#555555"),
        );
    }
    doc = doc.add(header).add(legend.0);

    // Scale bar, inset globe, footer.
    doc = doc.add(scale_bar(&frame, h));
    // A world map needs no globe to say where it is.
    if width < 300.0 {
        doc = doc.add(inset(&spec_box, inset_rect));
    }
    let footer = Group::new()
        .set("id", "footer")
        .add(
            Rectangle::new()
                .set("x", 0)
                .set("y", fmt(h - FOOTER))
                .set("width", w)
                .set("height", FOOTER)
                .set("fill", "#ffffff"),
        )
        .add(
            Text::new("Places: GeoNames (CC BY 4.0) · Boundaries: Natural Earth · Map: tripmap")
                .set("class", "attribution")
                .set("x", fmt(w / 2.0))
                .set("y", fmt(h - 9.0))
                .set("text-anchor", "middle")
                .set("font-size", 11)
                .set("fill", "#666666"),
        );
    doc = doc.add(footer);
    doc.to_string()
}

/// The map's description for screen readers and search: route and group.
fn describe(spec: &MapSpec) -> String {
    let route: Vec<&str> = spec
        .route
        .iter()
        .map(|s| s.name_en.as_deref().unwrap_or(&s.name))
        .collect();
    let mut d = if route.is_empty() {
        "Places mentioned in the article.".to_string()
    } else {
        format!("Route: {}.", route.join(" → "))
    };
    for g in &spec.groups {
        let members: Vec<&str> = g.members.iter().map(|m| m.name_en.as_str()).collect();
        d.push_str(&format!(
            " {} members shaded: {}.",
            g.key,
            members.join(", ")
        ));
    }
    d
}

fn empty_map(spec: &MapSpec) -> String {
    Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("viewBox", (0, 0, spec.style.width, spec.style.height))
        .add(Title::new(clean(&spec.title)))
        .to_string()
}

/// Cuts `start` px off the beginning of a polyline and `end` px off its end.
fn trim(line: &[(f64, f64)], start: f64, end: f64) -> Vec<(f64, f64)> {
    fn cut_front(line: &[(f64, f64)], mut len: f64) -> Vec<(f64, f64)> {
        for i in 1..line.len() {
            let (a, b) = (line[i - 1], line[i]);
            let seg = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            if seg >= len {
                let t = if seg > 0.0 { len / seg } else { 0.0 };
                let mut out = vec![(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)];
                out.extend_from_slice(&line[i..]);
                return out;
            }
            len -= seg;
        }
        Vec::new()
    }
    let front = cut_front(line, start);
    let mut rev: Vec<(f64, f64)> = front.into_iter().rev().collect();
    rev = cut_front(&rev, end);
    rev.reverse();
    rev
}

/// A filled triangle pointing from `before` to `tip`.
fn arrowhead(before: (f64, f64), tip: (f64, f64)) -> String {
    let (dx, dy) = (tip.0 - before.0, tip.1 - before.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let (l, hw) = (11.0, 5.5);
    let base = (tip.0 - ux * l, tip.1 - uy * l);
    let left = (base.0 - uy * hw, base.1 + ux * hw);
    let right = (base.0 + uy * hw, base.1 - ux * hw);
    format!(
        "M{},{}L{},{}L{},{}Z",
        fmt(tip.0),
        fmt(tip.1),
        fmt(left.0),
        fmt(left.1),
        fmt(right.0),
        fmt(right.1)
    )
}

/// The legend: group swatches, origin and stop symbols. Returns the group
/// and the box it covers.
fn legend(spec: &MapSpec, _w: f64, h: f64) -> (Group, Rect) {
    let mut rows: Vec<(&str, String)> = Vec::new();
    for g in &spec.groups {
        rows.push(("member", clean(&g.label)));
    }
    if !spec.route.is_empty() {
        rows.push((
            "origin",
            clean(crate::trip::spec::map_word(&spec.labels, "origin")),
        ));
        rows.push((
            "stop",
            clean(crate::trip::spec::map_word(&spec.labels, "stop")),
        ));
    }
    let row_h = 22.0;
    let width = rows
        .iter()
        .map(|(_, t)| text_width(t, 13.0))
        .fold(0.0, f64::max)
        + 48.0;
    let height = rows.len() as f64 * row_h + 12.0;
    let x0 = 12.0;
    let y0 = h - FOOTER - height - 12.0;
    let rect = Rect {
        x0,
        y0,
        x1: x0 + width,
        y1: y0 + height,
    };
    let mut g = Group::new().set("id", "legend");
    if rows.is_empty() {
        return (
            g,
            Rect {
                x0,
                y0: h - FOOTER,
                x1: x0,
                y1: h - FOOTER,
            },
        );
    }
    g = g.add(
        Rectangle::new()
            .set("x", fmt(x0))
            .set("y", fmt(y0))
            .set("width", fmt(width))
            .set("height", fmt(height))
            .set("fill", "#ffffff")
            .set("fill-opacity", 0.9)
            .set("stroke", "#cccccc"),
    );
    for (i, (kind, entry)) in rows.iter().enumerate() {
        let cy = y0 + 6.0 + row_h * (i as f64 + 0.5);
        let sym = match *kind {
            "member" => Group::new().add(
                Rectangle::new()
                    .set("x", fmt(x0 + 10.0))
                    .set("y", fmt(cy - 7.0))
                    .set("width", 20)
                    .set("height", 14)
                    .set("fill", clean(&spec.style.highlight))
                    .set("stroke", "#999999"),
            ),
            "origin" => Group::new().add(
                Rectangle::new()
                    .set("x", fmt(x0 + 14.0))
                    .set("y", fmt(cy - 6.0))
                    .set("width", 12)
                    .set("height", 12)
                    .set("fill", "#1f3b57"),
            ),
            _ => Group::new().add(
                Circle::new()
                    .set("cx", fmt(x0 + 20.0))
                    .set("cy", fmt(cy))
                    .set("r", 7)
                    .set("fill", clean(&spec.style.route)),
            ),
        };
        g = g.add(sym).add(
            text(entry.clone())
                .set("x", fmt(x0 + 40.0 + text_width(entry, 13.0) / 2.0))
                .set("y", fmt(cy + 4.5))
                .set("text-anchor", "middle")
                .set("font-size", 13)
                .set("fill", "#333333"),
        );
    }
    (g, rect)
}

/// A scale bar of a round length, measured along the map's middle.
fn scale_bar(frame: &Frame, h: f64) -> Group {
    let g = Group::new().set("id", "scale");
    let cy = (frame.rect.y0 + frame.rect.y1) / 2.0;
    let cx = (frame.rect.x0 + frame.rect.x1) / 2.0;
    // Distance of 100 px at the centre, by projecting back with a search
    // along the parallel of the centre.
    let Some(km_per_px) = km_per_px(frame, cx, cy) else {
        return g;
    };
    let target = 160.0 * km_per_px;
    let nice = [1.0, 2.0, 5.0]
        .iter()
        .flat_map(|m| (0..6).map(move |e| m * 10f64.powi(e)))
        .filter(|&v| v <= target)
        .fold(0.0, f64::max);
    if nice <= 0.0 {
        return g;
    }
    let len = nice / km_per_px;
    let (x0, y) = (12.0, h - FOOTER - 8.0);
    let x0 = x0 + 0.0;
    g.set("transform", format!("translate({},{})", 0, 0))
        .add(
            Path::new()
                .set(
                    "d",
                    format!("M{},{}v-6h{}v6", fmt(x0 + 200.0), fmt(y), fmt(len)),
                )
                .set("fill", "none")
                .set("stroke", "#333333")
                .set("stroke-width", 1.5),
        )
        .add(
            Text::new(format!("{} km", nice))
                .set("x", fmt(x0 + 200.0 + len / 2.0))
                .set("y", fmt(y - 9.0))
                .set("text-anchor", "middle")
                .set("font-size", 11)
                .set("fill", "#333333"),
        )
}

/// Ground distance per px near a screen point, found by projecting the
/// points 1° east and west of the frame's centre.
fn km_per_px(frame: &Frame, _cx: f64, _cy: f64) -> Option<f64> {
    // The projection's centre is where the map is least distorted.
    let (lon0, lat0) = match frame.proj {
        Projection::Laea { lon0, lat0 } | Projection::Orthographic { lon0, lat0 } => (lon0, lat0),
        Projection::Albers { lon0, lat0, .. } => (lon0, lat0),
        Projection::EqualEarth { lon0 } => (lon0, 0.0),
    };
    let a = frame.project(lon0 - 0.5, lat0)?;
    let b = frame.project(lon0 + 0.5, lat0)?;
    let px = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    (px > 0.0).then(|| distance_km((lon0 - 0.5, lat0), (lon0 + 0.5, lat0)) / px)
}

/// The land of the inset globe centred on a point, as path data: the
/// same few centres come back map after map, so drawings are kept, per
/// whole degree of centre.
fn globe_land(lon_c: f64, lat_c: f64, cx: f64, cy: f64, radius: f64) -> String {
    use std::sync::{Mutex, OnceLock};
    type Drawings = crate::hash::FastMap<(i32, i32, u64, u64, u64), String>;
    static CACHE: OnceLock<Mutex<Drawings>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(crate::hash::FastMap::default()));
    let (lo, la) = (lon_c.round() as i32, lat_c.round() as i32);
    let key = (lo, la, cx.to_bits(), cy.to_bits(), radius.to_bits());
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let proj = Projection::Orthographic {
        lon0: f64::from(lo),
        lat0: f64::from(la),
    };
    let to_px = |lon: f64, lat: f64| {
        proj.forward(lon, lat)
            .map(|(x, y)| (cx + x * radius, cy - y * radius))
    };
    let mut d = String::new();
    // In key order: the same map gives the same bytes on every run.
    let mut countries: Vec<_> = outline::all_countries(Detail::World).collect();
    countries.sort_by_key(|(k, _)| *k);
    for (_, mp) in countries {
        for ring in simplified_rings(mp, 5).iter() {
            let pts: Option<Vec<(f64, f64)>> = ring.iter().map(|&(x, y)| to_px(x, y)).collect();
            if let Some(pts) = pts {
                let pts = simplify(&pts, 0.7);
                if pts.len() >= 3 {
                    d.push_str(&path_data(&[pts], true));
                }
            }
        }
    }
    if let Ok(mut c) = cache.lock() {
        if c.len() > 10_000 {
            c.clear();
        }
        c.insert(key, d.clone());
    }
    d
}

/// A small globe showing where the map is.
fn inset(spec_box: &(f64, f64, f64, f64), r: Rect) -> Group {
    let (w, s, e, n) = *spec_box;
    let lon_c = if w <= e {
        (w + e) / 2.0
    } else {
        ((w + e + 360.0) / 2.0 + 180.0) % 360.0 - 180.0
    };
    let lat_c = ((s + n) / 2.0).clamp(-60.0, 60.0);
    // Whole degrees: the globe's land is drawn once per centre.
    let (lon_c, lat_c) = (lon_c.round(), lat_c.round());
    let proj = Projection::Orthographic {
        lon0: lon_c,
        lat0: lat_c,
    };
    let radius = r.width() / 2.0;
    let (cx, cy) = r.center();
    let to_px = |lon: f64, lat: f64| {
        proj.forward(lon, lat)
            .map(|(x, y)| (cx + x * radius, cy - y * radius))
    };
    let mut g = Group::new().set("id", "inset").add(
        Circle::new()
            .set("cx", fmt(cx))
            .set("cy", fmt(cy))
            .set("r", fmt(radius))
            .set("fill", "#d4e4ef")
            .set("stroke", "#999999"),
    );
    let d = globe_land(lon_c, lat_c, cx, cy, radius);
    g = g.add(
        Path::new()
            .set("d", d)
            .set("fill", "#ece8df")
            .set("stroke", "none"),
    );
    // The map's extent on the globe.
    let width = if e >= w { e - w } else { e + 360.0 - w };
    let mut ring = Vec::new();
    for i in 0..=16 {
        let t = i as f64 / 16.0;
        ring.push((w + width * t, n));
    }
    for i in 0..=16 {
        let t = i as f64 / 16.0;
        ring.push((w + width * (1.0 - t), s));
    }
    let pts: Vec<(f64, f64)> = ring
        .into_iter()
        .filter_map(|(lon, lat)| to_px(if lon > 180.0 { lon - 360.0 } else { lon }, lat))
        .collect();
    if pts.len() >= 3 {
        g = g.add(
            Path::new()
                .set("class", "inset-extent")
                .set("d", path_data(&[pts], true))
                .set("fill", "#c0392b")
                .set("fill-opacity", 0.25)
                .set("stroke", "#c0392b")
                .set("stroke-width", 1.5),
        );
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_shortens_both_ends() {
        let line = vec![(0.0, 0.0), (10.0, 0.0), (20.0, 0.0)];
        let t = trim(&line, 5.0, 5.0);
        assert_eq!(t.first(), Some(&(5.0, 0.0)));
        assert_eq!(t.last(), Some(&(15.0, 0.0)));
        assert!(trim(&line, 15.0, 15.0).is_empty());
    }

    #[test]
    fn numbers_have_one_decimal_at_most() {
        assert_eq!(fmt(12.34), "12.3");
        assert_eq!(fmt(-0.26), "-0.3");
        assert_eq!(fmt(-0.04), "0");
        assert_eq!(fmt(800.0), "800");
        assert_eq!(fmt(f64::NAN), "0");
    }

    #[test]
    fn text_is_cleaned_of_control_characters() {
        assert_eq!(clean("a\u{0}b\u{1b}c\u{85}d\u{FFFE}"), "abcd");
        assert_eq!(clean("\u{202E}Warsaw\u{2066}\u{202C}"), "Warsaw");
        // Joiners shape Arabic and emoji: they stay.
        assert_eq!(clean("a\u{200D}b"), "a\u{200D}b");
    }
}
