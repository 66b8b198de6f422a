//! `tripmap lookup`: the top candidate for names in many scripts, renamed
//! places, organisations with their members at a date, and bad input.

use std::process::Command;

use serde_json::Value;

fn lookup(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tripmap"))
        .arg("lookup")
        .args(args)
        .output()
        .expect("run tripmap");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn top(name: &str, date: Option<&str>) -> Value {
    let mut args = vec![name, "--json"];
    if let Some(d) = date {
        args.extend(["--date", d]);
    }
    let (code, out, err) = lookup(&args);
    assert_eq!(code, 0, "{name}: exit {code}, stderr {err}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{name}: {e}: {out}"));
    v[0].clone()
}

fn assert_top(names: &[&str], id: &str) {
    for name in names {
        let t = top(name, Some("2022-09-14"));
        assert_eq!(t["id"], id, "{name} → {}", t["name_en"]);
    }
}

#[test]
fn nur_sultan_in_four_scripts_is_astana() {
    assert_top(
        &[
            "نور سلطان",
            "Nur-Sultan",
            "Нур-Султан",
            "努尔苏丹",
            "Astana",
        ],
        "G:1526273",
    );
    let t = top("Nur-Sultan", Some("2022-09-14"));
    assert_eq!(t["valid_from"], "2019-03-23");
    assert_eq!(t["valid_to"], "2022-09-17");
}

#[test]
fn samarkand_xinjiang_wuhan() {
    assert_top(
        &["سمرقند", "Samarkand", "Самарканд", "撒马尔罕"],
        "G:1216265",
    );
    assert_top(&["شينجيانغ", "Xinjiang", "Синьцзян", "新疆"], "A:CN.13");
    assert_top(&["ووهان", "Wuhan", "Ухань", "武汉"], "G:1791247");
}

#[test]
fn countries_in_arabic_and_old_names() {
    assert_top(&["بورما", "Burma", "Myanmar"], "C:MM");
    assert_top(&["كازاخستان", "قازاقستان"], "C:KZ");
    for (name, id) in [
        ("قيرغيزستان", "C:KG"),
        ("طاجيكستان", "C:TJ"),
        ("باكستان", "C:PK"),
        ("الهند", "C:IN"),
        ("أوكرانيا", "C:UA"),
        ("الولايات المتحدة", "C:US"),
        ("روسيا", "C:RU"),
        ("الصين", "C:CN"),
        ("أوزبكستان", "C:UZ"),
        ("بكين", "G:1816670"),
        ("موسكو", "G:524901"),
        ("كييف", "G:703448"),
        ("Kiev", "G:703448"),
        ("Kyiv", "G:703448"),
        ("Peking", "G:1816670"),
        ("Bombay", "G:1275339"),
    ] {
        assert_top(&[name], id);
    }
}

#[test]
fn sco_members_at_two_dates() {
    for name in ["منظمة شنغهاي للتعاون", "SCO", "ШОС", "上海合作组织"] {
        let t = top(name, Some("2022-09-14"));
        assert_eq!(t["id"], "O:SCO", "{name}");
        let members: Vec<&str> = t["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert_eq!(
            members,
            ["CN", "IN", "KG", "KZ", "PK", "RU", "TJ", "UZ"],
            "{name}"
        );
        let later = top(name, Some("2025-01-01"));
        assert_eq!(later["members"].as_array().unwrap().len(), 10, "{name}");
    }
}

#[test]
fn json_candidates_carry_the_contract_fields() {
    let t = top("Samarkand", None);
    for field in [
        "name",
        "name_en",
        "type",
        "country",
        "lat",
        "lon",
        "population",
        "geonames_id",
        "matched",
    ] {
        assert!(t.get(field).is_some(), "missing {field}");
    }
    assert_eq!(t["type"], "city");
    assert_eq!(t["country"], "UZ");
    assert_eq!(t["geonames_id"], 1216265);
}

#[test]
fn bad_input_is_one_line_and_nonzero() {
    // Linux caps one argument at 128 KiB (MAX_ARG_STRLEN), so this is the
    // longest argument a shell can pass at all.
    let long = "a".repeat(120_000);
    for args in [
        vec![""],
        vec!["   "],
        vec!["Samarkand", "--date", "2022-13-01"],
        vec![long.as_str()],
    ] {
        let (code, out, err) = lookup(&args);
        assert_eq!(code, 2, "{:?}", &args[0][..args[0].len().min(20)]);
        assert!(out.is_empty());
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn unknown_name_exits_one() {
    let (code, out, _) = lookup(&["Xqzzyqx"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
}
