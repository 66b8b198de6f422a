//! Checks `Projection::forward` against the PROJ command-line tool `proj`
//! (Debian package `proj-bin`), the reference implementation of these
//! projections.
//!
//! Each parameter set runs one `proj` process that reads every grid point
//! ("lon lat" in degrees) on standard input and prints "x y" per line, or
//! "* *" where PROJ has no result. Both implementations must agree to 1e-9 on
//! the unit sphere, and must agree on which points have no position.
//!
//! Without `proj` the tests are skipped with a note, except under CI
//! (environment variable `CI` set), where a missing tool is a failure so the
//! comparison can never be skipped silently.

use std::io::{ErrorKind, Write};
use std::process::{Command, Stdio};
use std::thread;

use tripmap::carto::projection::Projection;

const TOLERANCE: f64 = 1e-9;

/// Command-line parameters that make `proj` compute the same projection.
fn proj_args(p: &Projection) -> Vec<String> {
    let mut args: Vec<String> = vec!["-f".into(), "%.12f".into()];
    let params = match *p {
        Projection::Laea { lon0, lat0 } => {
            format!("+proj=laea +R=1 +lon_0={lon0} +lat_0={lat0}")
        }
        Projection::Albers {
            lon0,
            lat0,
            lat1,
            lat2,
        } => format!("+proj=aea +R=1 +lon_0={lon0} +lat_0={lat0} +lat_1={lat1} +lat_2={lat2}"),
        Projection::EqualEarth { lon0 } => format!("+proj=eqearth +R=1 +lon_0={lon0}"),
        Projection::Orthographic { lon0, lat0 } => {
            format!("+proj=ortho +R=1 +lon_0={lon0} +lat_0={lat0}")
        }
    };
    args.extend(params.split(' ').map(String::from));
    args
}

/// Runs `proj` once over all `points`. Returns `None` if the tool is not
/// installed (after failing under CI), otherwise one entry per point:
/// `None` where PROJ printed `*` (no result).
fn run_proj(p: &Projection, points: &[(f64, f64)]) -> Option<Vec<Option<(f64, f64)>>> {
    let args = proj_args(p);
    let spawned = Command::new("proj")
        .args(&args)
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            if std::env::var_os("CI").is_some() {
                panic!(
                    "the PROJ command-line tool `proj` is not installed, but CI is set: \
                     install it (Debian package proj-bin) so projections are checked"
                );
            }
            eprintln!("note: `proj` not found (Debian package proj-bin); skipping PROJ comparison");
            return None;
        }
        Err(e) => panic!("cannot start `proj`: {e}"),
    };

    let input: String = points
        .iter()
        .map(|(lon, lat)| format!("{lon} {lat}\n"))
        .collect();
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Write from another thread so a full output pipe cannot block us.
    let writer = thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("`proj` runs");
    writer
        .join()
        .expect("writer thread")
        .expect("write points to `proj`");
    assert!(
        output.status.success(),
        "`proj {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );

    let stdout = String::from_utf8(output.stdout).expect("`proj` prints UTF-8");
    let results: Vec<Option<(f64, f64)>> = stdout
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields.as_slice() {
                [x, _] if x.starts_with('*') => None,
                [x, y] => Some((
                    x.parse().unwrap_or_else(|_| panic!("bad x in {line:?}")),
                    y.parse().unwrap_or_else(|_| panic!("bad y in {line:?}")),
                )),
                _ => panic!("unexpected `proj` output line {line:?}"),
            }
        })
        .collect();
    assert_eq!(results.len(), points.len(), "`proj` output line count");
    Some(results)
}

/// Longitude difference wrapped into (-180, 180].
fn delta_lon(lon: f64, lon0: f64) -> f64 {
    let d = (lon - lon0).rem_euclid(360.0);
    if d > 180.0 { d - 360.0 } else { d }
}

/// Cosine of the angular distance between two points (degrees).
fn cos_distance(lon: f64, lat: f64, lon0: f64, lat0: f64) -> f64 {
    let (phi, phi0) = (lat.to_radians(), lat0.to_radians());
    let dlam = (lon - lon0).to_radians();
    phi.sin() * phi0.sin() + phi.cos() * phi0.cos() * dlam.cos()
}

/// A global grid of test points, including both poles, longitudes outside
/// [-180, 180] (to exercise wrapping) and values that are not round numbers.
fn grid() -> Vec<(f64, f64)> {
    let mut lons: Vec<f64> = (0..38).map(|i| -179.9 + 9.7 * f64::from(i)).collect();
    lons.extend([185.3, -191.1, 367.2, 0.0, -0.25]);
    let mut lats: Vec<f64> = (0..21).map(|j| -85.0 + 8.5 * f64::from(j)).collect();
    lats.extend([-90.0, -89.9, -87.5, 0.0, 33.3, 87.5, 89.9, 90.0]);
    lons.iter()
        .flat_map(|&lon| lats.iter().map(move |&lat| (lon, lat)))
        .collect()
}

