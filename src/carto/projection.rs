//! Map projections for trip maps.
//!
//! The renderer draws each trip on an SVG canvas. This module turns
//! longitude/latitude pairs into planar coordinates on a unit sphere
//! (radius 1, x east, y north) and then into pixel coordinates with
//! [`Fit`].
//!
//! Only spherical forms are used: a trip map is drawn at a scale where the
//! Earth's flattening (about 0.3 %) is far below a pixel, and the spherical
//! formulas are simpler, faster and easier to check. Every formula follows the
//! spherical forms in Snyder, *Map Projections: A Working Manual* (USGS
//! Professional Paper 1395, 1987), or the published Equal Earth definition
//! (Šavrič, Patterson & Jenny, 2018), and the integration test `tests/proj.rs`
//! checks them against the PROJ command-line tool.
//!
//! All angles in the public API are in degrees.

use serde::{Deserialize, Serialize};

/// Mean Earth radius in kilometres, used only to turn a ground distance into
/// a distance on the unit sphere when choosing a default zoom.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Ground span (km) shown around a trip that is a single place.
const DEFAULT_SPAN_KM: f64 = 500.0;

/// Projected extents smaller than this (on the unit sphere, about 6 mm on the
/// ground) are treated as a single point by [`fit`].
const DEGENERATE_SPAN: f64 = 1e-9;

/// Points whose `1 + cos(c)` (c = angular distance from the centre) is at or
/// below this are treated as the antipode of a Lambert azimuthal map, where
/// the projection is undefined. Matches the tolerance PROJ uses.
const ANTIPODE_EPS: f64 = 1e-10;

/// Orthographic points with `cos(c)` below `-HORIZON_EPS` are behind the
/// globe. The small tolerance keeps points exactly on the horizon visible
/// despite rounding, matching PROJ.
const HORIZON_EPS: f64 = 1e-10;

/// Albers cone constants smaller than this in magnitude are rejected: the
/// cone degenerates into a cylinder and the formulas divide by zero.
const MIN_CONE_CONSTANT: f64 = 1e-10;

// Equal Earth polynomial coefficients (Šavrič, Patterson & Jenny, 2018).
const EE_A1: f64 = 1.340264;
const EE_A2: f64 = -0.081106;
const EE_A3: f64 = 0.000893;
const EE_A4: f64 = 0.003796;

// Thresholds of the projection choice in `Projection::for_extent` (degrees).
/// Longitude span above which a trip is shown on a world map.
const WORLD_LON_SPAN: f64 = 150.0;
/// Latitude span above which a trip is shown on a world map.
const WORLD_LAT_SPAN: f64 = 100.0;
/// Extents no wider and no taller than this are "compact".
const COMPACT_SPAN: f64 = 35.0;
/// Extents reaching beyond this latitude touch the polar regions (about the
/// polar circles).
const POLAR_LAT: f64 = 66.5;
/// A very wide extent lying entirely poleward of this latitude is drawn
/// centred on the pole instead of on a world map.
const POLAR_CAP_LAT: f64 = 45.0;
/// Wide extents whose middle latitude is this close to the equator get an
/// azimuthal map rather than a nearly flat cone.
const EQUATORIAL_MID_LAT: f64 = 5.0;

/// A map projection of the sphere, with its parameters in degrees.
///
/// Serialised with an internal `"name"` tag, for example
/// `{"name":"laea","lon0":10,"lat0":45}` or
/// `{"name":"equal-earth","lon0":0}`. Deserialising does not check ranges:
/// call [`Projection::validate`] on values read from outside.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Projection {
    /// Lambert azimuthal equal-area centred on (`lon0`, `lat0`); any centre,
    /// including the poles. Areas are true and distortion grows slowly away
    /// from the centre, which suits regional maps. PROJ:
    /// `+proj=laea +R=1 +lon_0 +lat_0`.
    Laea { lon0: f64, lat0: f64 },
    /// Albers equal-area conic with central meridian `lon0`, origin latitude
    /// `lat0` and standard parallels `lat1`, `lat2` (true scale along both).
    /// Suits extents much wider east–west than north–south in middle
    /// latitudes. PROJ: `+proj=aea +R=1 +lon_0 +lat_0 +lat_1 +lat_2`.
    Albers {
        lon0: f64,
        lat0: f64,
        lat1: f64,
        lat2: f64,
    },
    /// Equal Earth, an equal-area pseudocylindrical world projection with
    /// central meridian `lon0`. PROJ: `+proj=eqearth +R=1 +lon_0`.
    EqualEarth { lon0: f64 },
    /// Orthographic view of the globe centred on (`lon0`, `lat0`), as seen
    /// from infinitely far away; used for the small locator globe. Points on
    /// the far hemisphere have no position. PROJ:
    /// `+proj=ortho +R=1 +lon_0 +lat_0`.
    Orthographic { lon0: f64, lat0: f64 },
}

impl Projection {
    /// Projects a point given in degrees onto the unit-sphere map plane
    /// (x east, y north).
    ///
    /// The longitude is taken relative to the central meridian and wrapped
    /// into [-180, 180), so any finite longitude is accepted.
    ///
    /// Returns `None` when the point has no position on this map: a
    /// non-finite coordinate, a latitude outside [-90, 90], the antipode of a
    /// Lambert azimuthal centre, a point on the hidden side of an
    /// orthographic globe, or parameters so far out of range (see
    /// [`Projection::validate`]) that the result is not finite.
    pub fn forward(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        if !lon.is_finite() || !lat.is_finite() || lat.abs() > 90.0 {
            return None;
        }
        let phi = lat.to_radians();
        let (x, y) = match *self {
            Projection::Laea { lon0, lat0 } => {
                laea(relative_lon(lon, lon0), phi, lat0.to_radians())?
            }
            Projection::Albers {
                lon0,
                lat0,
                lat1,
                lat2,
            } => albers(
                relative_lon(lon, lon0),
                phi,
                lat0.to_radians(),
                lat1.to_radians(),
                lat2.to_radians(),
            )?,
            Projection::EqualEarth { lon0 } => equal_earth(relative_lon(lon, lon0), phi),
            Projection::Orthographic { lon0, lat0 } => {
                orthographic(relative_lon(lon, lon0), phi, lat0.to_radians())?
            }
        };
        (x.is_finite() && y.is_finite()).then_some((x, y))
    }

