//! Trips of the example articles (`data/examples`, with their expected
//! readings in `expected.tsv`) and of the seed article: origin, stops in
//! order, the shaded group, places that are no stops; and the map spec's
//! round trip through the command line.

#[allow(dead_code)]
mod common;
use common::{seed, tempdir, tripmap, tripmap_ok};
use std::path::{Path, PathBuf};

use serde_json::Value;

use tripmap::date::Date;
use tripmap::gazetteer::Gazetteer;
use tripmap::geoparse::{ParseOptions, parse};
use tripmap::trip::{MapSpec, TripOptions, build_spec};

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/examples")
}

fn spec_of(path: &Path, date: Option<&str>) -> MapSpec {
    let gaz = Gazetteer::embedded();
    let text = std::fs::read_to_string(path).unwrap();
    let date = date.map(|d| Date::parse(d).unwrap());
    let parsed = parse(gaz, &text, &ParseOptions { date, lang: None });
    let mut spec = build_spec(
        gaz,
        &text,
        &parsed,
        &TripOptions {
            date,
            ..TripOptions::default()
        },
    );
    spec.complete(gaz).unwrap();
    spec
}

/// A route stop matches an expected English name when one starts the
/// other ("New York" and "New York City").
fn same(stop: &str, expected: &str) -> bool {
    stop.starts_with(expected) || expected.starts_with(stop)
}

#[test]
fn example_articles_give_their_expected_trips() {
    let tsv = std::fs::read_to_string(examples().join("expected.tsv")).unwrap();
    let gaz = Gazetteer::embedded();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, _date, _lang, origin, stops, group, not_stops, ..] = cols[..] else {
            panic!("bad line {line}");
        };
        // The article's date comes from its dateline: no --date here.
        let spec = spec_of(&examples().join(file), None);
        let route: Vec<String> = spec
            .route
            .iter()
            .map(|s| s.name_en.clone().unwrap_or_default())
            .collect();
        let expected: Vec<&str> = std::iter::once(origin).chain(stops.split(" > ")).collect();
        let ok =
            route.len() == expected.len() && route.iter().zip(&expected).all(|(r, e)| same(r, e));
        if !ok {
            failures.push(format!("{file}: route {route:?}, expected {expected:?}"));
        }
        let groups: Vec<&str> = spec.groups.iter().map(|g| g.key.as_str()).collect();
        if group.is_empty() {
            if !groups.is_empty() {
                failures.push(format!("{file}: groups {groups:?}, expected none"));
            }
        } else {
            // The expected short name may be any name of the organisation.
            let wanted = gaz
                .postings(group)
                .into_iter()
                .map(|p| gaz.place(p.place).key.trim_start_matches("O:").to_string())
                .collect::<Vec<_>>();
            if groups.len() != 1 || !wanted.iter().any(|w| w == groups[0]) {
                failures.push(format!("{file}: groups {groups:?}, expected {group}"));
            }
        }
        for n in not_stops.split(';').filter(|s| !s.is_empty()) {
            if route.iter().skip(1).any(|r| same(r, n)) && !expected.iter().any(|e| same(e, n)) {
                failures.push(format!("{file}: {n} is on the route {route:?}"));
            }
        }
        checked += 1;
    }
    assert!(checked >= 14, "{checked} examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn past_trips_and_other_travellers_are_no_stops() {
    // Addis Ababa was February's summit; Ethiopia "is not on the itinerary".
    let un = spec_of(&examples().join("un-chief-east-africa.en.txt"), None);
    let names: Vec<&str> = un
        .route
        .iter()
        .filter_map(|s| s.name_en.as_deref())
        .collect();
    assert!(!names.iter().any(|n| n.contains("Addis")), "{names:?}");
    // The Brazilian president's trip to Shanghai and Beijing is not Lavrov's.
    let ru = spec_of(&examples().join("lavrov-latin-america.ru.txt"), None);
    let names: Vec<&str> = ru
        .route
        .iter()
        .filter_map(|s| s.name_en.as_deref())
        .collect();
    assert!(
        !names.contains(&"Shanghai") && !names.contains(&"Beijing"),
        "{names:?}"
    );
}

