//! Great circles on a spherical Earth.
//!
//! Trip legs are drawn as great-circle arcs because that is the route a
//! reader expects for a flight, and because a straight line in lon/lat space
//! looks wrong on every projection tripmap draws. All positions are
//! `(longitude, latitude)` in degrees, the axis order RFC 7946 uses, so
//! values can flow into GeoJSON without swapping.
//!
//! A sphere (rather than an ellipsoid) is deliberate: the error is well below
//! a pixel at the scales of a trip map, and the slerp-based densification
//! stays simple and exactly reproducible.

/// Mean Earth radius in kilometres (IUGG mean radius R1).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Upper bound on the number of segments [`densify`] produces for one leg,
/// so a tiny `max_step_km` cannot blow up an SVG or GeoJSON document.
pub const MAX_SEGMENTS: usize = 512;

/// Below this chord-like magnitude two unit vectors are treated as identical
/// or antipodal; it corresponds to well under a millimetre on the ground.
const VECTOR_EPS: f64 = 1e-12;

type Vec3 = [f64; 3];

/// Wraps a longitude into `[-180, 180]`.
///
/// Values already in range (including both ±180) are returned unchanged, so
/// callers' inputs round-trip exactly; only out-of-range values are wrapped.
pub fn normalize_lon(lon: f64) -> f64 {
    if (-180.0..=180.0).contains(&lon) || !lon.is_finite() {
        return lon;
    }
    let wrapped = (lon + 180.0).rem_euclid(360.0) - 180.0;
    // rem_euclid can round up to exactly 360 for tiny negative inputs.
    if wrapped >= 180.0 {
        wrapped - 360.0
    } else {
        wrapped
    }
}