    /// Checks that every parameter is finite and in range: latitudes in
    /// [-90, 90], longitudes in [-180, 180], and for Albers standard
    /// parallels that are not mirror images across the equator (which would
    /// make the cone constant zero).
    ///
    /// The error message starts with the offending parameter's name, e.g.
    /// `"lat1: must be between -90 and 90, got 91"`.
    pub fn validate(&self) -> Result<(), String> {
        match *self {
            Projection::Laea { lon0, lat0 } | Projection::Orthographic { lon0, lat0 } => {
                check_lon("lon0", lon0)?;
                check_lat("lat0", lat0)
            }
            Projection::Albers {
                lon0,
                lat0,
                lat1,
                lat2,
            } => {
                check_lon("lon0", lon0)?;
                check_lat("lat0", lat0)?;
                check_lat("lat1", lat1)?;
                check_lat("lat2", lat2)?;
                if cone_constant(lat1.to_radians(), lat2.to_radians()).abs() < MIN_CONE_CONSTANT {
                    return Err(format!(
                        "lat2: must not be the opposite of lat1 (the cone constant would be \
                         zero), got lat1 {lat1} and lat2 {lat2}"
                    ));
                }
                Ok(())
            }
            Projection::EqualEarth { lon0 } => check_lon("lon0", lon0),
        }
    }

    /// Chooses a projection for a trip whose extent is the box from `west`
    /// to `east` and `south` to `north` (degrees).
    ///
    /// The box may cross the antimeridian: `west > east` means it runs east
    /// from `west` across 180° to `east` (Tokyo to Los Angeles is
    /// `west = 139.7, east = -118.2`). All choices are equal-area, so that
    /// regions on a trip map are never visually inflated. The rule, in
    /// order:
    ///
    /// 1. **Circumpolar**: longitude span over 150° with the whole box
    ///    poleward of 45° (e.g. Moscow to Anchorage over Siberia):
    ///    [`Projection::Laea`] centred on that pole. Such a ring around a
    ///    pole is compact on the globe, while a world map would stretch it
    ///    into a thin, sheared band.
    /// 2. **World**: longitude span over 150° or latitude span over 100°:
    ///    [`Projection::EqualEarth`] centred on the box's middle longitude.
    ///    No single-centre projection keeps distortion acceptable that far
    ///    out, and Equal Earth is the usual equal-area world map.
    /// 3. **Compact or polar**: both spans at most 35°, or the box reaches
    ///    beyond the polar circles (|lat| > 66.5°): [`Projection::Laea`]
    ///    centred on the box. Within about 20° of its centre LAEA distorts
    ///    shapes by only a few percent whatever the shape of the box, and,
    ///    unlike a cone, it stays well behaved around the poles.
    /// 4. **Wide, middle latitudes**: [`Projection::Albers`] with `lon0` at
    ///    the middle longitude, `lat0` at the middle latitude and standard
    ///    parallels at 1/6 and 5/6 of the latitude range, the classic
    ///    placement that spreads scale error evenly over an extent that is
    ///    wider east–west than it is tall. If the box's middle latitude is
    ///    within 5° of the equator the two parallels nearly mirror each other
    ///    (`lat1 ≈ -lat2`), the cone degenerates towards a cylinder, and
    ///    [`Projection::Laea`] centred on the box is used instead.
    ///
    /// Latitudes are clamped to [-90, 90] and swapped if `south > north`.
    /// A non-finite input gives a world map centred on Greenwich.
    pub fn for_extent(west: f64, south: f64, east: f64, north: f64) -> Projection {
        if ![west, south, east, north].iter().all(|v| v.is_finite()) {
            return Projection::EqualEarth { lon0: 0.0 };
        }
        let (south, north) = {
            let (a, b) = (south.clamp(-90.0, 90.0), north.clamp(-90.0, 90.0));
            (a.min(b), a.max(b))
        };
        let lon_span = longitude_span(west, east);
        let lat_span = north - south;
        let lon0 = wrap_lon(west + lon_span / 2.0);
        let mid_lat = (south + north) / 2.0;

        if lon_span > WORLD_LON_SPAN {
            if south >= POLAR_CAP_LAT {
                return Projection::Laea { lon0, lat0: 90.0 };
            }
            if north <= -POLAR_CAP_LAT {
                return Projection::Laea { lon0, lat0: -90.0 };
            }
        }
        if lon_span > WORLD_LON_SPAN || lat_span > WORLD_LAT_SPAN {
            return Projection::EqualEarth { lon0 };
        }
        let compact = lon_span <= COMPACT_SPAN && lat_span <= COMPACT_SPAN;
        let polar = north > POLAR_LAT || south < -POLAR_LAT;
        if compact || polar || mid_lat.abs() < EQUATORIAL_MID_LAT {
            return Projection::Laea {
                lon0,
                lat0: mid_lat,
            };
        }
        Projection::Albers {
            lon0,
            lat0: mid_lat,
            lat1: south + lat_span / 6.0,
            lat2: south + lat_span * 5.0 / 6.0,
        }
    }
}

impl Projection {
    /// A longitude relative to the meridian opposite the centre, where
    /// conic and world projections cut the globe open; `None` for the
    /// azimuthal ones, which have no such seam.
    pub fn seam_offset(&self, lon: f64) -> Option<f64> {
        match *self {
            Projection::Albers { lon0, .. } | Projection::EqualEarth { lon0 } => {
                Some((lon - lon0 + 540.0).rem_euclid(360.0) - 180.0)
            }
            _ => None,
        }
    }