/// Grid points for `p`, leaving out the places where either side is
/// numerically ill-defined: exactly opposite the central meridian (where
/// -180 and +180 are both valid and the two may pick different sides), near
/// a Lambert azimuthal antipode, and near the horizon of an orthographic
/// globe. Points well behind the globe are kept: both sides must reject them.
fn points_for(p: &Projection) -> Vec<(f64, f64)> {
    let lon0 = match *p {
        Projection::Laea { lon0, .. }
        | Projection::Albers { lon0, .. }
        | Projection::EqualEarth { lon0 }
        | Projection::Orthographic { lon0, .. } => lon0,
    };
    grid()
        .into_iter()
        .filter(|&(lon, lat)| {
            let on_back_meridian = delta_lon(lon, lon0).abs() > 179.999 && lat.abs() < 90.0;
            let ok = match *p {
                Projection::Laea { lon0, lat0 } => 1.0 + cos_distance(lon, lat, lon0, lat0) > 1e-4,
                Projection::Orthographic { lon0, lat0 } => {
                    cos_distance(lon, lat, lon0, lat0).abs() > 1e-2
                }
                Projection::Albers { .. } | Projection::EqualEarth { .. } => true,
            };
            ok && !on_back_meridian
        })
        .collect()
}

/// Compares `forward` with PROJ for every parameter set; panics listing the
/// first disagreements.
fn check_against_proj(projections: &[Projection]) {
    for p in projections {
        assert_eq!(p.validate(), Ok(()), "test parameters must be valid: {p:?}");
        let points = points_for(p);
        let Some(expected) = run_proj(p, &points) else {
            return;
        };
        let mut failures = Vec::new();
        let mut compared = 0;
        for (&(lon, lat), want) in points.iter().zip(&expected) {
            let got = p.forward(lon, lat);
            match (got, *want) {
                (Some((x, y)), Some((ex, ey))) => {
                    compared += 1;
                    if (x - ex).abs() > TOLERANCE || (y - ey).abs() > TOLERANCE {
                        failures.push(format!(
                            "({lon}, {lat}): got ({x:.12}, {y:.12}), PROJ ({ex:.12}, {ey:.12})"
                        ));
                    }
                }
                (None, None) => {}
                (got, want) => failures.push(format!(
                    "({lon}, {lat}): got {got:?}, PROJ {want:?} (disagree on having a position)"
                )),
            }
        }
        assert!(
            failures.is_empty(),
            "{p:?} disagrees with `proj {}` at {} of {} points:\n{}",
            proj_args(p).join(" "),
            failures.len(),
            points.len(),
            failures
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(
            compared * 3 > points.len(),
            "{p:?}: only {compared} of {} points were compared",
            points.len()
        );
    }
}

#[test]
fn laea_matches_proj() {
    check_against_proj(&[
        Projection::Laea {
            lon0: 0.0,
            lat0: 0.0,
        },
        Projection::Laea {
            lon0: 10.0,
            lat0: 45.0,
        },
        Projection::Laea {
            lon0: -60.0,
            lat0: -30.0,
        },
        Projection::Laea {
            lon0: 0.0,
            lat0: 90.0,
        },
        Projection::Laea {
            lon0: 120.0,
            lat0: -90.0,
        },
        Projection::Laea {
            lon0: 179.5,
            lat0: 62.25,
        },
    ]);
}

#[test]
fn albers_matches_proj() {
    check_against_proj(&[
        // Central Asia.
        Projection::Albers {
            lon0: 91.7,
            lat0: 40.0,
            lat1: 35.0,
            lat2: 47.0,
        },
        // South America (both parallels south: negative cone constant).
        Projection::Albers {
            lon0: -60.0,
            lat0: -32.0,
            lat1: -5.0,
            lat2: -42.0,
        },
        // Contiguous United States.
        Projection::Albers {
            lon0: -96.0,
            lat0: 23.0,
            lat1: 29.5,
            lat2: 45.5,
        },
        // Tangent cone (one standard parallel).
        Projection::Albers {
            lon0: 20.0,
            lat0: 50.0,
            lat1: 55.0,
            lat2: 55.0,
        },
        // Parallels on both sides of the equator.
        Projection::Albers {
            lon0: 0.0,
            lat0: 0.0,
            lat1: -10.0,
            lat2: 30.0,
        },
    ]);
}

#[test]
fn equal_earth_matches_proj() {
    check_against_proj(&[
        Projection::EqualEarth { lon0: 0.0 },
        Projection::EqualEarth { lon0: 150.0 },
        Projection::EqualEarth { lon0: -75.5 },
    ]);
}

#[test]
fn orthographic_matches_proj() {
    check_against_proj(&[
        Projection::Orthographic {
            lon0: 0.0,
            lat0: 0.0,
        },
        Projection::Orthographic {
            lon0: 10.0,
            lat0: 50.0,
        },
        Projection::Orthographic {
            lon0: -100.0,
            lat0: -40.0,
        },
        Projection::Orthographic {
            lon0: 0.0,
            lat0: 90.0,
        },
    ]);
}

#[test]
fn for_extent_choices_match_proj() {
    let extents = [
        // Samarkand to Beijing.
        (66.97, 39.65, 116.4, 39.9),
        // Tokyo to Los Angeles, across the antimeridian.
        (139.7, 34.05, -118.2, 35.7),
        // South America.
        (-82.0, -56.0, -34.0, -5.0),
        // Canada.
        (-141.0, 42.0, -52.0, 83.0),
        // Moscow to Anchorage over Siberia.
        (37.6, 55.7, -149.9, 61.2),
        // World.
        (-180.0, -60.0, 180.0, 75.0),
        // Central Paris.
        (2.25, 48.81, 2.42, 48.9),
    ];
    let projections: Vec<Projection> = extents
        .iter()
        .map(|&(w, s, e, n)| Projection::for_extent(w, s, e, n))
        .collect();
    check_against_proj(&projections);
}
