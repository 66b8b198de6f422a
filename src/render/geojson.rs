//! The output contract's GeoJSON (RFC 7946): one FeatureCollection with a
//! `place` feature for every place the article mentions, a `leg` feature
//! for every leg of the route, a `member` feature for every shaded member
//! state, and an `area` feature for every region the map outlines.
//!
//! Coordinates are lon/lat with six decimals, exterior rings
//! counter-clockwise, legs densified along the great circle and cut at the
//! antimeridian; simplestyle properties (`marker-color`, `stroke`, `fill`)
//! let web maps style the file without a stylesheet.

use geo::{MultiPolygon, Polygon};
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, JsonValue};
use serde_json::json;

use crate::carto::clip::orient_ccw;
use crate::carto::sphere::{densify, split_antimeridian};
use crate::gazetteer::outline::{self, Detail};
use crate::trip::spec::{MapSpec, Role};

/// Six decimals: about 10 cm, far finer than any gazetteer point, and what
/// RFC 7946 recommends against false precision.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Legs are densified to a point every this many km: smooth at any zoom a
/// trip map is read at.
const LEG_STEP_KM: f64 = 50.0;

/// The geometry of one leg: a LineString, or a MultiLineString when it
/// crosses the antimeridian.
pub fn leg_geometry(from: (f64, f64), to: (f64, f64)) -> GeometryValue {
    let line = densify(from, to, LEG_STEP_KM);
    let mut parts: Vec<Vec<Vec<f64>>> = split_antimeridian(&line)
        .into_iter()
        .map(|p| {
            p.into_iter()
                .map(|(x, y)| vec![round6(x), round6(y)])
                .collect()
        })
        .collect();
    if parts.len() == 1 {
        GeometryValue::new_line_string(parts.pop().unwrap_or_default())
    } else {
        GeometryValue::new_multi_line_string(parts)
    }
}

fn ring(coords: impl Iterator<Item = (f64, f64)>, exterior: bool) -> Vec<Vec<f64>> {
    let mut pts: Vec<(f64, f64)> = coords.map(|(x, y)| (round6(x), round6(y))).collect();
    orient_ccw(&mut pts, exterior);
    pts.into_iter().map(|(x, y)| vec![x, y]).collect()
}

fn polygon(p: &Polygon<f64>) -> Vec<Vec<Vec<f64>>> {
    std::iter::once(ring(p.exterior().coords().map(|c| (c.x, c.y)), true))
        .chain(
            p.interiors()
                .iter()
                .map(|r| ring(r.coords().map(|c| (c.x, c.y)), false)),
        )
        .collect()
}

/// A MultiPolygon as GeoJSON: a Polygon when it has one part.
pub fn area_geometry(mp: &MultiPolygon<f64>) -> GeometryValue {
    let mut polys: Vec<Vec<Vec<Vec<f64>>>> = outline::polygons(mp).iter().map(polygon).collect();
    if polys.len() == 1 {
        GeometryValue::new_polygon(polys.pop().unwrap_or_default())
    } else {
        GeometryValue::new_multi_polygon(polys)
    }
}

/// A country's outline for GeoJSON: the 1:110m one keeps files small, the
/// 1:50m one covers the small states it lacks.
fn country_outline(alpha2: &str) -> Option<&'static MultiPolygon<f64>> {
    let key = format!("C:{alpha2}");
    outline::country(&key, Detail::World).or_else(|| outline::country(&key, Detail::Regional))
}

fn feature(geometry: GeometryValue, props: JsonObject) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(geometry)),
        id: None,
        properties: Some(props),
        foreign_members: None,
    }
}