    /// A line (lon/lat) as drawn on this projection: one piece per side of
    /// the seam, so that a leg over the Pacific on a world map leaves at
    /// one edge and comes in at the other instead of crossing the whole
    /// map, and one per side of a pole that the projection draws as a line
    /// (a leg over the South Pole would otherwise run along the map's
    /// bottom edge): a step drawn ten times longer than it is on the globe
    /// starts a new piece, and so does a point without a position. The
    /// line's points must be close together (a densified great circle).
    /// Every point goes through `to_px`. A piece may hold fewer than two
    /// points.
    pub fn seam_pieces(
        &self,
        line: impl IntoIterator<Item = (f64, f64)>,
        to_px: impl Fn(f64, f64) -> Option<(f64, f64)>,
    ) -> Vec<Vec<(f64, f64)>> {
        let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        // The last point and where it projected (None: behind the globe).
        type Projected = ((f64, f64), Option<(f64, f64)>);
        let mut prev: Option<Projected> = None;
        for (lon, lat) in line {
            let here = self.forward(lon, lat);
            if let Some((before, Some(a))) = prev
                && let Some(b) = here
            {
                // A step is short on the globe; drawn ten times longer than
                // it is, it crosses the seam or runs along a pole line.
                let planar = (b.0 - a.0).hypot(b.1 - a.1);
                let angular =
                    crate::carto::sphere::distance_km(before, (lon, lat)) / EARTH_RADIUS_KM;
                if planar > 10.0 * angular + 1e-9 {
                    pieces.push(Vec::new());
                }
            }
            prev = Some(((lon, lat), here));
            match (here.and(to_px(lon, lat)), pieces.last_mut()) {
                (Some(p), Some(piece)) => piece.push(p),
                // A point with no position (the antipode of an azimuthal
                // map's centre) ends the piece: the line does not jump the gap.
                (None, Some(piece)) if !piece.is_empty() => pieces.push(Vec::new()),
                _ => {}
            }
        }
        pieces
    }
}

/// Affine map from unit-sphere map coordinates to SVG pixels (y down):
/// `px = tx + scale * x`, `py = ty - scale * y`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    scale: f64,
    tx: f64,
    ty: f64,
}

/// Fits the projected bounding box of `points` (longitude, latitude in
/// degrees) into a `width` × `height` canvas, keeping `margin` pixels
/// free on every side, centred, with one scale for both axes so shapes
/// are not stretched.
///
/// Points without a position on `proj` (see [`Projection::forward`])
/// are skipped, as they cannot be drawn. If all points project to the
/// same place (a single-place story), the canvas shows about 500 km
/// around it instead of zooming without limit.
///
/// Returns `None` if no point can be projected, or if the canvas size or
/// margin is not finite, the margin is negative, or the margins leave no
/// room to draw.
pub fn fit(
    proj: &Projection,
    points: impl IntoIterator<Item = (f64, f64)>,
    width: f64,
    height: f64,
    margin: f64,
) -> Option<Fit> {
    if ![width, height, margin].iter().all(|v| v.is_finite()) || margin < 0.0 {
        return None;
    }
    let inner_w = width - 2.0 * margin;
    let inner_h = height - 2.0 * margin;
    if inner_w <= 0.0 || inner_h <= 0.0 {
        return None;
    }

    let (min_x, max_x, min_y, max_y) = points
        .into_iter()
        .filter_map(|(lon, lat)| proj.forward(lon, lat))
        .fold(None, |acc: Option<(f64, f64, f64, f64)>, (x, y)| {
            Some(match acc {
                None => (x, x, y, y),
                Some((x0, x1, y0, y1)) => (x0.min(x), x1.max(x), y0.min(y), y1.max(y)),
            })
        })?;

    let (mut span_x, mut span_y) = (max_x - min_x, max_y - min_y);
    if span_x.max(span_y) <= DEGENERATE_SPAN {
        let default_span = DEFAULT_SPAN_KM / EARTH_RADIUS_KM;
        span_x = default_span;
        span_y = default_span;
    }
    // A zero span on one axis (e.g. a trip along one meridian) puts no
    // limit on the scale along that axis.
    let limit = |inner: f64, span: f64| {
        if span > 0.0 {
            inner / span
        } else {
            f64::INFINITY
        }
    };
    let scale = limit(inner_w, span_x).min(limit(inner_h, span_y));

    let centre_x = (min_x + max_x) / 2.0;
    let centre_y = (min_y + max_y) / 2.0;
    Some(Fit {
        scale,
        tx: width / 2.0 - scale * centre_x,
        ty: height / 2.0 + scale * centre_y,
    })
}

impl Fit {
    /// Pixels per unit of map distance on the unit sphere. Dividing it by
    /// the Earth's radius in km gives pixels per kilometre where the map's
    /// scale is true (the centre of a Lambert azimuthal map, the standard
    /// parallels of an Albers map), e.g. for a scale bar.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Converts unit-sphere map coordinates to pixel coordinates.
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (self.tx + self.scale * x, self.ty - self.scale * y)
    }

    /// Projects a point (degrees) with `proj` and converts it to pixels;
    /// `None` when the point has no position on that projection.
    pub fn project(&self, proj: &Projection, lon: f64, lat: f64) -> Option<(f64, f64)> {
        proj.forward(lon, lat).map(|(x, y)| self.apply(x, y))
    }
}

/// Wraps a longitude difference (degrees) into [-180, 180).
fn wrap_lon(d: f64) -> f64 {
    // Values already in range are returned untouched, so that wrapping adds
    // no rounding error to ordinary input.
    if (-180.0..180.0).contains(&d) {
        return d;
    }
    let w = (d + 180.0).rem_euclid(360.0) - 180.0;
    // `rem_euclid` can round up to exactly 360 for tiny negative inputs.
    if w >= 180.0 { w - 360.0 } else { w }
}

/// Longitude of `lon` east of the central meridian `lon0`, in radians,
/// wrapped into [-π, π).
fn relative_lon(lon: f64, lon0: f64) -> f64 {
    wrap_lon(lon - lon0).to_radians()
}

/// Eastward extent (degrees, 0 to 360) of a box from `west` to `east`, which
/// crosses the antimeridian when `west > east`.
fn longitude_span(west: f64, east: f64) -> f64 {
    let d = east - west;
    if d >= 0.0 {
        d.min(360.0)
    } else {
        d.rem_euclid(360.0)
    }
}

