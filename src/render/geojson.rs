//! The output contract's GeoJSON (RFC 7946): one FeatureCollection with a
//! `place` feature for every distinct place the article mentions.

use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, JsonValue};
use serde_json::json;

use crate::gazetteer::{Gazetteer, Kind};
use crate::geoparse::Parsed;

/// Six decimals: about 10 cm, far finer than any gazetteer point, and what
/// RFC 7946 recommends against false precision.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The type names of the output contract.
fn place_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Territory => "country",
        k => k.as_str(),
    }
}

/// The contract's FeatureCollection for a parsed article. Until itineraries
/// are inferred, every place has the role `context`.
pub fn places_collection(gaz: &Gazetteer, parsed: &Parsed) -> FeatureCollection {
    let mut features = Vec::new();
    let (mut min_lon, mut min_lat, mut max_lon, mut max_lat) = (180f64, 90f64, -180f64, -90f64);
    for p in &parsed.places {
        let (lat, lon) = (round6(p.lat), round6(p.lon));
        min_lon = min_lon.min(lon);
        max_lon = max_lon.max(lon);
        min_lat = min_lat.min(lat);
        max_lat = max_lat.max(lat);
        let label = gaz.label(p.place, &parsed.lang).unwrap_or(p.name_en);
        let mut props = JsonObject::new();
        props.insert("kind".into(), json!("place"));
        props.insert("name".into(), json!(label));
        props.insert("name_en".into(), json!(p.name_en));
        props.insert("place_type".into(), json!(place_type(p.kind)));
        props.insert("country".into(), json!(p.country));
        props.insert("geonames_id".into(), json!(p.geonames_id));
        props.insert("gazetteer_id".into(), json!(p.id));
        props.insert("lat".into(), json!(lat));
        props.insert("lon".into(), json!(lon));
        props.insert("role".into(), json!("context"));
        props.insert("confidence".into(), json!(p.confidence));
        props.insert(
            "mentions".into(),
            serde_json::to_value(&p.mentions).unwrap_or(JsonValue::Null),
        );
        props.insert(
            "alternatives".into(),
            serde_json::to_value(&p.alternatives).unwrap_or(JsonValue::Null),
        );
        features.push(Feature {
            bbox: None,
            geometry: Some(Geometry::new(GeometryValue::Point {
                coordinates: [lon, lat].into(),
            })),
            id: None,
            properties: Some(props),
            foreign_members: None,
        });
    }
    let bbox = (!parsed.places.is_empty()).then(|| vec![min_lon, min_lat, max_lon, max_lat]);
    let mut foreign = JsonObject::new();
    foreign.insert("lang".into(), json!(parsed.lang));
    foreign.insert(
        "organisations".into(),
        serde_json::to_value(&parsed.organisations).unwrap_or(JsonValue::Null),
    );
    FeatureCollection {
        bbox,
        features,
        foreign_members: Some(foreign),
    }
}