/// The contract's FeatureCollection for a completed map spec.
pub fn collection(spec: &MapSpec) -> FeatureCollection {
    let mut features = Vec::new();
    let mut bbox = BBox::default();
    for p in &spec.places {
        let (role, stops) = spec.role_of(p);
        let mut props = JsonObject::new();
        props.insert("kind".into(), json!("place"));
        props.insert("name".into(), json!(p.name));
        props.insert("name_en".into(), json!(p.name_en));
        props.insert("place_type".into(), json!(p.place_type));
        props.insert("country".into(), json!(p.country));
        props.insert("geonames_id".into(), json!(p.geonames_id));
        props.insert("gazetteer_id".into(), json!(p.id));
        props.insert("lat".into(), json!(round6(p.lat)));
        props.insert("lon".into(), json!(round6(p.lon)));
        props.insert("role".into(), json!(role));
        if matches!(role, Role::Origin | Role::Stop) {
            props.insert("stop".into(), json!(stops[0]));
            props.insert("stops".into(), json!(stops));
            if let Some(s) = spec.route.get(stops[0]) {
                props.insert("arrive".into(), json!(s.arrive));
                props.insert("depart".into(), json!(s.depart));
            }
        }
        props.insert("confidence".into(), json!(p.confidence));
        props.insert(
            "mentions".into(),
            serde_json::to_value(&p.mentions).unwrap_or(JsonValue::Null),
        );
        let color = match role {
            Role::Origin => "#1f3b57",
            Role::Stop => &spec.style.route,
            Role::Context => "#6b6b6b",
            Role::Mention => "#b0b0b0",
        };
        props.insert("marker-color".into(), json!(color));
        props.insert(
            "marker-size".into(),
            json!(if matches!(role, Role::Origin | Role::Stop) {
                "medium"
            } else {
                "small"
            }),
        );
        features.push(feature(
            GeometryValue::new_point(vec![round6(p.lon), round6(p.lat)]),
            props,
        ));
    }
    // Route stops the article does not name (an implied origin, a stop
    // added by hand) are places too.
    for (i, s) in spec.route.iter().enumerate() {
        let named = spec.places.iter().any(|p| spec.role_of(p).1.contains(&i));
        let first = spec
            .route
            .iter()
            .position(|t| t.id == s.id && t.name == s.name)
            == Some(i);
        let (Some(lat), Some(lon)) = (s.lat, s.lon) else {
            continue;
        };
        if named || !first {
            continue;
        }
        let stops: Vec<usize> = spec
            .route
            .iter()
            .enumerate()
            .filter(|(_, t)| t.id == s.id && t.name == s.name)
            .map(|(k, _)| k)
            .collect();
        let role = if i == 0 { Role::Origin } else { Role::Stop };
        let mut props = JsonObject::new();
        props.insert("kind".into(), json!("place"));
        props.insert("name".into(), json!(s.name));
        props.insert(
            "name_en".into(),
            json!(s.name_en.as_deref().unwrap_or(&s.name)),
        );
        props.insert(
            "place_type".into(),
            json!(s.place_type.as_deref().unwrap_or("city")),
        );
        props.insert("country".into(), json!(s.country));
        props.insert("geonames_id".into(), json!(s.geonames_id));
        props.insert("gazetteer_id".into(), json!(s.id));
        props.insert("lat".into(), json!(round6(lat)));
        props.insert("lon".into(), json!(round6(lon)));
        props.insert("role".into(), json!(role));
        props.insert("stop".into(), json!(i));
        props.insert("stops".into(), json!(stops));
        props.insert("arrive".into(), json!(s.arrive));
        props.insert("depart".into(), json!(s.depart));
        props.insert("mentions".into(), json!([]));
        props.insert(
            "marker-color".into(),
            json!(if i == 0 {
                "#1f3b57"
            } else {
                spec.style.route.as_str()
            }),
        );
        props.insert("marker-size".into(), json!("medium"));
        features.push(feature(
            GeometryValue::new_point(vec![round6(lon), round6(lat)]),
            props,
        ));
    }
    for (i, w) in spec.route.windows(2).enumerate() {
        let (Some(a), Some(b)) = (w[0].lon.zip(w[0].lat), w[1].lon.zip(w[1].lat)) else {
            continue;
        };
        let mut props = JsonObject::new();
        props.insert("kind".into(), json!("leg"));
        props.insert("seq".into(), json!(i + 1));
        props.insert(
            "from".into(),
            json!(w[0].name_en.as_deref().unwrap_or(&w[0].name)),
        );
        props.insert(
            "to".into(),
            json!(w[1].name_en.as_deref().unwrap_or(&w[1].name)),
        );
        props.insert("from_name".into(), json!(w[0].name));
        props.insert("to_name".into(), json!(w[1].name));
        props.insert("stroke".into(), json!(spec.style.route));
        props.insert("stroke-width".into(), json!(2.5));
        features.push(feature(leg_geometry(a, b), props));
    }
    for g in &spec.groups {
        for m in &g.members {
            let Some(mp) = country_outline(&m.country) else {
                continue;
            };
            let mut props = JsonObject::new();
            props.insert("kind".into(), json!("member"));
            props.insert("group".into(), json!(g.key));
            props.insert("group_name".into(), json!(g.name));
            props.insert("country".into(), json!(m.country));
            props.insert("name".into(), json!(m.name));
            props.insert("name_en".into(), json!(m.name_en));
            props.insert("fill".into(), json!(spec.style.highlight));
            props.insert("fill-opacity".into(), json!(0.6));
            props.insert("stroke".into(), json!("#ffffff"));
            props.insert("stroke-width".into(), json!(0.5));
            features.push(feature(area_geometry(mp), props));
        }
    }
    for p in &spec.places {
        let (role, _) = spec.role_of(p);
        if role != Role::Context || p.place_type != "admin1" {
            continue;
        }
        let Some(mp) = p.id.as_deref().and_then(outline::admin1) else {
            continue;
        };
        let mut props = JsonObject::new();
        props.insert("kind".into(), json!("area"));
        props.insert("name".into(), json!(p.name));
        props.insert("name_en".into(), json!(p.name_en));
        props.insert("place_type".into(), json!("admin1"));
        props.insert("country".into(), json!(p.country));
        props.insert("fill".into(), json!("#000000"));
        props.insert("fill-opacity".into(), json!(0.0));
        props.insert("stroke".into(), json!("#7a4f9a"));
        props.insert("stroke-width".into(), json!(1.5));
        features.push(feature(area_geometry(mp), props));
    }
    let mut foreign = JsonObject::new();
    foreign.insert("title".into(), json!(spec.title));
    foreign.insert("subtitle".into(), json!(spec.subtitle));
    foreign.insert("lang".into(), json!(spec.lang));
    foreign.insert("labels".into(), json!(spec.labels));
    foreign.insert("date".into(), json!(spec.date));
    foreign.insert(
        "groups".into(),
        json!(
            spec.groups
                .iter()
                .map(
                    |g| json!({"key": g.key, "name": g.name, "label": g.label, "source": g.source})
                )
                .collect::<Vec<_>>()
        ),
    );
    foreign.insert(
        "attribution".into(),
        json!("Places: GeoNames (CC BY 4.0), Natural Earth; map data: tripmap"),
    );
    for f in &features {
        if let Some(g) = &f.geometry {
            bbox.add_geometry(&g.value);
        }
    }
    FeatureCollection {
        bbox: bbox.get(),
        features,
        foreign_members: Some(foreign),
    }
}

