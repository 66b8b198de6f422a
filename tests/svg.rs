//! The SVG maps: drawn for every example article, readable by librsvg
//! (the `rsvg-convert` of Debian's librsvg2-bin), self-contained, inert
//! whatever the article or spec says, and small.

use std::path::Path;
use std::process::Command;

#[allow(dead_code)]
mod common;
use common::{example_articles, tempdir, tripmap, tripmap_ok};

fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var("CI").is_err(), "CI must install {tool}");
        eprintln!("note: {tool} not installed; check skipped");
    }
    ok
}

/// The text of every `<text>` element, trimmed (the writer puts text on
/// lines of its own).
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

/// The markup of the document: its tags, without text content.
fn tags(svg: &str) -> Vec<&str> {
    svg.split('<')
        .skip(1)
        .filter_map(|t| t.find('>').map(|e| &t[..e]))
        .collect()
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

#[test]
fn every_example_map_draws_its_route_and_renders_in_librsvg() {
    let dir = tempdir("examples");
    let rsvg = have("rsvg-convert");
    for article in example_articles() {
        let stem = article.file_stem().unwrap().to_string_lossy().to_string();
        let out = tripmap(&[
            "map",
            article.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{stem}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg_path = dir.join(format!("{stem}.svg"));
        let svg = std::fs::read_to_string(&svg_path).unwrap();
        assert!(svg.len() < 400_000, "{stem}: {} bytes", svg.len());
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        // Semantics and layers.
        for needle in [
            "role=\"img\"",
            "<title",
            "<desc",
            "id=\"legs\"",
            "id=\"places\"",
            "id=\"labels\"",
            "GeoNames (CC BY 4.0)",
        ] {
            assert!(svg.contains(needle), "{stem}: no {needle}");
        }
        // Nothing outside the file.
        for bad in ["href", "@import", "url(", "<script", "<image"] {
            assert!(!svg.contains(bad), "{stem}: {bad}");
        }
        // Every stop is drawn and labelled.
        let spec: serde_json::Value =
            serde_json::from_slice(&tripmap(&["extract", article.to_str().unwrap()]).stdout)
                .unwrap();
        let route = spec["route"].as_array().unwrap();
        assert!(route.len() >= 2, "{stem}");
        let labels = texts(&svg);
        for (i, stop) in route.iter().enumerate().skip(1) {
            let name = stop["name"].as_str().unwrap();
            let escaped = name
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            assert!(labels.contains(&escaped), "{stem}: label {name}");
            if route[0]["id"] != stop["id"] {
                assert!(
                    svg.contains(&format!("data-stop=\"{i}\"")),
                    "{stem}: stop {i}"
                );
            }
        }
        assert_eq!(
            svg.matches("class=\"leg\"").count(),
            route.len() - 1,
            "{stem}"
        );
        if rsvg {
            let png = dir.join(format!("{stem}.png"));
            let o = Command::new("rsvg-convert")
                .arg(&svg_path)
                .arg("-o")
                .arg(&png)
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "{stem}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert_eq!(
                png_size(&std::fs::read(&png).unwrap()),
                (1200, 800),
                "{stem}"
            );
        }
    }
}

#[test]
fn hostile_titles_and_names_come_out_inert() {
    let dir = tempdir("hostile");
    let article =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/examples/xi-central-asia.ar.txt");
    let out = tripmap(&["extract", article.to_str().unwrap()]);
    let mut spec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    spec["title"] = "</text><script>alert(1)</script>".into();
    spec["subtitle"] = "<!ENTITY x SYSTEM \"file:///etc/passwd\">&x;".into();
    spec["route"][1]["name"] = "<a href=\"http://x\">\u{0}x</a>".into();
    let path = dir.join("hostile.json");
    std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).unwrap();
    tripmap_ok(&[
        "render",
        path.to_str().unwrap(),
        "--format",
        "svg",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let svg = std::fs::read_to_string(dir.join("hostile.svg")).unwrap();
    assert!(!svg.contains("<script"), "script element");
    assert!(!svg.contains("<!ENTITY"), "entity");
    for tag in tags(&svg) {
        assert!(!tag.contains("href"), "link in <{tag}>");
        assert!(!tag.contains("onload"), "handler in <{tag}>");
        assert!(
            !tag.starts_with("a ") && !tag.starts_with("script"),
            "<{tag}>"
        );
    }
    assert!(!svg.contains('\u{0}'));
    assert!(svg.contains("&lt;/text&gt;&lt;script&gt;"));
    // A style value that would break out of its attribute is refused.
    spec["style"]["route"] = "red\" onload=\"alert(1)".into();
    std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).unwrap();
    let out = tripmap(&[
        "render",
        path.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("style.route"));
    if have("rsvg-convert") {
        let o = Command::new("rsvg-convert")
            .arg(dir.join("hostile.svg"))
            .arg("-o")
            .arg(dir.join("hostile.png"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn png_output_is_sized_and_warns_of_scripts_without_fonts() {
    let dir = tempdir("png");
    let article =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/examples/xi-central-asia.ar.txt");
    let a = article.to_str().unwrap();
    let d = dir.to_str().unwrap();
    tripmap_ok(&["map", a, "--format", "png", "--width", "600", "-o", d]);
    let png = std::fs::read(dir.join("xi-central-asia.ar.png")).unwrap();
    assert_eq!(png_size(&png), (600, 400));
    let out = tripmap(&["map", a, "--format", "png", "--scale", "2", "-o", d]);
    assert!(out.status.success());
    assert_eq!(
        png_size(&std::fs::read(dir.join("xi-central-asia.ar.png")).unwrap()),
        (2400, 1600)
    );
    // Nonsense sizes are refused before anything is written.
    for bad in [["--scale", "0"], ["--width", "100000"]] {
        let o = tripmap(&["map", a, "--format", "png", bad[0], bad[1], "-o", d]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert_eq!(String::from_utf8_lossy(&o.stderr).trim().lines().count(), 1);
    }
    // A title with a letter no installed font has is reported (U+0378 is
    // unassigned: no font can have it, whatever the machine installed).
    let mut spec: serde_json::Value =
        serde_json::from_slice(&tripmap(&["extract", a]).stdout).unwrap();
    spec["title"] = "Trip \u{378}".into();
    let path = dir.join("linear-b.json");
    std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).unwrap();
    let o = tripmap(&["render", path.to_str().unwrap(), "--format", "png", "-o", d]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("warning: no installed font"), "{err}");
}
