//! `tripmap places` on the example articles in seven languages: the trip's
//! places are found and resolved, organisations are recognized, and the
//! traps each article sets are avoided.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn places(file: &str, date: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/examples")
        .join(file);
    let out = Command::new(env!("CARGO_BIN_EXE_tripmap"))
        .args(["places", "--json", "--date", date])
        .arg(&path)
        .output()
        .expect("run tripmap");
    assert!(
        out.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn ids(v: &Value, field: &str) -> Vec<String> {
    v[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

/// (file, date, language, places that must be found, organisations, places that must not be)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

const CASES: &[Case] = &[
    (
        "xi-central-asia.ar.txt",
        "2022-09-14",
        "ar",
        &["G:1816670", "G:1526273", "G:1216265", "A:CN.13", "C:KZ"],
        &["O:SCO"],
        &["G:1796236"], // Shanghai, inside the SCO's name
    ),
    (
        "jordan-fm-north-africa.ar.txt",
        "2021-04-19",
        "ar",
        &["G:250441", "G:360630", "G:2210247"], // Amman (not Oman), Cairo, Tripoli (Libya)
        &[],
        &["C:OM", "G:266826"], // Oman; Tripoli, Lebanon
    ),
    (
        "un-chief-east-africa.en.txt",
        "2022-10-18",
        "en",
        &["G:5128581", "G:184745", "G:53654", "G:373303"],
        &["O:UN", "O:AFRICAN-UNION"],
        &["G:3176959", "G:699751"], // Florence (a spokeswoman's name); a Ukrainian "New York"
    ),
    (
        "canada-pm-nato-warsaw.en.txt",
        "2016-07-09",
        "en",
        &["G:6094817", "G:756135", "G:703448"], // Ottawa, Warsaw, Kyiv written "Kiev"
        &["O:NATO"],
        &[],
    ),
    (
        "macron-afrique-centrale.fr.txt",
        "2023-03-02",
        "fr",
        &[
            "G:2988507",
            "G:2399697",
            "G:2240449",
            "G:2260535",
            "G:2314302",
        ],
        &[],
        &[],
    ),
    (
        "senegal-ua-addis.fr.txt",
        "2020-02-09",
        "fr",
        &["G:2253354", "G:344979"],
        &["O:AFRICAN-UNION"],
        &[],
    ),
    (
        "papa-colombia.es.txt",
        "2017-09-07",
        "es",
        &["G:3688689", "G:3665900", "G:3674962", "G:3687238"], // Cartagena, Colombia
        &[],
        &["G:2520058"], // Cartagena, Spain
    ),
    (
        "sanchez-g20-buenos-aires.es.txt",
        "2018-11-30",
        "es",
        &["G:3117735", "G:3435910"],
        &["O:G20"],
        &[],
    ),
    (
        "aussenminister-westbalkan.de.txt",
        "2019-03-26",
        "de",
        &["G:2950159", "G:3191281", "G:786714", "G:792680"],
        &[],
        &[],
    ),
    (
        "japan-g20-hamburg.de.txt",
        "2017-07-07",
        "de",
        &["G:1850147", "G:2800866", "G:2911298", "G:2673730"],
        &["O:G20"],
        &[],
    ),
    (
        "lavrov-latin-america.ru.txt",
        "2023-04-17",
        "ru",
        &[
            "G:524901",
            "G:3469058",
            "G:3646738",
            "G:3617763",
            "G:3553478",
        ], // inflected forms
        &[],
        &[],
    ),
    (
        "modi-brics-kazan.ru.txt",
        "2024-10-22",
        "ru",
        &["G:1261481", "G:551487"],
        &["O:BRICS"],
        &[],
    ),
    (
        "premier-latin-america.zh.txt",
        "2015-05-22",
        "zh",
        &[
            "G:1816670",
            "G:3469058",
            "G:3688689",
            "G:3936456",
            "G:3871336",
        ], // 利马 Lima
        &[],
        &["G:3449433", "G:1808181"], // Santos (a president's name); Hezuo (合作, "cooperation")
    ),
    (
        "premier-asean-kuala-lumpur.zh.txt",
        "2025-10-28",
        "zh",
        &["G:1816670", "G:1735161"],
        &["O:ASEAN"],
        &[],
    ),
];

#[test]
fn example_articles_in_seven_languages() {
    let mut failures = Vec::new();
    for (file, date, lang, must, orgs, must_not) in CASES {
        let v = places(file, date);
        if v["lang"] != *lang {
            failures.push(format!("{file}: language {} (expected {lang})", v["lang"]));
        }
        let found = ids(&v, "places");
        for id in *must {
            if !found.iter().any(|f| f == id) {
                failures.push(format!("{file}: {id} not found"));
            }
        }
        for id in *must_not {
            if found.iter().any(|f| f == id) {
                failures.push(format!("{file}: {id} found but is a trap"));
            }
        }
        let found_orgs = ids(&v, "organisations");
        for id in *orgs {
            if !found_orgs.iter().any(|f| f == id) {
                failures.push(format!("{file}: organisation {id} not found"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_place_has_coordinates_mentions_and_evidence() {
    for (file, date, ..) in CASES {
        let v = places(file, date);
        for p in v["places"].as_array().unwrap() {
            let (lat, lon) = (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap());
            assert!(
                (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon),
                "{file}: {p}"
            );
            assert!(!p["mentions"].as_array().unwrap().is_empty(), "{file}: {p}");
            let c = p["confidence"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&c), "{file}: {p}");
            assert!(!p["evidence"].as_array().unwrap().is_empty());
        }
    }
}

fn run_places(args: &[&str], stdin_file: Option<&Path>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tripmap"));
    cmd.arg("places").args(args);
    if let Some(p) = stdin_file {
        cmd.arg(p);
    }
    let out = cmd.output().expect("run tripmap");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_articles_get_one_line_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("tripmap-places-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"Paris \xff\xfe and Rome").unwrap();
    let utf16 = dir.join("utf16.txt");
    std::fs::write(&utf16, [0xFF, 0xFE, b'P', 0, b'a', 0]).unwrap();
    let missing = dir.join("missing.txt");
    for (path, reason) in [
        (&bad, "byte offset 6"),
        (&utf16, "UTF-16"),
        (&missing, "No such file"),
        (&dir, ""),
    ] {
        let (code, out, err) = run_places(&[], Some(path));
        assert_eq!(code, 2, "{}", path.display());
        assert!(out.is_empty());
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.contains(&*path.file_name().unwrap().to_string_lossy()),
            "{err}"
        );
        assert!(err.contains(reason), "{err}");
    }
    // Empty text: no places, and success.
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let (code, out, _) = run_places(&["--json"], Some(&empty));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["places"].as_array().unwrap().is_empty());
    std::fs::remove_dir_all(&dir).ok();
}