fn to_vec((lon, lat): (f64, f64)) -> Vec3 {
    let (lon, lat) = (lon.to_radians(), lat.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn dot(a: Vec3, b: Vec3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: Vec3, b: Vec3) -> Vec3 {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn norm(a: Vec3) -> f64 {
    dot(a, a).sqrt()
}

fn scale(a: Vec3, k: f64) -> Vec3 {
    [a[0] * k, a[1] * k, a[2] * k]
}

fn add(a: Vec3, b: Vec3) -> Vec3 {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

/// The great circle from `a` towards `b`, described by the start vector, a
/// unit tangent at the start pointing along the path, and the arc length in
/// radians. Moving `theta` along it is `cos(theta)·a + sin(theta)·t`, which
/// is better conditioned than textbook slerp for short and near-antipodal
/// legs.
struct Arc {
    start: Vec3,
    tangent: Vec3,
    angle: f64,
}

impl Arc {
    /// Returns `None` when the endpoints coincide (there is no direction).
    ///
    /// For exactly antipodal endpoints every great circle through them is a
    /// shortest path, so a deterministic one is chosen: the path leaves `a`
    /// heading due north (over the north pole side of `a`'s meridian). If
    /// `a` is itself a pole the path follows the prime meridian (longitude 0
    /// side) towards the opposite pole.
    fn new(a: (f64, f64), b: (f64, f64)) -> Option<Arc> {
        let va = to_vec(a);
        let vb = to_vec(b);
        let cos_angle = dot(va, vb);
        let sin_angle = norm(cross(va, vb));
        let angle = sin_angle.atan2(cos_angle);
        // Component of b orthogonal to a: its direction is the tangent.
        let ortho = add(vb, scale(va, -cos_angle));
        let ortho_len = norm(ortho);
        if ortho_len > VECTOR_EPS {
            return Some(Arc {
                start: va,
                tangent: scale(ortho, 1.0 / ortho_len),
                angle,
            });
        }
        if cos_angle > 0.0 {
            return None;
        }
        let north = [0.0, 0.0, 1.0];
        let towards_north = add(north, scale(va, -dot(north, va)));
        let len = norm(towards_north);
        let tangent = if len > VECTOR_EPS {
            scale(towards_north, 1.0 / len)
        } else {
            // `a` is a pole: go along the prime meridian.
            let prime = [1.0, 0.0, 0.0];
            let t = add(prime, scale(va, -dot(prime, va)));
            scale(t, 1.0 / norm(t))
        };
        Some(Arc {
            start: va,
            tangent,
            angle: std::f64::consts::PI,
        })
    }

    fn at(&self, theta: f64) -> Vec3 {
        add(
            scale(self.start, theta.cos()),
            scale(self.tangent, theta.sin()),
        )
    }
}

/// Converts a unit vector back to `(lon, lat)`. At a pole the longitude is
/// meaningless, so `fallback_lon` is used instead of atan2 of rounding noise;
/// that keeps longitudes of pole-crossing paths stable and reproducible.
fn from_vec(v: Vec3, fallback_lon: f64) -> (f64, f64) {
    let horizontal = v[0].hypot(v[1]);
    let lat = v[2].atan2(horizontal).to_degrees();
    let lon = if horizontal < VECTOR_EPS {
        fallback_lon
    } else {
        v[1].atan2(v[0]).to_degrees()
    };
    (normalize_lon(lon), lat)
}

/// Great-circle distance in kilometres (haversine formula on a sphere of
/// radius [`EARTH_RADIUS_KM`]).
///
/// Haversine is used because it stays accurate for the short hops (a few
/// kilometres between venues in one city) that trip maps often contain.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.0 - a.0).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.clamp(0.0, 1.0).sqrt().asin()
}

/// The point a fraction `f` (0 = `a`, 1 = `b`) of the way along the great
/// circle from `a` to `b`, with the same antipodal rule as [`densify`].
pub fn interpolate(a: (f64, f64), b: (f64, f64), f: f64) -> (f64, f64) {
    match Arc::new(a, b) {
        None => (normalize_lon(a.0), a.1),
        Some(arc) => from_vec(arc.at(f * arc.angle), normalize_lon(a.0)),
    }
}

/// The great-circle midpoint of `a` and `b`, e.g. for placing a leg's
/// direction arrow. Antipodal points use the deterministic path described in
/// [`densify`].
pub fn midpoint(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    interpolate(a, b, 0.5)
}

/// Initial bearing (forward azimuth) from `a` towards `b` in degrees,
/// clockwise from true north, in `[0, 360)`. Returns 0 for identical points.
///
/// Evaluate it at a leg's last-but-one densified point towards its end to
/// orient an arrowhead along the arc.
pub fn initial_bearing_deg(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.1.to_radians(), b.1.to_radians());
    let dlon = (b.0 - a.0).to_radians();
    let y = dlon.sin() * lat2.cos();
    let x = lat1.cos() * lat2.sin() - lat1.sin() * lat2.cos() * dlon.cos();
    if y == 0.0 && x == 0.0 {
        return 0.0;
    }
    let deg = y.atan2(x).to_degrees().rem_euclid(360.0);
    // rem_euclid may round a tiny negative angle up to exactly 360.
    if deg >= 360.0 { 0.0 } else { deg }
}

/// Points along the great circle from `a` to `b`, both included, no two
/// consecutive points more than `max_step_km` apart.
///
/// * The number of segments is `ceil(distance / max_step_km)`, at least 1
///   and at most [`MAX_SEGMENTS`]; when the cap applies the spacing is
///   `distance / MAX_SEGMENTS` instead. A non-positive or NaN step also
///   means "use the cap".
/// * The first and last points are `a` and `b` themselves (longitudes
///   wrapped into `[-180, 180]`), so legs join exactly at their stops.
/// * Identical points give `[a, b]`, a valid two-position GeoJSON line.
/// * Antipodal points have no unique shortest path; the route leaves `a`
///   heading due north, over the north pole side (along the prime meridian
///   if `a` is a pole), so the same input always draws the same arc.
/// * Non-finite coordinates give `[a, b]` unchanged.
///
/// Interior longitudes are in `[-180, 180]`; the result may jump across the
/// antimeridian, which [`split_antimeridian`] resolves.
pub fn densify(a: (f64, f64), b: (f64, f64), max_step_km: f64) -> Vec<(f64, f64)> {
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return vec![a, b];
    }
    let start = (normalize_lon(a.0), a.1);
    let end = (normalize_lon(b.0), b.1);
    let Some(arc) = Arc::new(a, b) else {
        return vec![start, end];
    };
    let length_km = arc.angle * EARTH_RADIUS_KM;
    let segments = if max_step_km > 0.0 {
        let wanted = (length_km / max_step_km).ceil();
        if wanted >= MAX_SEGMENTS as f64 {
            MAX_SEGMENTS
        } else {
            (wanted as usize).max(1)
        }
    } else {
        MAX_SEGMENTS
    };
    let mut points = Vec::with_capacity(segments + 1);
    points.push(start);
    for i in 1..segments {
        let theta = arc.angle * (i as f64 / segments as f64);
        let prev_lon = points[i - 1].0;
        points.push(from_vec(arc.at(theta), prev_lon));
    }
    points.push(end);
    points
}

/// Cuts a lon/lat polyline wherever it crosses the antimeridian.
///
/// A crossing is a pair of consecutive points whose longitudes differ by
/// more than 180°: the short way between them goes over ±180. At each one
/// the crossing latitude is interpolated linearly along that short way and
/// the current piece ends at lon `+180` (or `-180`) while the next starts at
/// the opposite sign with the same latitude. Every piece then stays within
/// `[-180, 180]` and no segment spans the whole map, which both an
/// equirectangular SVG and RFC 7946 (section 3.1.9) require.
///
/// The line should already be densified so that the linear interpolation is
/// faithful. Pieces with fewer than two points are dropped: they only arise
/// when a line starts or ends exactly on the antimeridian, and that point is
/// then still present as its ±180 twin in the neighbouring piece. A line
/// that never crosses comes back as a single piece (an empty line gives no
/// pieces, a single point one piece).
///
/// A step of exactly 180° is not a crossing: it is what a path through a
/// pole looks like, where it changes to the opposite meridian.
pub fn split_antimeridian(line: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let Some(&first) = line.first() else {
        return Vec::new();
    };
    let mut pieces = Vec::new();
    let mut current = vec![first];
    for pair in line.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        let dlon = q.0 - p.0;
        if dlon.abs() > 180.0 {
            // Eastward over +180 when the longitude falls, westward otherwise.
            let (edge, q_unwrapped) = if dlon < 0.0 {
                (180.0, q.0 + 360.0)
            } else {
                (-180.0, q.0 - 360.0)
            };
            let t = (edge - p.0) / (q_unwrapped - p.0);
            let lat = p.1 + t.clamp(0.0, 1.0) * (q.1 - p.1);
            push_distinct(&mut current, (edge, lat));
            let finished = std::mem::replace(&mut current, vec![(-edge, lat)]);
            if finished.len() >= 2 {
                pieces.push(finished);
            }
        }
        push_distinct(&mut current, q);
    }
    if current.len() >= 2 || pieces.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Appends `p` unless it repeats the last point, so crossings that fall
/// exactly on an input point do not create zero-length segments.
fn push_distinct(points: &mut Vec<(f64, f64)>, p: (f64, f64)) {
    if points.last() != Some(&p) {
        points.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TOKYO: (f64, f64) = (139.69, 35.69);
    const LOS_ANGELES: (f64, f64) = (-118.24, 34.05);
    const PARIS: (f64, f64) = (2.35, 48.86);
    const NEW_YORK: (f64, f64) = (-74.01, 40.71);

    #[test]
    fn known_distances() {
        // Paris–New York is about 5837 km on the mean sphere.
        let d = distance_km(PARIS, NEW_YORK);
        assert!((d - 5837.0).abs() < 10.0, "{d}");
        assert_eq!(distance_km(PARIS, PARIS), 0.0);
        let half = std::f64::consts::PI * EARTH_RADIUS_KM;
        assert!((distance_km((0.0, 0.0), (180.0, 0.0)) - half).abs() < 1e-6);
    }

    #[test]
    fn normalize_lon_wraps_only_out_of_range() {
        assert_eq!(normalize_lon(180.0), 180.0);
        assert_eq!(normalize_lon(-180.0), -180.0);
        assert_eq!(normalize_lon(190.0), -170.0);
        assert_eq!(normalize_lon(-190.0), 170.0);
        assert_eq!(normalize_lon(540.0), -180.0);
        assert_eq!(normalize_lon(12.5), 12.5);
    }

    #[test]
    fn densify_keeps_endpoints_and_step() {
        let pts = densify(PARIS, NEW_YORK, 100.0);
        assert_eq!(pts.first(), Some(&PARIS));
        assert_eq!(pts.last(), Some(&NEW_YORK));
        assert_eq!(pts.len(), 60); // ceil(5837 / 100) = 59 segments
        for w in pts.windows(2) {
            assert!(distance_km(w[0], w[1]) <= 100.0 + 1e-6);
        }
        // Flights from Paris to New York arc north of both cities.
        assert!(pts.iter().any(|p| p.1 > 51.0));
    }

    #[test]
    fn densify_identical_points() {
        assert_eq!(densify(PARIS, PARIS, 10.0), vec![PARIS, PARIS]);
    }

    #[test]
    fn densify_caps_segments() {
        assert_eq!(densify(PARIS, NEW_YORK, 0.001).len(), MAX_SEGMENTS + 1);
        assert_eq!(densify(PARIS, NEW_YORK, 0.0).len(), MAX_SEGMENTS + 1);
        assert_eq!(densify(PARIS, NEW_YORK, f64::NAN).len(), MAX_SEGMENTS + 1);
        assert_eq!(densify(PARIS, NEW_YORK, 1e9).len(), 2);
    }

    #[test]
    fn densify_antipodal_goes_north() {
        let a = (10.0, -20.0);
        let b = (-170.0, 20.0);
        let pts = densify(a, b, 500.0);
        assert_eq!(pts.first(), Some(&a));
        assert_eq!(pts.last(), Some(&b));
        // Heading north from a means passing over the north pole.
        assert!(pts[1].1 > a.1);
        assert!(pts.iter().any(|p| p.1 > 89.0));
        assert_eq!(pts, densify(a, b, 500.0));
        for w in pts.windows(2) {
            assert!(distance_km(w[0], w[1]) <= 500.0 + 1e-6);
        }
    }

    #[test]
    fn densify_pole_to_pole_uses_prime_meridian() {
        let pts = densify((0.0, 90.0), (0.0, -90.0), 1000.0);
        for p in &pts[1..pts.len() - 1] {
            assert!(p.0.abs() < 1e-9, "{p:?}");
        }
    }

    #[test]
    fn midpoint_and_bearing() {
        let m = midpoint((0.0, 0.0), (90.0, 0.0));
        assert!((m.0 - 45.0).abs() < 1e-9 && m.1.abs() < 1e-9);
        assert!((initial_bearing_deg((0.0, 0.0), (0.0, 10.0)) - 0.0).abs() < 1e-9);
        assert!((initial_bearing_deg((0.0, 0.0), (10.0, 0.0)) - 90.0).abs() < 1e-9);
        assert!((initial_bearing_deg((0.0, 0.0), (0.0, -10.0)) - 180.0).abs() < 1e-9);
        assert!((initial_bearing_deg((0.0, 0.0), (-10.0, 0.0)) - 270.0).abs() < 1e-9);
        assert_eq!(initial_bearing_deg(PARIS, PARIS), 0.0);
        // Paris to New York starts out heading west-north-west.
        let b = initial_bearing_deg(PARIS, NEW_YORK);
        assert!((285.0..300.0).contains(&b), "{b}");
        // Antipodal: a quarter turn north of (10, -20) along its meridian.
        let m = midpoint((10.0, -20.0), (-170.0, 20.0));
        assert!(
            (m.0 - 10.0).abs() < 1e-9 && (m.1 - 70.0).abs() < 1e-9,
            "{m:?}"
        );
    }

    #[test]
    fn tokyo_to_los_angeles_splits_in_two() {
        let line = densify(TOKYO, LOS_ANGELES, 200.0);
        let pieces = split_antimeridian(&line);
        assert_eq!(pieces.len(), 2);
        let end = *pieces[0].last().unwrap();
        let start = pieces[1][0];
        assert_eq!(end.0, 180.0);
        assert_eq!(start.0, -180.0);
        assert_eq!(end.1, start.1);
        assert_eq!(pieces[0][0], TOKYO);
        assert_eq!(*pieces[1].last().unwrap(), LOS_ANGELES);
        // The crossing is well north of both cities on the great circle.
        assert!(end.1 > 40.0, "{end:?}");
    }

    #[test]
    fn westward_crossing() {
        let pieces = split_antimeridian(&[(-170.0, 0.0), (170.0, 10.0)]);
        assert_eq!(
            pieces,
            vec![
                vec![(-170.0, 0.0), (-180.0, 5.0)],
                vec![(180.0, 5.0), (170.0, 10.0)]
            ]
        );
    }

    #[test]
    fn no_crossing_is_one_piece() {
        let line = densify(PARIS, NEW_YORK, 300.0);
        assert_eq!(split_antimeridian(&line), vec![line.clone()]);
        assert_eq!(split_antimeridian(&[PARIS]), vec![vec![PARIS]]);
        assert!(split_antimeridian(&[]).is_empty());
    }

    #[test]
    fn crossing_on_an_input_point_adds_no_stub() {
        let pieces = split_antimeridian(&[(180.0, 3.0), (-170.0, 4.0)]);
        assert_eq!(pieces, vec![vec![(-180.0, 3.0), (-170.0, 4.0)]]);
        let pieces = split_antimeridian(&[(170.0, 3.0), (180.0, 4.0), (-170.0, 5.0)]);
        assert_eq!(
            pieces,
            vec![
                vec![(170.0, 3.0), (180.0, 4.0)],
                vec![(-180.0, 4.0), (-170.0, 5.0)]
            ]
        );
    }

    fn lonlat() -> impl Strategy<Value = (f64, f64)> {
        (-180.0..=180.0f64, -90.0..=90.0f64)
    }

    /// Equal positions, treating lon -180 and +180 as the same meridian.
    fn same_place(p: (f64, f64), q: (f64, f64)) -> bool {
        p.1 == q.1 && (p.0 == q.0 || (p.0.abs() == 180.0 && q.0.abs() == 180.0))
    }

    proptest! {
        #[test]
        fn densify_endpoints_and_spacing(a in lonlat(), b in lonlat(), step in 1.0..5000.0f64) {
            let pts = densify(a, b, step);
            prop_assert!(pts.len() >= 2 && pts.len() <= MAX_SEGMENTS + 1);
            prop_assert_eq!(pts[0], a);
            prop_assert_eq!(*pts.last().unwrap(), b);
            let limit = step.max(distance_km(a, b) / MAX_SEGMENTS as f64) + 1e-6;
            for w in pts.windows(2) {
                prop_assert!(distance_km(w[0], w[1]) <= limit);
            }
            for p in &pts {
                prop_assert!((-180.0..=180.0).contains(&p.0) && (-90.0..=90.0).contains(&p.1));
            }
        }

        #[test]
        fn split_pieces_are_well_formed(a in lonlat(), b in lonlat(), c in lonlat(), step in 50.0..2000.0f64) {
            let mut line = densify(a, b, step);
            line.extend(densify(b, c, step).into_iter().skip(1));
            let pieces = split_antimeridian(&line);
            prop_assert!(!pieces.is_empty());
            for piece in &pieces {
                prop_assert!(piece.len() >= 2);
                for p in piece {
                    prop_assert!((-180.0..=180.0).contains(&p.0));
                }
                for w in piece.windows(2) {
                    prop_assert!((w[1].0 - w[0].0).abs() <= 180.0);
                }
            }
            // Every input point appears, in order, in the concatenated pieces.
            let flat: Vec<_> = pieces.concat();
            let mut i = 0;
            for p in &line {
                while i < flat.len() && !same_place(flat[i], *p) {
                    i += 1;
                }
                prop_assert!(i < flat.len(), "point {:?} missing", p);
            }
        }
    }
}
