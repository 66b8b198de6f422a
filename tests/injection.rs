//! Article text and spec fields reach the SVG only as inert text: hostile
//! titles and names are rendered, the SVG is loaded in headless Chromium
//! both as a document of its own and pasted into a web page, and no script
//! runs. The SVG refers to nothing outside itself.
//!
//! Every payload, if it ran, would set `data-pwned` on the document's root
//! element, which the dumped DOM would show. A control page with one real
//! script proves that the check sees a script that runs.

use std::path::{Path, PathBuf};

#[allow(dead_code)]
mod common;
use common::browser::{chromium, dump_dom, file_url, runs};
use common::{tempdir, tripmap, tripmap_ok};

/// What a payload does when it runs.
const PWN: &str = "document.documentElement.setAttribute('data-pwned','1')";

fn payloads() -> Vec<String> {
    vec![
        format!("</text><script>{PWN}</script>"),
        format!("]]><script>{PWN}</script><![CDATA["),
        format!("<svg onload=\"{PWN}\"/>"),
        format!("<img src=x onerror=\"{PWN}\">"),
        format!("\"><script>{PWN}</script>"),
        format!("<a xlink:href=\"javascript:{PWN}\">x</a>"),
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;".to_string(),
        "<style>@import url(http://example.invalid/x.css);</style>".to_string(),
        "<image href=\"http://example.invalid/p.png\"/>".to_string(),
    ]
}

/// A map spec of an example article with every payload in its title,
/// subtitle, traveller, place names and labels.
fn hostile_spec(dir: &Path) -> PathBuf {
    let article =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/examples/xi-central-asia.ar.txt");
    let out = tripmap(&["extract", article.to_str().unwrap()]);
    assert!(out.status.success());
    let mut spec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = payloads();
    spec["title"] = p.join(" ").into();
    spec["subtitle"] = p[1].clone().into();
    for (i, stop) in spec["route"].as_array_mut().unwrap().iter_mut().enumerate() {
        stop["name"] = p[i % p.len()].clone().into();
    }
    for (i, place) in spec["places"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        place["name"] = p[(i + 3) % p.len()].clone().into();
    }
    let path = dir.join("hostile.json");
    std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).unwrap();
    path
}

/// A hostile article: markup in plain text (no doctype, so it is read as
/// text, not as a page) around real place names.
fn hostile_article(dir: &Path) -> PathBuf {
    let text = format!(
        "{} The president arrived in Warsaw on Friday {} and flew on to Kyiv. {}",
        payloads()[0],
        payloads()[2],
        payloads()[3]
    );
    let path = dir.join("article.txt");
    std::fs::write(&path, text).unwrap();
    path
}

/// Asserts that the SVG has no active content and no outside reference.
fn assert_self_contained(svg: &str) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(
                name,
                "script" | "foreignObject" | "iframe" | "a" | "image" | "use" | "style"
            ),
            "element <{name}>"
        );
        for a in node.attributes() {
            assert!(!a.name().starts_with("on"), "handler {}", a.name());
            assert!(
                a.name() != "href" || a.value().starts_with('#'),
                "href {}",
                a.value()
            );
            assert!(
                !a.value().contains("url(") || a.value().starts_with("url(#"),
                "{}",
                a.value()
            );
        }
    }
    assert!(!svg.contains("<!ENTITY") && !svg.contains("<!DOCTYPE"));
    assert!(
        !svg.contains("@import") || svg.contains("&lt;style&gt;@import"),
        "an @import outside text"
    );
}

#[test]
fn hostile_text_renders_inert_in_chromium() {
    let dir = tempdir("chromium");
    let spec = hostile_spec(&dir);
    let article = hostile_article(&dir);
    tripmap_ok(&[
        "render",
        spec.to_str().unwrap(),
        "--format",
        "svg",
        "-o",
        dir.to_str().unwrap(),
    ]);
    tripmap_ok(&[
        "map",
        article.to_str().unwrap(),
        "--format",
        "svg",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let svgs = [dir.join("hostile.svg"), dir.join("article.svg")];
    for svg in &svgs {
        assert_self_contained(&std::fs::read_to_string(svg).unwrap());
    }
    let spec_svg = std::fs::read_to_string(&svgs[0]).unwrap();
    assert!(
        spec_svg.contains("&lt;/text&gt;&lt;script&gt;"),
        "the title is drawn, as text"
    );

    let browser = chromium();
    if !runs(&browser) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install Debian's chromium"
        );
        eprintln!("note: {browser} not installed; browser check skipped");
        return;
    }
    // The check sees a script that runs.
    let control = dir.join("control.svg");
    std::fs::write(
        &control,
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>{PWN}</script></svg>"),
    )
    .unwrap();
    let dom = dump_dom(&browser, &dir.join("c"), &file_url(&control), 2000);
    assert!(
        dom.contains("data-pwned=\"1\""),
        "the control script ran: {dom}"
    );

    for svg in &svgs {
        // As a document of its own.
        let dom = dump_dom(&browser, &dir.join("d"), &file_url(svg), 2000);
        assert!(
            dom.contains("<svg"),
            "loaded: {}",
            &dom[..dom.len().min(300)]
        );
        assert!(
            !dom.contains("data-pwned=\"1\""),
            "a payload ran in {}",
            svg.display()
        );
        // Pasted into a web page, as a newsroom embeds it.
        let page = dir.join("page.html");
        let markup = std::fs::read_to_string(svg).unwrap();
        std::fs::write(
            &page,
            format!("<!DOCTYPE html><html><body><div>{markup}</div></body></html>"),
        )
        .unwrap();
        let dom = dump_dom(&browser, &dir.join("p"), &file_url(&page), 2000);
        assert!(dom.contains("<svg"));
        assert!(
            !dom.contains("data-pwned=\"1\""),
            "a payload ran in a page embedding {}",
            svg.display()
        );
    }
}