#[test]
fn stops_carry_the_dates_the_text_gives() {
    let xi = spec_of(&examples().join("xi-central-asia.ar.txt"), None);
    assert_eq!(xi.date.as_deref(), Some("2022-09-14"));
    assert_eq!(xi.route[1].arrive.as_deref(), Some("2022-09-14"));
    assert_eq!(xi.route[2].arrive.as_deref(), Some("2022-09-15"));
    assert_eq!(xi.route[2].depart.as_deref(), Some("2022-09-16"));
    // The title and subtitle are written in the article's language.
    assert!(xi.title.contains("سمرقند"), "{}", xi.title);
    assert!(xi.subtitle.contains("سبتمبر"), "{}", xi.subtitle);
}

#[test]
fn the_text_members_list_is_checked_against_the_data() {
    // The Arabic example lists the SCO's eight members itself: they agree
    // with the data for September 2022.
    let xi = spec_of(&examples().join("xi-central-asia.ar.txt"), None);
    let mut members: Vec<&str> = xi.groups[0]
        .members
        .iter()
        .map(|m| m.country.as_str())
        .collect();
    members.sort();
    assert_eq!(members, ["CN", "IN", "KG", "KZ", "PK", "RU", "TJ", "UZ"]);
    assert!(xi.warnings.is_empty(), "{:?}", xi.warnings);
    assert!(
        xi.explain.iter().any(|e| e.contains("agrees")),
        "{:?}",
        xi.explain
    );
}

