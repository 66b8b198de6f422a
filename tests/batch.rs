//! `tripmap batch`: the output contract's GeoJSON for every input, checked
//! for structure, offsets and validity (GDAL's `ogrinfo` where installed;
//! CI installs it and then requires it).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

#[allow(dead_code)]
mod common;
use common::tempdir;

fn batch(args: &[&Path], out: &Path) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_tripmap"))
        .arg("batch")
        .args(args)
        .arg("-o")
        .arg(out)
        .args(["--format", "geojson"])
        .output()
        .expect("run tripmap");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/examples")
}

#[test]
fn every_article_gets_a_contract_feature_collection() {
    let out = tempdir("batch-contract");
    let (code, err) = batch(&[&examples()], &out);
    assert_eq!(code, 0, "{err}");
    let inputs: Vec<PathBuf> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    for input in &inputs {
        let stem = input.file_stem().unwrap().to_string_lossy();
        let path = out.join(format!("{stem}.geojson"));
        let fc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(fc["type"], "FeatureCollection");
        let text: Vec<char> = std::fs::read_to_string(input)
            .unwrap_or_default()
            .chars()
            .collect();
        let mut legs = 0;
        for f in fc["features"].as_array().unwrap() {
            let p = &f["properties"];
            match p["kind"].as_str().unwrap() {
                "place" => {}
                "leg" => {
                    legs += 1;
                    assert_eq!(p["seq"], legs, "{stem}: legs in order");
                    assert!(p["from"].is_string() && p["to"].is_string());
                    assert!(matches!(
                        f["geometry"]["type"].as_str().unwrap(),
                        "LineString" | "MultiLineString"
                    ));
                    continue;
                }
                "member" => {
                    assert!(p["group"].is_string() && p["country"].is_string(), "{stem}");
                    assert!(matches!(
                        f["geometry"]["type"].as_str().unwrap(),
                        "Polygon" | "MultiPolygon"
                    ));
                    continue;
                }
                "area" => continue,
                other => panic!("{stem}: unknown kind {other}"),
            }
            assert_eq!(f["geometry"]["type"], "Point");
            let coords = f["geometry"]["coordinates"].as_array().unwrap();
            assert_eq!(coords[0], p["lon"]);
            assert_eq!(coords[1], p["lat"]);
            for field in [
                "name",
                "name_en",
                "place_type",
                "country",
                "geonames_id",
                "role",
                "mentions",
            ] {
                assert!(p.get(field).is_some(), "{stem}: {field} missing");
            }
            assert!(
                ["origin", "stop", "context", "mention"].contains(&p["role"].as_str().unwrap())
            );
            for m in p["mentions"].as_array().unwrap() {
                let (s, e) = (
                    m["start"].as_u64().unwrap() as usize,
                    m["end"].as_u64().unwrap() as usize,
                );
                let span: String = text[s..e].iter().collect();
                assert_eq!(span, m["text"].as_str().unwrap(), "{stem}");
            }
        }
        // Every example tells of a trip.
        assert!(legs >= 1, "{stem}: no route");
    }
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .collect();
    assert!(leftovers.is_empty());
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn gdal_reads_every_output_as_valid_geometry() {
    let have_gdal = Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_gdal {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install gdal-bin (ogrinfo)"
        );
        eprintln!("note: ogrinfo not installed; GDAL check skipped");
        return;
    }
    let out = tempdir("batch-gdal");
    let (code, err) = batch(&[&examples()], &out);
    assert_eq!(code, 0, "{err}");
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "geojson") {
            continue;
        }
        let layer = path.file_stem().unwrap().to_string_lossy().to_string();
        let sql = format!(
            "SELECT COUNT(*) AS n, SUM(ST_IsValid(geometry)) AS valid, \
             SUM(ST_MinX(geometry) >= -180 AND ST_MaxX(geometry) <= 180 \
                 AND ST_MinY(geometry) >= -90 AND ST_MaxY(geometry) <= 90) AS inrange \
             FROM \"{layer}\""
        );
        let o = Command::new("ogrinfo")
            .args(["-q", "-dialect", "SQLite", "-sql", &sql])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let s = String::from_utf8_lossy(&o.stdout);
        let field = |name: &str| -> i64 {
            s.lines()
                .find_map(|l| l.trim().strip_prefix(&format!("{name} (Integer) = ")))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(-1)
        };
        let n = field("n");
        assert!(n > 0, "{}: no features read by GDAL: {s}", path.display());
        assert_eq!(field("valid"), n, "{}: {s}", path.display());
        assert_eq!(field("inrange"), n, "{}: {s}", path.display());
    }
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn one_bad_article_does_not_stop_the_batch() {
    let input = tempdir("batch-bad-in");
    std::fs::write(input.join("good.txt"), "Talks in Nairobi.").unwrap();
    std::fs::write(input.join("bad.txt"), b"\xff\xfe\x00binary").unwrap();
    let out = tempdir("batch-bad-out");
    let (code, err) = batch(&[&input], &out);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bad.txt"), "{err}");
    assert!(out.join("good.geojson").exists());
    assert!(!out.join("bad.geojson").exists());
    std::fs::remove_dir_all(&input).ok();
    std::fs::remove_dir_all(&out).ok();
}