/// A lon/lat box of what the map draws.
#[derive(Default)]
struct BBox(Option<[f64; 4]>);

impl BBox {
    fn add(&mut self, lon: f64, lat: f64) {
        let b = self.0.get_or_insert([lon, lat, lon, lat]);
        b[0] = b[0].min(lon);
        b[1] = b[1].min(lat);
        b[2] = b[2].max(lon);
        b[3] = b[3].max(lat);
    }

    fn add_geometry(&mut self, g: &GeometryValue) {
        match g {
            GeometryValue::Point { coordinates } => self.add(coordinates[0], coordinates[1]),
            GeometryValue::LineString { coordinates } => {
                coordinates.iter().for_each(|c| self.add(c[0], c[1]))
            }
            GeometryValue::MultiLineString { coordinates }
            | GeometryValue::Polygon { coordinates } => coordinates
                .iter()
                .flatten()
                .for_each(|c| self.add(c[0], c[1])),
            GeometryValue::MultiPolygon { coordinates } => coordinates
                .iter()
                .flatten()
                .flatten()
                .for_each(|c| self.add(c[0], c[1])),
            _ => {}
        }
    }

    fn get(&self) -> Option<Vec<f64>> {
        self.0.map(|b| b.iter().map(|&x| round6(x)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pacific_leg_is_cut_at_the_antimeridian() {
        match leg_geometry((139.69, 35.69), (-118.24, 34.05)) {
            GeometryValue::MultiLineString { coordinates } => {
                assert_eq!(coordinates.len(), 2);
                assert_eq!(coordinates[0].last().unwrap()[0], 180.0);
                assert_eq!(coordinates[1][0][0], -180.0);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            leg_geometry((116.4, 39.9), (71.4, 51.2)),
            GeometryValue::LineString { .. }
        ));
    }
}
