//! The seed article (Arabic, Xi Jinping's 2022 trip to Kazakhstan and
//! Uzbekistan): exactly the places it names, no traps.
//!
//! The article's text lives outside the repository, in `../shared/seeds`;
//! where that folder is absent (a user's fresh clone) the tests say so and
//! pass without checking.

#[allow(dead_code)]
mod common;
use common::seed;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn places_json(path: &PathBuf) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_tripmap"))
        .args(["places", "--json", "--date", "2022-09-14"])
        .arg(path)
        .output()
        .expect("run tripmap");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn seed_article_gives_exactly_its_places() {
    let Some(path) = seed() else { return };
    let v = places_json(&path);
    let got: BTreeSet<String> = v["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let expected: BTreeSet<String> = [
        "G:1526273", // Nur-Sultan (Astana)
        "C:KZ",
        "C:CN",
        "C:RU",
        "C:UZ",
        "R:central-asia",
        "C:US",      // "US Eastern time"
        "G:1816670", // Beijing
        "A:CN.13",   // Xinjiang
        "G:1216265", // Samarkand
        "C:KG",
        "C:TJ",
        "C:IN",
        "C:PK",
        "G:524901", // Moscow, also through the Kremlin
        "C:UA",
        "G:703448",  // Kyiv
        "C:MM",      // بورما
        "G:1791247", // Wuhan
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let extra: Vec<_> = got.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&got).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "extra {extra:?}, missing {missing:?}"
    );
    assert_eq!(v["lang"], "ar");
}

#[test]
fn seed_article_mentions_and_traps() {
    let Some(path) = seed() else { return };
    let text = std::fs::read_to_string(&path).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let v = places_json(&path);
    let places = v["places"].as_array().unwrap();
    let find = |id: &str| {
        places
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };

    // Offsets are chars of the text as read, end exclusive.
    for p in places {
        for m in p["mentions"].as_array().unwrap() {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let span: String = chars[s..e].iter().collect();
            assert_eq!(span, m["text"].as_str().unwrap());
        }
    }
    // Both spellings of Kazakhstan are mentions of one place.
    let kz: BTreeSet<&str> = find("C:KZ")["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert!(
        kz.contains("قازاقستان") && kz.contains("كازاخستان"),
        "{kz:?}"
    );
    // The Kremlin stands for Moscow; "الروسي" is Russia through its demonym.
    let moscow = find("G:524901")["mentions"].as_array().unwrap().clone();
    assert!(
        moscow
            .iter()
            .any(|m| m["via"] == "landmark" && m["text"].as_str().unwrap().contains("الكرملين"))
    );
    assert!(
        find("C:RU")["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["via"] == "demonym")
    );
    // India and Pakistan are found behind their conjunction و.
    for id in ["C:IN", "C:PK", "C:KG", "C:TJ"] {
        let starts: Vec<u64> = find(id)["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["start"].as_u64().unwrap())
            .collect();
        assert!(
            starts.iter().any(|&s| chars[s as usize - 1] == 'و'),
            "{id}: {starts:?}"
        );
    }
    // The SCO is an organisation, and no Shanghai comes out of its name.
    let orgs: Vec<&str> = v["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(orgs, ["O:SCO"]);
    assert!(
        !places
            .iter()
            .any(|p| p["name_en"] == "Shanghai" || p["id"] == "C:TR")
    );
}