fn check_range(name: &str, value: f64, limit: f64) -> Result<(), String> {
    if !value.is_finite() {
        Err(format!("{name}: must be a finite number, got {value}"))
    } else if value.abs() > limit {
        Err(format!(
            "{name}: must be between -{limit} and {limit}, got {value}"
        ))
    } else {
        Ok(())
    }
}

fn check_lat(name: &str, value: f64) -> Result<(), String> {
    check_range(name, value, 90.0)
}

fn check_lon(name: &str, value: f64) -> Result<(), String> {
    check_range(name, value, 180.0)
}

/// Position of a point relative to the centre (`phi0`, relative longitude 0)
/// of an azimuthal projection, all in radians.
///
/// Returns `(cos_c, east, north)`: `cos_c` is the cosine of the angular
/// distance c from the centre, and (`east`, `north`) are the components of
/// the point's unit vector in the plane tangent at the centre, so that
/// `hypot(east, north) = sin c` and `atan2(east, north)` is the azimuth from
/// the centre. Both azimuthal projections here only rescale this vector.
fn azimuthal_frame(dlam: f64, phi: f64, phi0: f64) -> (f64, f64, f64) {
    let (sin_phi, cos_phi) = phi.sin_cos();
    let (sin_phi0, cos_phi0) = phi0.sin_cos();
    let (sin_dlam, cos_dlam) = dlam.sin_cos();
    let cos_c = sin_phi0 * sin_phi + cos_phi0 * cos_phi * cos_dlam;
    let east = cos_phi * sin_dlam;
    let north = cos_phi0 * sin_phi - sin_phi0 * cos_phi * cos_dlam;
    (cos_c, east, north)
}

/// Spherical Lambert azimuthal equal-area (Snyder eqs. 24-2 to 24-4): the
/// tangent-plane vector is scaled by k' = sqrt(2 / (1 + cos c)), giving a
/// distance from the centre of 2 sin(c/2).
fn laea(dlam: f64, phi: f64, phi0: f64) -> Option<(f64, f64)> {
    let (cos_c, east, north) = azimuthal_frame(dlam, phi, phi0);
    let denom = 1.0 + cos_c;
    if denom <= ANTIPODE_EPS {
        return None;
    }
    let k = (2.0 / denom).sqrt();
    Some((k * east, k * north))
}

/// Spherical orthographic (Snyder eqs. 20-3, 20-4): the tangent-plane vector
/// itself, for points on the visible hemisphere (cos c ≥ 0).
fn orthographic(dlam: f64, phi: f64, phi0: f64) -> Option<(f64, f64)> {
    let (cos_c, east, north) = azimuthal_frame(dlam, phi, phi0);
    (cos_c >= -HORIZON_EPS).then_some((east, north))
}

/// Cone constant n of the spherical Albers projection (Snyder eq. 14-6).
fn cone_constant(phi1: f64, phi2: f64) -> f64 {
    (phi1.sin() + phi2.sin()) / 2.0
}

/// Spherical Albers equal-area conic (Snyder eqs. 14-1 to 14-4, 14-6 to
/// 14-8), radians in.
fn albers(dlam: f64, phi: f64, phi0: f64, phi1: f64, phi2: f64) -> Option<(f64, f64)> {
    let n = cone_constant(phi1, phi2);
    if n.abs() < MIN_CONE_CONSTANT {
        return None;
    }
    let c = phi1.cos().powi(2) + 2.0 * n * phi1.sin();
    // C - 2n sin(phi) = (1 - sin phi1)(1 - sin phi2) at the north pole and
    // (1 + sin phi1)(1 + sin phi2) at the south pole, so it is never negative
    // in exact arithmetic; the clamp only absorbs rounding.
    let rho = |lat: f64| (c - 2.0 * n * lat.sin()).max(0.0).sqrt() / n;
    let rho0 = rho(phi0);
    let r = rho(phi);
    let (sin_t, cos_t) = (n * dlam).sin_cos();
    Some((r * sin_t, rho0 - r * cos_t))
}

