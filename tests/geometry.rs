//! Properties of the geometry, for any input proptest finds: a map's
//! projection puts every point of its extent at finite coordinates inside
//! its frame; a densified leg moves across the map in small steps and never
//! jumps (across the seam, along a pole, over a gap); GeoJSON legs cut at
//! the antimeridian stay within [-180, 180];
//! polygons keep counter-clockwise, valid exterior rings after clipping
//! and simplification, and so do the country outlines the GeoJSON carries.

use geo::Validation;
use proptest::prelude::*;

use tripmap::carto::clip::{Rect, clip_polygon, is_ccw, orient_ccw, ring_area, simplify_ring};
use tripmap::carto::projection::{Fit, Projection, fit};
use tripmap::carto::sphere::densify;
use tripmap::gazetteer::outline::{Detail, all_countries};
use tripmap::render::geojson::{area_geometry, leg_geometry};

const W: f64 = 1200.0;
const H: f64 = 800.0;
const MARGIN: f64 = 40.0;

/// An extent as a map has one: west edge, longitude span (up to most of
/// the globe, across the antimeridian too), south edge, latitude span.
fn extent() -> impl Strategy<Value = (f64, f64, f64, f64)> {
    (
        -180.0..180.0f64,
        0.2..300.0f64,
        -85.0..84.0f64,
        0.2..120.0f64,
    )
        .prop_map(|(w, span, s, lat_span)| (w, span, s, (s + lat_span).min(89.0)))
}

fn wrap(lon: f64) -> f64 {
    (lon + 540.0).rem_euclid(360.0) - 180.0
}

/// The extent's projection, fitted to the frame by its edges sampled
/// every 0.25° (as a renderer fits the places it draws).
fn fitted(e: (f64, f64, f64, f64)) -> (Projection, Fit) {
    let (west, span, south, north) = e;
    let proj = Projection::for_extent(west, south, wrap(west + span), north);
    let n = 4 * (span.max(north - south) as usize + 1);
    let mut edge = Vec::new();
    for i in 0..=n {
        let f = i as f64 / n as f64;
        let lon = wrap(west + span * f);
        let lat = south + (north - south) * f;
        edge.extend([
            (lon, south),
            (lon, north),
            (wrap(west), lat),
            (wrap(west + span), lat),
        ]);
    }
    let fit = fit(&proj, edge, W, H, MARGIN).expect("an extent fits");
    (proj, fit)
}

/// A point of the extent, from two fractions.
fn inside(e: (f64, f64, f64, f64), fx: f64, fy: f64) -> (f64, f64) {
    (wrap(e.0 + e.1 * fx), e.2 + (e.3 - e.2) * fy)
}

/// A star-shaped polygon around (cx, cy), with deep bays and spikes: one
/// vertex per spoke, the spokes in order of angle and never 180° apart, so
/// the polygon is simple and counter-clockwise.
fn star() -> impl Strategy<Value = Vec<(f64, f64)>> {
    (
        -50.0..150.0f64,
        -50.0..100.0f64,
        prop::collection::vec((0.0..0.9f64, 1.0..80.0f64), 4..80),
    )
        .prop_map(|(cx, cy, spokes)| {
            let n = spokes.len() as f64;
            let mut ring: Vec<(f64, f64)> = spokes
                .iter()
                .enumerate()
                .map(|(i, &(jitter, r))| {
                    let a = (i as f64 + jitter) / n * std::f64::consts::TAU;
                    (cx + r * a.cos(), cy + r * a.sin())
                })
                .collect();
            if let Some(&first) = ring.first() {
                ring.push(first);
            }
            ring
        })
}

