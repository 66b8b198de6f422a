//! What the fuzz targets share: turning input bytes into a drawable map
//! spec, and walking a geometry's positions.

use tripmap::gazetteer::Gazetteer;
use tripmap::geoparse::{ParseOptions, parse};
use tripmap::trip::{MapSpec, TripOptions, build_spec};

/// The input as a map spec (JSON) if it is one, else the spec of the input
/// read as an article; `None` when neither gives a drawable spec.
pub fn spec_of(data: &[u8]) -> Option<MapSpec> {
    let text = std::str::from_utf8(data).ok()?;
    let gaz = Gazetteer::embedded();
    let mut spec = match MapSpec::from_json(text) {
        Ok(spec) => spec,
        Err(_) => {
            let parsed = parse(gaz, text, &ParseOptions::default());
            build_spec(gaz, text, &parsed, &TripOptions::default())
        }
    };
    spec.complete(gaz).ok()?;
    Some(spec)
}

/// Calls `f` with every position (innermost array of numbers) of a
/// GeoJSON `coordinates` value.
pub fn each_position(v: &serde_json::Value, f: &mut impl FnMut(&[f64])) {
    let Some(items) = v.as_array() else { return };
    if items.iter().all(|x| x.is_number()) {
        let p: Vec<f64> = items.iter().filter_map(|x| x.as_f64()).collect();
        f(&p);
    } else {
        items.iter().for_each(|x| each_position(x, f));
    }
}