fn tripmap(args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tripmap"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run tripmap");
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn json_lines_in_give_json_lines_out_in_order() {
    let mut input = String::new();
    for (i, f) in ["xi-central-asia.ar.txt", "un-chief-east-africa.en.txt"]
        .iter()
        .enumerate()
    {
        let text = std::fs::read_to_string(examples().join(f)).unwrap();
        input.push_str(&serde_json::json!({"id": format!("doc{i}"), "text": text}).to_string());
        input.push('\n');
    }
    input.push_str("{\"id\": \"broken\"}\n");
    let out = tripmap(&["batch", "-"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(1), "one record failed");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "doc0");
    assert_eq!(
        lines[0]["route"],
        serde_json::json!(["Beijing", "Nur-Sultan", "Samarkand"])
    );
    assert_eq!(lines[0]["groups"], serde_json::json!(["SCO"]));
    assert_eq!(lines[0]["geojson"]["type"], "FeatureCollection");
    assert_eq!(lines[1]["id"], "doc1");
    assert_eq!(lines[2]["status"], "error");
    assert!(lines[2]["error"].as_str().unwrap().contains("text"));
}

#[test]
fn outputs_are_identical_whatever_the_jobs_and_names_never_collide() {
    let input = tempdir("batch-names-in");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(input.join(sub)).unwrap();
        std::fs::copy(
            examples().join("papa-colombia.es.txt"),
            input.join(sub).join("index.txt"),
        )
        .unwrap();
    }
    std::fs::copy(
        examples().join("canada-pm-nato-warsaw.en.txt"),
        input.join("c.txt"),
    )
    .unwrap();
    let (one, two) = (tempdir("batch-jobs1"), tempdir("batch-jobs2"));
    for (dir, jobs) in [(&one, "1"), (&two, "2")] {
        let o = tripmap(
            &[
                "batch",
                input.to_str().unwrap(),
                "-o",
                dir.to_str().unwrap(),
                "--format",
                "svg,geojson",
                "--jobs",
                jobs,
            ],
            None,
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let mut names: Vec<String> = std::fs::read_dir(&one)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "a__index.txt.geojson",
            "a__index.txt.svg",
            "b__index.txt.geojson",
            "b__index.txt.svg",
            "c.geojson",
            "c.svg",
            "manifest.jsonl"
        ]
    );
    for n in names.iter().filter(|n| *n != "manifest.jsonl") {
        let same = std::fs::read(one.join(n)).unwrap() == std::fs::read(two.join(n)).unwrap();
        assert!(same, "{n} differs between --jobs 1 and 2");
    }
    // The manifest lists every input with its route.
    let manifest: Vec<Value> = std::fs::read_to_string(one.join("manifest.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(manifest.len(), 3);
    assert!(manifest.iter().all(|m| m["status"] == "ok"));
    assert_eq!(manifest[2]["route"][0], "Ottawa");
    assert_eq!(manifest[2]["groups"], serde_json::json!(["NATO"]));
    // --resume skips what is up to date, and redoes what is missing.
    std::fs::remove_file(one.join("c.svg")).unwrap();
    let o = tripmap(
        &[
            "batch",
            input.to_str().unwrap(),
            "-o",
            one.to_str().unwrap(),
            "--format",
            "svg,geojson",
            "--resume",
        ],
        None,
    );
    assert!(o.status.success());
    let manifest = std::fs::read_to_string(one.join("manifest.jsonl")).unwrap();
    let statuses: Vec<String> = manifest
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["status"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(statuses, ["skipped", "skipped", "ok"]);
    assert!(one.join("c.svg").exists());
}