/// Spherical Equal Earth. With the parametric latitude θ given by
/// sin θ = (√3/2) sin φ:
/// y = A1 θ + A2 θ³ + A3 θ⁷ + A4 θ⁹ and
/// x = 2√3 λ cos θ / (3 y'(θ)), where y' is the derivative of y.
/// On a sphere the authalic latitude equals the geographic one, so this is
/// the same as the ellipsoidal definition with zero eccentricity.
fn equal_earth(dlam: f64, phi: f64) -> (f64, f64) {
    let sqrt3 = 3.0_f64.sqrt();
    let theta = (sqrt3 / 2.0 * phi.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let y = theta * (EE_A1 + EE_A2 * t2 + t6 * (EE_A3 + EE_A4 * t2));
    let dy = EE_A1 + 3.0 * EE_A2 * t2 + t6 * (7.0 * EE_A3 + 9.0 * EE_A4 * t2);
    let x = 2.0 * sqrt3 * dlam * theta.cos() / (3.0 * dy);
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    fn assert_point(got: Option<(f64, f64)>, want: (f64, f64), tol: f64) {
        let (x, y) = got.expect("point should project");
        assert!(
            close(x, want.0, tol) && close(y, want.1, tol),
            "got ({x}, {y}), want {want:?}"
        );
    }

    /// Destination point at angular distance `c` and azimuth `az` (radians,
    /// clockwise from north) from (`lon0`, `lat0`) in degrees, by spherical
    /// trigonometry independent of the projection formulas.
    fn destination(lon0: f64, lat0: f64, c: f64, az: f64) -> (f64, f64) {
        let phi0 = lat0.to_radians();
        let phi = (phi0.sin() * c.cos() + phi0.cos() * c.sin() * az.cos()).asin();
        let dlam = (az.sin() * c.sin() * phi0.cos()).atan2(c.cos() - phi0.sin() * phi.sin());
        (lon0 + dlam.to_degrees(), phi.to_degrees())
    }

    /// Area scale factor at a point: the determinant of the Jacobian of the
    /// projection with respect to (λ, φ) in radians, divided by the
    /// spherical area element cos φ. Equal for equal-area projections.
    fn area_scale(p: &Projection, lon: f64, lat: f64) -> f64 {
        let h = 1e-4; // degrees
        let f = |lo: f64, la: f64| p.forward(lo, la).unwrap();
        let (xe, ye) = f(lon + h, lat);
        let (xw, yw) = f(lon - h, lat);
        let (xn, yn) = f(lon, lat + h);
        let (xs, ys) = f(lon, lat - h);
        let d = (2.0 * h).to_radians();
        let (dx_dl, dy_dl) = ((xe - xw) / d, (ye - yw) / d);
        let (dx_dp, dy_dp) = ((xn - xs) / d, (yn - ys) / d);
        (dx_dl * dy_dp - dx_dp * dy_dl).abs() / lat.to_radians().cos()
    }

    #[test]
    fn laea_centre_maps_to_origin() {
        for (lon0, lat0) in [(0.0, 0.0), (10.0, 45.0), (-70.0, -30.0), (120.0, 90.0)] {
            let p = Projection::Laea { lon0, lat0 };
            assert_point(p.forward(lon0, lat0), (0.0, 0.0), 1e-12);
        }
    }

    #[test]
    fn laea_oblique_distance_and_azimuth() {
        // An oblique LAEA places a point at angular distance c and azimuth az
        // at distance 2 sin(c/2) in direction az. This catches a misplaced
        // parenthesis in the y formula.
        for (lon0, lat0) in [(10.0, 45.0), (-60.0, -30.0), (150.0, 70.0)] {
            let p = Projection::Laea { lon0, lat0 };
            for c_deg in [5.0, 40.0, 90.0, 150.0] {
                for az_deg in [0.0, 30.0, 100.0, 200.0, 315.0] {
                    let (c, az) = (f64::to_radians(c_deg), f64::to_radians(az_deg));
                    let (lon, lat) = destination(lon0, lat0, c, az);
                    let r = 2.0 * (c / 2.0).sin();
                    assert_point(p.forward(lon, lat), (r * az.sin(), r * az.cos()), 1e-12);
                }
            }
        }
    }

    #[test]
    fn laea_known_values() {
        // From (0, 45) the north pole is 45° due north: y = 2 sin(22.5°).
        let p = Projection::Laea {
            lon0: 0.0,
            lat0: 45.0,
        };
        assert_point(p.forward(0.0, 90.0), (0.0, 0.765_366_864_730_18), 1e-12);
        // North-polar aspect: the equator is a circle of radius √2, and the
        // meridian lon0 + 180 points up.
        let polar = Projection::Laea {
            lon0: 0.0,
            lat0: 90.0,
        };
        assert_point(polar.forward(90.0, 0.0), (2f64.sqrt(), 0.0), 1e-12);
        assert_point(polar.forward(180.0, 0.0), (0.0, 2f64.sqrt()), 1e-12);
        // The whole sphere fits in a disc of radius 2.
        assert_point(
            Projection::Laea {
                lon0: 0.0,
                lat0: 0.0,
            }
            .forward(179.0, 0.0),
            (2.0 * 89.5f64.to_radians().sin(), 0.0),
            1e-12,
        );
    }

    #[test]
    fn laea_antipode_is_none() {
        let p = Projection::Laea {
            lon0: 10.0,
            lat0: 45.0,
        };
        assert_eq!(p.forward(-170.0, -45.0), None);
        let polar = Projection::Laea {
            lon0: 0.0,
            lat0: 90.0,
        };
        assert_eq!(polar.forward(0.0, -90.0), None);
        assert!(polar.forward(0.0, -89.0).is_some());
    }

    #[test]
    fn equal_area_projections_preserve_area() {
        let projections = [
            Projection::Laea {
                lon0: 10.0,
                lat0: 45.0,
            },
            Projection::Laea {
                lon0: 0.0,
                lat0: -90.0,
            },
            Projection::Albers {
                lon0: 90.0,
                lat0: 40.0,
                lat1: 30.0,
                lat2: 50.0,
            },
            Projection::Albers {
                lon0: -60.0,
                lat0: -30.0,
                lat1: -10.0,
                lat2: -45.0,
            },
            Projection::EqualEarth { lon0: 150.0 },
        ];
        for p in projections {
            for (lon, lat) in [(0.0, 0.0), (30.0, 50.0), (-100.0, -35.0), (160.0, 75.0)] {
                let s = area_scale(&p, lon, lat);
                assert!(
                    close(s, 1.0, 1e-6),
                    "{p:?} at ({lon}, {lat}): area scale {s}"
                );
            }
        }
    }

    #[test]
    fn albers_y_increases_northward() {
        let p = Projection::Albers {
            lon0: 90.0,
            lat0: 40.0,
            lat1: 35.0,
            lat2: 45.0,
        };
        let ys: Vec<f64> = (-8..=9)
            .map(|i| p.forward(90.0, f64::from(i) * 10.0).unwrap().1)
            .collect();
        assert!(ys.windows(2).all(|w| w[1] > w[0]), "{ys:?}");
        // The origin latitude on the central meridian is the origin.
        assert_point(p.forward(90.0, 40.0), (0.0, 0.0), 1e-12);
        // Southern cone (negative cone constant) too.
        let s = Projection::Albers {
            lon0: -60.0,
            lat0: -32.0,
            lat1: -5.0,
            lat2: -42.0,
        };
        assert!(s.forward(-60.0, -10.0).unwrap().1 > s.forward(-60.0, -50.0).unwrap().1);
        // East stays east.
        assert!(s.forward(-40.0, -20.0).unwrap().0 > 0.0);
    }

    #[test]
    fn albers_true_scale_on_standard_parallels() {
        let (lat1, lat2) = (29.5_f64, 45.5_f64);
        let p = Projection::Albers {
            lon0: -96.0,
            lat0: 23.0,
            lat1,
            lat2,
        };
        for lat in [lat1, lat2] {
            // A short stretch of a standard parallel has its true length:
            // scale along the parallel is exactly 1 there. Elsewhere it is not.
            let d = 1e-4_f64;
            let (x0, y0) = p.forward(-96.0, lat).unwrap();
            let (x1, y1) = p.forward(-96.0 + d, lat).unwrap();
            let k = (x1 - x0).hypot(y1 - y0) / (d.to_radians() * lat.to_radians().cos());
            assert!(close(k, 1.0, 1e-9), "scale {k} at {lat}");
        }
        let (x0, y0) = p.forward(-96.0, 37.5).unwrap();
        let (x1, y1) = p.forward(-95.9999, 37.5).unwrap();
        let k = (x1 - x0).hypot(y1 - y0) / (1e-4_f64.to_radians() * 37.5_f64.to_radians().cos());
        assert!(k < 0.999, "scale {k} between the standard parallels");
    }

    #[test]
    fn equal_earth_known_values() {
        // Reference values from PROJ (`+proj=eqearth +R=1`).
        let p = Projection::EqualEarth { lon0: 0.0 };
        assert_point(
            p.forward(180.0 - 1e-12, 0.0),
            (2.706_629_983_696, 0.0),
            1e-9,
        );
        assert_point(p.forward(0.0, 90.0), (0.0, 1.317_362_759_157), 1e-9);
        assert_point(p.forward(0.0, 0.0), (0.0, 0.0), 1e-15);
        // Symmetric about the equator and the central meridian.
        let q = Projection::EqualEarth { lon0: 150.0 };
        let (x, y) = q.forward(-160.0, 40.0).unwrap();
        assert_point(q.forward(100.0, -40.0), (-x, -y), 1e-12);
    }

    #[test]
    fn orthographic_visibility_and_geometry() {
        let p = Projection::Orthographic {
            lon0: 10.0,
            lat0: 50.0,
        };
        assert_point(p.forward(10.0, 50.0), (0.0, 0.0), 1e-12);
        assert_eq!(p.forward(-170.0, -50.0), None);
        assert_eq!(p.forward(-170.0, 0.0), None);
        for c_deg in [10.0, 60.0, 90.0] {
            for az_deg in [0.0, 45.0, 190.0] {
                let (c, az) = (f64::to_radians(c_deg), f64::to_radians(az_deg));
                let (lon, lat) = destination(10.0, 50.0, c, az);
                let r = c.sin();
                assert_point(p.forward(lon, lat), (r * az.sin(), r * az.cos()), 1e-12);
            }
        }
        let (lon, lat) = destination(10.0, 50.0, 91f64.to_radians(), 1.0);
        assert_eq!(p.forward(lon, lat), None);
    }

    #[test]
    fn longitudes_wrap_around_central_meridian() {
        let projections = [
            Projection::Laea {
                lon0: 170.0,
                lat0: 20.0,
            },
            Projection::Albers {
                lon0: 170.0,
                lat0: 30.0,
                lat1: 20.0,
                lat2: 40.0,
            },
            Projection::EqualEarth { lon0: 170.0 },
            Projection::Orthographic {
                lon0: 170.0,
                lat0: 20.0,
            },
        ];
        for p in projections {
            let a = p.forward(-170.0, 30.0).unwrap();
            let b = p.forward(190.0, 30.0).unwrap();
            let c = p.forward(550.0, 30.0).unwrap();
            assert!(close(a.0, b.0, 1e-12) && close(a.1, b.1, 1e-12), "{p:?}");
            assert!(close(a.0, c.0, 1e-12) && close(a.1, c.1, 1e-12), "{p:?}");
            // 20° east of lon0 across the antimeridian is east on the map.
            assert!(a.0 > 0.0, "{p:?}");
        }
        assert_eq!(wrap_lon(180.0), -180.0);
        assert_eq!(wrap_lon(-180.0), -180.0);
        assert_eq!(wrap_lon(-1e-20), -1e-20);
        assert_eq!(wrap_lon(540.0), -180.0);
        assert!((-180.0..180.0).contains(&wrap_lon(-1e-14 - 180.0)));
    }

    #[test]
    fn non_finite_or_out_of_range_input_is_none() {
        let projections = [
            Projection::Laea {
                lon0: 0.0,
                lat0: 45.0,
            },
            Projection::Albers {
                lon0: 0.0,
                lat0: 40.0,
                lat1: 30.0,
                lat2: 50.0,
            },
            Projection::EqualEarth { lon0: 0.0 },
            Projection::Orthographic {
                lon0: 0.0,
                lat0: 45.0,
            },
        ];
        for p in projections {
            assert_eq!(p.forward(f64::NAN, 10.0), None);
            assert_eq!(p.forward(10.0, f64::NAN), None);
            assert_eq!(p.forward(f64::INFINITY, 10.0), None);
            assert_eq!(p.forward(10.0, f64::NEG_INFINITY), None);
            assert_eq!(p.forward(10.0, 90.5), None);
            assert!(p.forward(10.0, 45.0).is_some());
        }
        // Parameters that are not finite give no position rather than NaN.
        assert_eq!(
            Projection::EqualEarth { lon0: f64::NAN }.forward(0.0, 0.0),
            None
        );
    }

    #[test]
    fn validate_accepts_good_parameters() {
        let good = [
            Projection::Laea {
                lon0: -180.0,
                lat0: 90.0,
            },
            Projection::Albers {
                lon0: 180.0,
                lat0: -90.0,
                lat1: 10.0,
                lat2: 10.0,
            },
            Projection::EqualEarth { lon0: 0.0 },
            Projection::Orthographic {
                lon0: 45.0,
                lat0: -45.0,
            },
        ];
        for p in good {
            assert_eq!(p.validate(), Ok(()), "{p:?}");
        }
    }

    #[test]
    fn validate_names_the_bad_parameter() {
        let albers = |lon0, lat0, lat1, lat2| Projection::Albers {
            lon0,
            lat0,
            lat1,
            lat2,
        };
        assert_eq!(
            albers(0.0, 0.0, 91.0, 10.0).validate(),
            Err("lat1: must be between -90 and 90, got 91".to_string())
        );
        assert_eq!(
            albers(0.0, -90.5, 20.0, 10.0).validate(),
            Err("lat0: must be between -90 and 90, got -90.5".to_string())
        );
        assert_eq!(
            albers(0.0, 0.0, 20.0, f64::INFINITY).validate(),
            Err("lat2: must be a finite number, got inf".to_string())
        );
        let err = albers(0.0, 0.0, 20.0, -20.0).validate().unwrap_err();
        assert!(
            err.starts_with("lat2:") && err.contains("cone constant"),
            "{err}"
        );
        assert!(albers(0.0, 0.0, 0.0, 0.0).validate().is_err());
        assert_eq!(
            Projection::Laea {
                lon0: 181.0,
                lat0: 0.0
            }
            .validate(),
            Err("lon0: must be between -180 and 180, got 181".to_string())
        );
        assert_eq!(
            Projection::EqualEarth { lon0: f64::NAN }.validate(),
            Err("lon0: must be a finite number, got NaN".to_string())
        );
        assert_eq!(
            Projection::Orthographic {
                lon0: 0.0,
                lat0: 100.0
            }
            .validate(),
            Err("lat0: must be between -90 and 90, got 100".to_string())
        );
    }

    #[test]
    fn for_extent_central_asia_is_albers() {
        // Samarkand (66.97, 39.65) to Beijing (116.4, 39.9): about 50° wide,
        // flat, middle latitudes.
        let p = Projection::for_extent(66.97, 39.65, 116.4, 39.9);
        let Projection::Albers {
            lon0,
            lat0,
            lat1,
            lat2,
        } = p
        else {
            panic!("expected Albers, got {p:?}");
        };
        assert!(close(lon0, 91.685, 1e-9), "{lon0}");
        assert!(close(lat0, 39.775, 1e-9), "{lat0}");
        assert!(close(lat1, 39.65 + 0.25 / 6.0, 1e-9), "{lat1}");
        assert!(close(lat2, 39.65 + 0.25 * 5.0 / 6.0, 1e-9), "{lat2}");
        assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn for_extent_across_antimeridian_is_centred_in_pacific() {
        // Tokyo (139.7, 35.7) to Los Angeles (-118.2, 34.05).
        let p = Projection::for_extent(139.7, 34.05, -118.2, 35.7);
        let lon0 = match p {
            Projection::Laea { lon0, .. }
            | Projection::Albers { lon0, .. }
            | Projection::EqualEarth { lon0 }
            | Projection::Orthographic { lon0, .. } => lon0,
        };
        assert!(
            (-180.0..=-160.0).contains(&lon0) || lon0 >= 170.0,
            "lon0 {lon0} not in the Pacific"
        );
        assert!(close(lon0, -169.25, 1e-9), "{lon0}");
        assert!(matches!(p, Projection::Albers { .. }), "{p:?}");
        // Both ends are on the map, on the correct sides.
        assert!(p.forward(139.7, 35.7).unwrap().0 < 0.0);
        assert!(p.forward(-118.2, 34.05).unwrap().0 > 0.0);
    }

    #[test]
    fn for_extent_world_trip_is_equal_earth() {
        assert_eq!(
            Projection::for_extent(-180.0, -60.0, 180.0, 75.0),
            Projection::EqualEarth { lon0: 0.0 }
        );
        // London to Sydney: wide in both directions.
        assert!(matches!(
            Projection::for_extent(-0.13, -33.87, 151.2, 51.5),
            Projection::EqualEarth { .. }
        ));
        // Tall: Reykjavik to the Antarctic Peninsula along the Atlantic.
        assert!(matches!(
            Projection::for_extent(-60.0, -65.0, -20.0, 64.0),
            Projection::EqualEarth { .. }
        ));
    }

    #[test]
    fn for_extent_city_is_laea() {
        // Central Paris.
        let p = Projection::for_extent(2.25, 48.81, 2.42, 48.90);
        let Projection::Laea { lon0, lat0 } = p else {
            panic!("expected Laea, got {p:?}");
        };
        assert!(
            close(lon0, 2.335, 1e-9) && close(lat0, 48.855, 1e-9),
            "{p:?}"
        );
        // A single place.
        assert_eq!(
            Projection::for_extent(13.4, 52.5, 13.4, 52.5),
            Projection::Laea {
                lon0: 13.4,
                lat0: 52.5
            }
        );
    }

    #[test]
    fn for_extent_polar_and_equatorial_cases() {
        // Wide extent touching the Arctic (Canada): Laea at the centre.
        assert_eq!(
            Projection::for_extent(-141.0, 42.0, -52.0, 83.0),
            Projection::Laea {
                lon0: -96.5,
                lat0: 62.5
            }
        );
        // Ring around the Arctic: Laea on the pole.
        assert!(matches!(
            Projection::for_extent(37.6, 55.7, -149.9, 61.2),
            Projection::Laea { lat0, .. } if lat0 == 90.0
        ));
        assert!(matches!(
            Projection::for_extent(-180.0, -90.0, 180.0, -60.0),
            Projection::Laea { lat0, .. } if lat0 == -90.0
        ));
        // Wide extent centred on the equator: the cone would be flat.
        assert!(matches!(
            Projection::for_extent(95.0, -11.0, 141.0, 8.0),
            Projection::Laea { .. }
        ));
        // Wide extent south of the equator: southern cone.
        assert!(matches!(
            Projection::for_extent(-82.0, -56.0, -34.0, -5.0),
            Projection::Albers { lat1, lat2, .. } if lat1 < 0.0 && lat2 < 0.0
        ));
    }

    #[test]
    fn for_extent_always_valid() {
        let extents = [
            (0.0, 0.0, 0.0, 0.0),
            (-180.0, -90.0, 180.0, 90.0),
            (170.0, -10.0, -170.0, 10.0),
            (179.0, 40.0, -179.0, 41.0),
            (10.0, 10.0, 60.0, 20.0),
            (10.0, -20.0, 60.0, -10.0),
            (-20.0, -3.0, 40.0, 12.0),
            (10.0, 95.0, 20.0, -95.0),
            (-500.0, 10.0, 500.0, 20.0),
            (f64::NAN, 0.0, 1.0, 1.0),
        ];
        for (w, s, e, n) in extents {
            let p = Projection::for_extent(w, s, e, n);
            assert_eq!(p.validate(), Ok(()), "({w}, {s}, {e}, {n}) -> {p:?}");
        }
    }

    #[test]
    fn longitude_span_handles_wrapping() {
        assert_eq!(longitude_span(10.0, 20.0), 10.0);
        assert_eq!(longitude_span(170.0, -170.0), 20.0);
        assert_eq!(longitude_span(-180.0, 180.0), 360.0);
        assert_eq!(longitude_span(5.0, 5.0), 0.0);
        assert_eq!(longitude_span(-500.0, 500.0), 360.0);
    }

    #[test]
    fn fit_places_points_inside_canvas() {
        let p = Projection::for_extent(66.97, 39.65, 116.4, 39.9);
        let pts = [(116.4, 39.9), (66.97, 39.65), (87.6, 43.8)];
        let fit = fit(&p, pts, 800.0, 600.0, 20.0).unwrap();
        let px: Vec<(f64, f64)> = pts
            .iter()
            .map(|&(lon, lat)| fit.project(&p, lon, lat).unwrap())
            .collect();
        for &(x, y) in &px {
            assert!((20.0 - 1e-9..=780.0 + 1e-9).contains(&x), "{x}");
            assert!((20.0 - 1e-9..=580.0 + 1e-9).contains(&y), "{y}");
        }
        let min_x = px.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let max_x = px.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
        let min_y = px.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        let max_y = px.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        // Wide trip: fills the width, centred vertically.
        assert!(close(min_x, 20.0, 1e-9) && close(max_x, 780.0, 1e-9));
        assert!(close((min_y + max_y) / 2.0, 300.0, 1e-9));
        // North is up: Urumqi (43.8°N) is above Samarkand.
        assert!(px[2].1 < px[1].1);
        // Beijing is east of Samarkand.
        assert!(px[0].0 > px[1].0);
    }

    #[test]
    fn fit_single_point_uses_default_span() {
        let p = Projection::for_extent(13.4, 52.5, 13.4, 52.5);
        for pts in [vec![(13.4, 52.5)], vec![(13.4, 52.5); 3]] {
            let fit = fit(&p, pts, 400.0, 300.0, 10.0).unwrap();
            let (x, y) = fit.project(&p, 13.4, 52.5).unwrap();
            assert!(close(x, 200.0, 1e-9) && close(y, 150.0, 1e-9), "({x}, {y})");
            // The shorter side (280 px) shows about 500 km.
            let km_per_px = EARTH_RADIUS_KM / fit.scale();
            assert!(close(km_per_px * 280.0, 500.0, 1e-6), "{km_per_px}");
        }
    }

    #[test]
    fn fit_one_dimensional_extent() {
        // Points along one meridian: zero width, the height decides.
        let p = Projection::Laea {
            lon0: 10.0,
            lat0: 50.0,
        };
        let fit = fit(&p, [(10.0, 45.0), (10.0, 55.0)], 400.0, 300.0, 0.0).unwrap();
        let (_, top) = fit.project(&p, 10.0, 55.0).unwrap();
        let (_, bottom) = fit.project(&p, 10.0, 45.0).unwrap();
        assert!(close(top, 0.0, 1e-9) && close(bottom, 300.0, 1e-9));
    }

    #[test]
    fn fit_rejects_unusable_input() {
        let p = Projection::Orthographic {
            lon0: 0.0,
            lat0: 0.0,
        };
        assert_eq!(fit(&p, [], 100.0, 100.0, 0.0), None);
        assert_eq!(
            fit(&p, [(180.0, 0.0), (f64::NAN, 0.0)], 100.0, 100.0, 0.0),
            None
        );
        assert_eq!(fit(&p, [(0.0, 0.0)], 100.0, 100.0, 50.0), None);
        assert_eq!(fit(&p, [(0.0, 0.0)], f64::NAN, 100.0, 0.0), None);
        assert_eq!(fit(&p, [(0.0, 0.0)], 100.0, 100.0, -1.0), None);
        // Hidden points are skipped, visible ones still fitted.
        assert!(
            fit(
                &p,
                [(180.0, 0.0), (0.0, 0.0), (10.0, 5.0)],
                100.0,
                100.0,
                0.0
            )
            .is_some()
        );
    }

    #[test]
    fn apply_maps_north_up() {
        let fit = Fit {
            scale: 100.0,
            tx: 50.0,
            ty: 60.0,
        };
        assert_eq!(fit.apply(0.0, 0.0), (50.0, 60.0));
        assert_eq!(fit.apply(1.0, 1.0), (150.0, -40.0));
    }

    #[test]
    fn serde_round_trip_and_format() {
        let p = Projection::Albers {
            lon0: 91.5,
            lat0: 40.0,
            lat1: 35.0,
            lat2: 45.0,
        };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"name":"albers","lon0":91.5,"lat0":40.0,"lat1":35.0,"lat2":45.0}"#
        );
        assert_eq!(serde_json::from_str::<Projection>(&json).unwrap(), p);
        assert_eq!(
            serde_json::from_str::<Projection>(r#"{"name":"equal-earth","lon0":150}"#).unwrap(),
            Projection::EqualEarth { lon0: 150.0 }
        );
        assert_eq!(
            serde_json::from_str::<Projection>(r#"{"name":"orthographic","lon0":1,"lat0":2}"#)
                .unwrap(),
            Projection::Orthographic {
                lon0: 1.0,
                lat0: 2.0
            }
        );
        assert!(
            serde_json::from_str::<Projection>(r#"{"name":"laea","lon0":1,"lat0":2,"k":1}"#)
                .is_err()
        );
        assert!(serde_json::from_str::<Projection>(r#"{"name":"mercator","lon0":1}"#).is_err());
    }
}