fn polygon(ring: &[(f64, f64)]) -> geo::Polygon<f64> {
    geo::Polygon::new(
        ring.iter()
            .map(|&(x, y)| geo::coord! { x: x, y: y })
            .collect(),
        vec![],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_point_of_the_extent_lands_inside_the_frame(e in extent(), fx in 0.0..=1.0f64, fy in 0.0..=1.0f64) {
        let (proj, fit) = fitted(e);
        let (lon, lat) = inside(e, fx, fy);
        let p = fit.project(&proj, lon, lat);
        prop_assert!(p.is_some(), "({lon}, {lat}) has no position on {proj:?}");
        let (x, y) = p.unwrap();
        prop_assert!(x.is_finite() && y.is_finite());
        // The edges are sampled, so a curved edge may bulge a little
        // between samples: a pixel of slack.
        prop_assert!((MARGIN - 1.0..=W - MARGIN + 1.0).contains(&x), "x {x} for ({lon}, {lat}) on {proj:?}");
        prop_assert!((MARGIN - 1.0..=H - MARGIN + 1.0).contains(&y), "y {y} for ({lon}, {lat}) on {proj:?}");
    }

    #[test]
    fn a_densified_leg_never_jumps_across_the_map(
        e in extent(),
        a in (0.0..=1.0f64, 0.0..=1.0f64),
        b in (0.0..=1.0f64, 0.0..=1.0f64),
    ) {
        let (proj, fit) = fitted(e);
        let (from, to) = (inside(e, a.0, a.1), inside(e, b.0, b.1));
        // Drawn as the renderer draws it: a point every 25 km, one piece
        // per side of the projection's seam.
        let pieces = proj.seam_pieces(densify(from, to, 25.0), |lon, lat| fit.project(&proj, lon, lat));
        prop_assert!(pieces.iter().map(Vec::len).sum::<usize>() >= 2);
        // A step may be long only where the map is zoomed in so far that
        // 25 km is long (a straight segment is then the true path): never
        // more than three times what its length on the globe makes it.
        let diagonal = (W * W + H * H).sqrt();
        let px_per_km = fit.scale() / 6371.0088;
        for w in pieces.iter().flat_map(|p| p.windows(2)) {
            let d = ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt();
            let allowed = (diagonal / 8.0).max(3.0 * 25.0 * px_per_km);
            prop_assert!(d.is_finite() && d < allowed, "a step of {d} px from {:?} to {:?} on {proj:?}", w[0], w[1]);
        }
    }

    #[test]
    fn geojson_legs_stay_within_the_antimeridian(
        a in (-180.0..=180.0f64, -89.0..=89.0f64),
        b in (-180.0..=180.0f64, -89.0..=89.0f64),
    ) {
        let parts: Vec<Vec<Vec<f64>>> = match leg_geometry(a, b) {
            geojson::GeometryValue::LineString { coordinates } => vec![coordinates.into_iter().map(|p| p.as_slice().to_vec()).collect()],
            geojson::GeometryValue::MultiLineString { coordinates } => coordinates
                .into_iter()
                .map(|l| l.into_iter().map(|p| p.as_slice().to_vec()).collect())
                .collect(),
            other => return Err(TestCaseError::fail(format!("{other:?}"))),
        };
        for part in &parts {
            prop_assert!(part.len() >= 2);
            for p in part {
                prop_assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]), "{p:?}");
            }
            for w in part.windows(2) {
                prop_assert!((w[1][0] - w[0][0]).abs() <= 180.0, "a piece wraps: {:?}", w);
            }
        }
        let first = &parts[0][0];
        let last = parts.last().unwrap().last().unwrap();
        prop_assert!((first[1] - a.1).abs() < 1e-6 && (last[1] - b.1).abs() < 1e-6);
    }

    #[test]
    fn clipping_keeps_a_polygon_counter_clockwise_and_valid(
        ring in star(),
        r in (-80.0..100.0f64, -80.0..100.0f64, 5.0..150.0f64, 5.0..150.0f64),
    ) {
        prop_assert!(is_ccw(&ring) && polygon(&ring).is_valid());
        let rect = Rect::new(r.0, r.1, r.0 + r.2, r.1 + r.3);
        let mut clipped = clip_polygon(&ring, &rect);
        if clipped.len() >= 4 {
            // Sutherland–Hodgman keeps the winding; orienting is a no-op.
            prop_assert!(ring_area(&clipped) >= -1e-9);
            orient_ccw(&mut clipped, true);
            prop_assert!(ring_area(&clipped) >= -1e-9);
            prop_assert!(ring_area(&clipped) <= ring_area(&ring) + 1e-6);
        }
    }

    #[test]
    fn simplifying_keeps_a_polygon_counter_clockwise_and_valid(ring in star(), tol in 0.0..40.0f64) {
        prop_assert!(is_ccw(&ring) && polygon(&ring).is_valid());
        let out = simplify_ring(&ring, tol);
        if !out.is_empty() {
            prop_assert!(out.len() >= 4 && out.first() == out.last());
            prop_assert!(is_ccw(&out), "the winding flipped");
            prop_assert!(polygon(&out).is_valid(), "{out:?}");
        }
    }

    #[test]
    fn country_outlines_in_geojson_have_ccw_exteriors_and_cw_holes(index in 0usize..10_000, detail in prop::bool::ANY) {
        let detail = if detail { Detail::World } else { Detail::Regional };
        let all: Vec<_> = all_countries(detail).collect();
        let (key, mp) = all[index % all.len()];
        let polys: Vec<Vec<Vec<Vec<f64>>>> = match area_geometry(mp) {
            geojson::GeometryValue::Polygon { coordinates } => vec![to_vecs(coordinates)],
            geojson::GeometryValue::MultiPolygon { coordinates } => coordinates.into_iter().map(to_vecs).collect(),
            other => return Err(TestCaseError::fail(format!("{key}: {other:?}"))),
        };
        for poly in &polys {
            for (i, ring) in poly.iter().enumerate() {
                let pts: Vec<(f64, f64)> = ring.iter().map(|p| (p[0], p[1])).collect();
                prop_assert!(pts.len() >= 4 && pts.first() == pts.last(), "{key}: open ring");
                prop_assert_eq!(is_ccw(&pts), i == 0, "{}: ring {} winds the wrong way", key, i);
                for p in &pts {
                    prop_assert!((-180.0..=180.0).contains(&p.0) && (-90.0..=90.0).contains(&p.1));
                }
            }
        }
    }
}

fn to_vecs(rings: Vec<Vec<geojson::Position>>) -> Vec<Vec<Vec<f64>>> {
    rings
        .into_iter()
        .map(|r| r.into_iter().map(|p| p.as_slice().to_vec()).collect())
        .collect()
}
