//! The map spec parser: any input is either refused with a reason naming
//! a field, or completes into a spec that every writer can draw.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tripmap::gazetteer::Gazetteer;
use tripmap::trip::MapSpec;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    let Ok(mut spec) = MapSpec::from_json(json) else { return };
    if spec.complete(Gazetteer::embedded()).is_err() {
        return;
    }
    for p in spec.drawn_points() {
        assert!(p.0.is_finite() && p.1.is_finite());
    }
    let again = serde_json::to_string(&spec).expect("a spec serializes");
    let mut back = MapSpec::from_json(&again).expect("a written spec reads back");
    back.complete(Gazetteer::embedded()).expect("a written spec completes");
});
