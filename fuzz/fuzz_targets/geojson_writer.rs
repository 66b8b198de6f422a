//! The GeoJSON writer: for a spec read from the input, or for the trip of
//! the input read as an article, the output is valid RFC 7946 GeoJSON with
//! every coordinate in range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tripmap_fuzz::spec_of;

fuzz_target!(|data: &[u8]| {
    let Some(spec) = spec_of(data) else { return };
    let fc = tripmap::render::geojson::collection(&spec);
    let text = serde_json::to_string(&fc).expect("serializes");
    let _: geojson::GeoJson = text.parse().expect("the writer's GeoJSON parses");
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let features = value["features"].as_array().expect("a FeatureCollection");
    for f in features {
        let g = &f["geometry"];
        assert!(g.is_object(), "every feature has a geometry");
        tripmap_fuzz::each_position(&g["coordinates"], &mut |p| {
            assert!(p.len() == 2 && p.iter().all(|v| v.is_finite()));
            assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
        });
    }
});