#[test]
fn seed_geojson_has_the_trip_roles_and_the_sco_members_of_2022() {
    let Some(path) = seed() else { return };
    let dir = tempdir("seed");
    tripmap_ok(&[
        "map",
        path.to_str().unwrap(),
        "--date",
        "2022-09-14",
        "--format",
        "geojson",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let fc: Value =
        serde_json::from_slice(&std::fs::read(dir.join("000_c44afd2a1664a772.geojson")).unwrap())
            .unwrap();
    let features = fc["features"].as_array().unwrap();
    let place = |en: &str| {
        features
            .iter()
            .find(|f| f["properties"]["kind"] == "place" && f["properties"]["name_en"] == en)
            .unwrap_or_else(|| panic!("{en}"))["properties"]
            .clone()
    };
    assert_eq!(place("Beijing")["role"], "origin");
    assert_eq!(place("Beijing")["stop"], 0);
    assert_eq!(place("Nur-Sultan")["role"], "stop");
    assert_eq!(place("Nur-Sultan")["stop"], 1);
    assert_eq!(place("Samarkand")["stop"], 2);
    assert_eq!(place("United States")["role"], "mention");
    for en in ["Xinjiang", "Wuhan", "Kazakhstan"] {
        assert_eq!(place(en)["role"], "context", "{en}");
    }
    let legs: Vec<(String, String)> = features
        .iter()
        .filter(|f| f["properties"]["kind"] == "leg")
        .map(|f| {
            (
                f["properties"]["from"].as_str().unwrap().to_string(),
                f["properties"]["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        legs,
        [
            ("Beijing".to_string(), "Nur-Sultan".to_string()),
            ("Nur-Sultan".to_string(), "Samarkand".to_string())
        ]
    );
    let mut members: Vec<&str> = features
        .iter()
        .filter(|f| f["properties"]["kind"] == "member")
        .map(|f| {
            assert_eq!(f["properties"]["group"], "SCO");
            f["properties"]["country"].as_str().unwrap()
        })
        .collect();
    members.sort();
    assert_eq!(members, ["CN", "IN", "KG", "KZ", "PK", "RU", "TJ", "UZ"]);
}

#[test]
fn an_edited_spec_renders_accordingly() {
    let dir = tempdir("edit");
    let article = examples().join("xi-central-asia.ar.txt");
    let out = tripmap_ok(&["extract", article.to_str().unwrap()]);
    let mut spec: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Remove Nur-Sultan, retitle.
    spec["route"].as_array_mut().unwrap().remove(1);
    spec["title"] = Value::from("Edited </text><script>x</script>");
    let path = dir.join("edited.json");
    std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).unwrap();
    tripmap_ok(&[
        "render",
        path.to_str().unwrap(),
        "--format",
        "geojson",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let fc: Value =
        serde_json::from_slice(&std::fs::read(dir.join("edited.geojson")).unwrap()).unwrap();
    assert_eq!(fc["title"], "Edited </text><script>x</script>");
    let legs: Vec<&Value> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == "leg")
        .collect();
    assert_eq!(legs.len(), 1);
    assert_eq!(legs[0]["properties"]["to"], "Samarkand");
    let nur = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["name_en"] == "Nur-Sultan")
        .unwrap();
    assert_eq!(nur["properties"]["role"], "context");
}

#[test]
fn invalid_specs_get_one_line_naming_the_field() {
    let dir = tempdir("invalid");
    let cases = [
        (
            r#"{"tripmap_spec":1,"title":"t","lang":"en","labels":"en","route":[{"name":"Paris"}]}"#,
            "route:",
        ),
        (
            r#"{"tripmap_spec":1,"title":"t","lang":"en","labels":"en","route":[{"name":"Paris"},{"name":"Qqzzxxyy"}]}"#,
            "route[1].name",
        ),
        (
            r#"{"tripmap_spec":1,"title":"t","lang":"en","labels":"en","route":[{"name":"A","lat":NaN,"lon":0},{"name":"Paris"}]}"#,
            "route[0].lat",
        ),
        (
            r#"{"tripmap_spec":1,"title":"t","lang":"en","labels":"en","route":[{"name":"A","lat":"x","lon":0}]}"#,
            "route[0].lat",
        ),
        (
            r#"{"tripmap_spec":1,"title":"t","lang":"en","labels":"en","places":[{"name":"A","name_en":"A","place_type":"city","lat":1e300,"lon":0,"role":"context"}]}"#,
            "places[0].lat",
        ),
        (r#"{"tripmap_spec":1,"title":["x"]}"#, "title"),
    ];
    for (i, (json, field)) in cases.iter().enumerate() {
        let path = dir.join(format!("bad{i}.json"));
        std::fs::write(&path, json).unwrap();
        let out = tripmap(&[
            "render",
            path.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{json}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(field), "{field} not in {err}");
        assert!(err.contains(&format!("bad{i}.json")), "{err}");
        assert!(!dir.join(format!("bad{i}.svg")).exists());
    }
}

#[test]
fn command_line_overrides_win_over_inference() {
    let article = examples().join("xi-central-asia.ar.txt");
    let a = article.to_str().unwrap();
    let out = tripmap_ok(&[
        "extract",
        a,
        "--route",
        "Beijing > Tashkent > Samarkand > Beijing",
        "--highlight",
        "CSTO,EU",
        "--labels",
        "en",
        "--date",
        "2022-09-14",
    ]);
    let spec: Value = serde_json::from_slice(&out.stdout).unwrap();
    let route: Vec<&str> = spec["route"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(route, ["Beijing", "Tashkent", "Samarkand", "Beijing"]);
    assert_eq!(spec["route"][1]["country"], "UZ");
    let groups: Vec<&str> = spec["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["CSTO", "EU"]);
    assert_eq!(spec["labels"], "en");
    assert!(
        spec["title"].as_str().unwrap().starts_with("Trip to"),
        "{}",
        spec["title"]
    );
    // An unknown place on the route is one line naming it.
    let out = tripmap(&["extract", a, "--route", "Beijing > Qqxxzzyy"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("route[1].name") && err.contains("Qqxxzzyy"),
        "{err}"
    );
}

#[test]
fn a_period_name_dates_an_undated_article() {
    // The seed gives no year; it calls its first stop نور سلطان, a name
    // used from 2019-03-23 to 2022-09-17: the SCO then had eight members.
    let Some(path) = seed() else { return };
    let spec = spec_of(&path, None);
    assert_eq!(spec.date.as_deref(), Some("2022-09-16"));
    let route: Vec<&str> = spec
        .route
        .iter()
        .filter_map(|s| s.name_en.as_deref())
        .collect();
    assert_eq!(route, ["Beijing", "Nur-Sultan", "Samarkand"]);
    assert_eq!(spec.groups[0].members.len(), 8);
    assert!(spec.explain[0].contains("نور سلطان"), "{:?}", spec.explain);
}
