//! The GeoJSON of every example article, drawn by Leaflet in headless
//! Chromium: every feature becomes a layer, every leg, member and area an
//! SVG path with something in it, every place a circle marker, and the page
//! raises no JavaScript error.
//!
//! Needs Debian's `chromium` and the pinned Leaflet of `tests/leaflet/`
//! (`npm ci --prefix tests/leaflet`). Without them the test is skipped,
//! except under CI, where it fails and says what to install.
//!
//! All maps go on one page, loaded once from `file://`: the page fetches
//! nothing, Leaflet sits beside it and the GeoJSON is inlined as a script
//! literal. The page writes a JSON summary into `<pre id="tm-summary">`,
//! which `--dump-dom` hands back.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{Value, json};

#[allow(dead_code)]
mod common;
use common::browser::{chromium, dump_dom, file_url};
use common::{example_articles, tempdir};

/// Virtual time the page gets after loading, in milliseconds.
const VIRTUAL_TIME_BUDGET_MS: u32 = 5000;

/// A name for the extra map that checks the inlining: its first feature's
/// name is this string, which tries to close the script and open another.
const HOSTILE_NAME: &str = "</script><script>window.tmErrors.push('escaped the literal')</script>\
                            <!--<script> \u{2028}\u{2029} & &amp; </SCRIPT> ]]>";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the tools are here. Under CI a missing one is a failure that says
/// what to install; elsewhere the test notes it and is skipped.
fn prerequisites() -> Option<(String, PathBuf)> {
    let browser = chromium();
    let dist = manifest_dir().join("tests/leaflet/node_modules/leaflet/dist");
    let mut missing = Vec::new();
    if !common::browser::runs(&browser) {
        missing.push(format!(
            "{browser} does not run: install Debian's Chromium (apt-get install -y chromium)"
        ));
    }
    if !dist.join("leaflet.js").is_file() || !dist.join("leaflet.css").is_file() {
        missing.push(format!(
            "{} lacks leaflet.js or leaflet.css: run `npm ci --prefix tests/leaflet`",
            dist.display()
        ));
    }
    if missing.is_empty() {
        return Some((browser, dist));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must provide the Leaflet check's tools:\n{}",
        missing.join("\n")
    );
    for m in missing {
        eprintln!("note: {m}; Leaflet check skipped");
    }
    None
}

/// JSON made safe to paste into an HTML `<script>` element. JSON is valid
/// JavaScript; `<`, `>` and `&` can only occur inside its strings, where
/// their `\u` escapes mean the same, so no `</script>` or `<!--` survives.
/// U+2028 and U+2029 are escaped too, for engines older than ES2019.
fn script_literal(v: &Value) -> String {
    let text = serde_json::to_string(v).unwrap();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The page's script: draws each map, then writes the summary.
const PAGE_SCRIPT: &str = r#"
(function () {
  'use strict';
  var KINDS_WITH_PATHS = ['leg', 'member', 'area'];
  var RADIUS = { small: 4, medium: 6, large: 9 };

  // Simplestyle colours may come with or without their '#'.
  function colour(v, dflt) {
    if (typeof v !== 'string') return dflt;
    if (/^[0-9a-f]{3}([0-9a-f]{3})?$/i.test(v)) return '#' + v;
    return v;
  }
  function number(v, dflt) {
    return typeof v === 'number' && isFinite(v) ? v : dflt;
  }
  function kindOf(feature) {
    var p = feature && feature.properties;
    return p && typeof p.kind === 'string' ? p.kind : '(none)';
  }

  // Leaflet path options from a feature's simplestyle properties (the
  // spec's defaults where one is missing).
  function style(feature) {
    var p = feature.properties || {};
    var type = feature.geometry && feature.geometry.type;
    var s = { className: 'tm-kind-' + kindOf(feature) };
    if (type === 'Point' || type === 'MultiPoint') {
      s.radius = RADIUS[p['marker-size']] || RADIUS.medium;
      s.fill = true;
      s.fillColor = colour(p['marker-color'], '#7e7e7e');
      s.fillOpacity = 0.9;
      s.color = '#ffffff';
      s.weight = 1;
      s.opacity = 1;
    } else {
      s.color = colour(p.stroke, '#555555');
      s.weight = number(p['stroke-width'], 2);
      s.opacity = number(p['stroke-opacity'], 1);
      if (type === 'Polygon' || type === 'MultiPolygon') {
        s.fill = true;
        s.fillColor = colour(p.fill, '#555555');
        s.fillOpacity = number(p['fill-opacity'], 0.6);
      } else {
        s.fill = false;
      }
    }
    return s;
  }

  function drawn(el) {
    if (!el || !el.isConnected || el.tagName.toLowerCase() !== 'path') return false;
    var d = el.getAttribute('d');
    return !!d && d !== 'M0 0';
  }

  function inside(el, box) {
    var r = el.getBoundingClientRect();
    return (r.width > 0 || r.height > 0) &&
      r.right >= box.left && r.left <= box.right &&
      r.bottom >= box.top && r.top <= box.bottom;
  }

  function drawMap(entry, index) {
    var out = {
      stem: entry.stem, features: 0, layers: 0, notAdded: [], kinds: {},
      undrawn: [], errors: [], firstName: null
    };
    try {
      var fc = entry.geojson;
      var features = fc.features || [];
      out.features = features.length;
      if (features.length && features[0].properties) {
        out.firstName = features[0].properties.name;
      }
      var div = document.createElement('div');
      div.className = 'tm-map';
      div.id = 'tm-map-' + index;
      document.getElementById('tm-maps').appendChild(div);
      var map = L.map(div, { zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false,
                             preferCanvas: false, attributionControl: false });

      var current = -1;
      var entries = [];
      var geo = L.geoJSON(null, {
        style: style,
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, style(feature));
        },
        onEachFeature: function (feature, layer) {
          entries.push({ index: current, kind: kindOf(feature), feature: feature, layer: layer });
        }
      });
      features.forEach(function (f, i) {
        current = i;
        var before = entries.length;
        try {
          geo.addData(f);
        } catch (e) {
          out.errors.push('feature ' + i + ': ' + e);
        }
        if (entries.length === before) out.notAdded.push(i);
      });
      out.layers = geo.getLayers().length;

      var bounds = geo.getBounds();
      if (bounds.isValid()) {
        map.fitBounds(bounds, { animate: false, padding: [8, 8] });
      } else {
        map.setView([0, 0], 1, { animate: false });
      }
      geo.addTo(map);

      var box = div.getBoundingClientRect();
      entries.forEach(function (e) {
        var k = out.kinds[e.kind] || (out.kinds[e.kind] = {
          features: 0, layers: 0, markers: 0, drawn: 0, visible: 0, dom: 0
        });
        k.layers += 1;
        if (e.layer instanceof L.CircleMarker) k.markers += 1;
        var el = e.layer.getElement ? e.layer.getElement() : null;
        if (drawn(el)) {
          k.drawn += 1;
          if (inside(el, box)) k.visible += 1;
        } else {
          var p = e.feature.properties || {};
          out.undrawn.push({
            index: e.index, kind: e.kind, name: p.name || null,
            element: el ? el.tagName : null, d: el ? el.getAttribute('d') : null
          });
        }
      });
      features.forEach(function (f) {
        var kind = kindOf(f);
        var k = out.kinds[kind] || (out.kinds[kind] = {
          features: 0, layers: 0, markers: 0, drawn: 0, visible: 0, dom: 0
        });
        k.features += 1;
      });
      Object.keys(out.kinds).forEach(function (kind) {
        out.kinds[kind].dom = div.querySelectorAll('.leaflet-overlay-pane svg path.tm-kind-' +
          CSS.escape(kind)).length;
      });
      out.overlayPaths = div.querySelectorAll('.leaflet-overlay-pane svg path').length;
      out.zoom = map.getZoom();
    } catch (e) {
      out.errors.push(String(e && e.stack || e));
    }
    return out;
  }

  var maps = [];
  try {
    TM_DATA.forEach(function (entry, i) { maps.push(drawMap(entry, i)); });
  } catch (e) {
    window.tmErrors.push(String(e && e.stack || e));
  }

  // Leave a moment for anything Leaflet schedules to run (and fail) before
  // the summary is written; the page has virtual time to spare.
  setTimeout(function () {
    var summary = {
      leaflet: typeof L === 'object' ? L.version : null,
      errors: window.tmErrors,
      maps: maps
    };
    // The dumped DOM escapes markup characters in text: keep them out of
    // the JSON (their \u escapes mean the same) so it reads back as is.
    var text = JSON.stringify(summary).replace(/[<>&\u00a0]/g, function (c) {
      return '\\u' + ('0000' + c.charCodeAt(0).toString(16)).slice(-4);
    });
    document.getElementById('tm-summary').textContent = text;
  }, 200);
})();
"#;

fn page(entries: &[Value]) -> String {
    let mut html = String::new();
    html.push_str(concat!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tripmap in Leaflet</title>\n",
        // Installed before anything else, so that every error is caught.
        "<script>\n",
        "window.tmErrors = [];\n",
        "window.onerror = function (msg, src, line, col) {\n",
        "  window.tmErrors.push(String(msg) + ' at ' + src + ':' + line + ':' + col);\n",
        "};\n",
        "window.addEventListener('error', function (e) {\n",
        "  var t = e.target;\n",
        "  if (t && t !== window) window.tmErrors.push('could not load ' + (t.src || t.href || t.tagName));\n",
        "}, true);\n",
        "window.addEventListener('unhandledrejection', function (e) {\n",
        "  window.tmErrors.push('unhandled rejection: ' + e.reason);\n",
        "});\n",
        "</script>\n",
        "<link rel=\"stylesheet\" href=\"leaflet.css\">\n",
        "<style>.tm-map { width: 800px; height: 500px; margin: 4px; }</style>\n",
        "<script src=\"leaflet.js\"></script>\n",
        "</head><body>\n",
        "<pre id=\"tm-summary\"></pre>\n",
        "<div id=\"tm-maps\"></div>\n",
        "<script>\nvar TM_DATA = ",
    ));
    html.push_str(&script_literal(&Value::Array(entries.to_vec())));
    html.push_str(";\n</script>\n<script>");
    html.push_str(PAGE_SCRIPT);
    html.push_str("</script>\n</body></html>\n");
    html
}

/// The summary the page wrote, from the dumped DOM.
fn summary(dom: &str) -> Option<Value> {
    const OPEN: &str = "<pre id=\"tm-summary\">";
    let start = dom.find(OPEN)? + OPEN.len();
    let len = dom[start..].find("</pre>")?;
    let text = dom[start..start + len].trim();
    if text.is_empty() {
        return None;
    }
    Some(serde_json::from_str(text).unwrap_or_else(|e| panic!("summary is not JSON ({e}): {text}")))
}

/// Feature counts by `properties.kind`, as the page counts them.
fn kinds(fc: &Value) -> std::collections::BTreeMap<String, u64> {
    let mut counts = std::collections::BTreeMap::new();
    for f in fc["features"].as_array().expect("features") {
        let kind = f["properties"]["kind"]
            .as_str()
            .unwrap_or("(none)")
            .to_string();
        *counts.entry(kind).or_insert(0) += 1;
    }
    counts
}

#[test]
fn every_example_geojson_draws_in_leaflet() {
    let Some((browser, dist)) = prerequisites() else {
        return;
    };
    let started = Instant::now();
    let dir = tempdir("examples");
    for file in ["leaflet.js", "leaflet.css"] {
        std::fs::copy(dist.join(file), dir.join(file)).unwrap();
    }

    // The GeoJSON of every example, and the counts the page must reach.
    let mut entries = Vec::new();
    for article in example_articles() {
        let stem = article.file_stem().unwrap().to_string_lossy().to_string();
        let out = Command::new(env!("CARGO_BIN_EXE_tripmap"))
            .args([
                "map",
                article.to_str().unwrap(),
                "-o",
                dir.to_str().unwrap(),
                "--format",
                "geojson",
            ])
            .stdin(Stdio::null())
            .output()
            .expect("run tripmap");
        assert!(
            out.status.success(),
            "{stem}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(dir.join(format!("{stem}.geojson"))).unwrap();
        let fc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(fc["type"], "FeatureCollection", "{stem}");
        entries.push(json!({ "stem": stem, "geojson": fc }));
    }
    assert!(
        entries.len() >= 14,
        "only {} example articles",
        entries.len()
    );

    // One more map: the first example with a name that tries to end the
    // script it is inlined in. It must come through intact and inert.
    let mut hostile = entries[0].clone();
    hostile["stem"] = json!("hostile-name");
    hostile["geojson"]["features"][0]["properties"]["name"] = json!(HOSTILE_NAME);
    entries.push(hostile);

    let index = dir.join("index.html");
    std::fs::write(&index, page(&entries)).unwrap();
    let dom = dump_dom(&browser, &dir, &file_url(&index), VIRTUAL_TIME_BUDGET_MS);
    let Some(summary) = summary(&dom) else {
        panic!(
            "the page wrote no summary (did it load or finish?); page and Chromium output in {}",
            dir.display()
        )
    };

    let mut problems = Vec::new();
    if summary["leaflet"] != "1.9.4" {
        problems.push(format!(
            "Leaflet version on the page: {}",
            summary["leaflet"]
        ));
    }
    for e in summary["errors"].as_array().into_iter().flatten() {
        problems.push(format!(
            "JavaScript error: {}",
            e.as_str().unwrap_or_default()
        ));
    }
    let maps = summary["maps"].as_array().cloned().unwrap_or_default();
    if maps.len() != entries.len() {
        problems.push(format!(
            "{} maps on the page, {} expected",
            maps.len(),
            entries.len()
        ));
    }
    for (entry, map) in entries.iter().zip(&maps) {
        let stem = entry["stem"].as_str().unwrap();
        let fc = &entry["geojson"];
        let total = fc["features"].as_array().unwrap().len() as u64;
        let mut fail = |what: String| problems.push(format!("{stem}: {what}"));
        if map["stem"] != entry["stem"] {
            fail(format!("summary is for {}", map["stem"]));
            continue;
        }
        for e in map["errors"].as_array().into_iter().flatten() {
            fail(format!(
                "JavaScript error: {}",
                e.as_str().unwrap_or_default()
            ));
        }
        if map["features"] != total {
            fail(format!(
                "page saw {} features, the file has {total}",
                map["features"]
            ));
        }
        if map["layers"] != total || map["notAdded"].as_array().is_none_or(|a| !a.is_empty()) {
            fail(format!(
                "{} layers for {total} features; features not added: {}",
                map["layers"], map["notAdded"]
            ));
        }
        if map["overlayPaths"] != total {
            fail(format!(
                "{} SVG paths in the overlay pane for {total} features",
                map["overlayPaths"]
            ));
        }
        for u in map["undrawn"].as_array().into_iter().flatten() {
            fail(format!("feature not drawn: {u}"));
        }
        for (kind, n) in kinds(fc) {
            let k = &map["kinds"][&kind];
            for field in ["features", "layers", "drawn", "visible", "dom"] {
                if k[field] != n {
                    fail(format!(
                        "{kind}: {field} = {}, {n} features of that kind",
                        k[field]
                    ));
                }
            }
            if kind == "place" && k["markers"] != n {
                fail(format!(
                    "place: {} circle markers for {n} places",
                    k["markers"]
                ));
            }
        }
        if map["firstName"] != fc["features"][0]["properties"]["name"] {
            fail(format!(
                "first feature's name came through as {}, not {}",
                map["firstName"], fc["features"][0]["properties"]["name"]
            ));
        }
    }
    // The page's own count of what it drew, for the record.
    let drawn: u64 = maps.iter().filter_map(|m| m["overlayPaths"].as_u64()).sum();
    eprintln!(
        "leaflet: {} maps, {drawn} SVG paths drawn, {:.1} s",
        maps.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        problems.is_empty(),
        "{} problems drawing the GeoJSON in Leaflet (page kept in {}):\n{}",
        problems.len(),
        dir.display(),
        problems.join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn script_literals_cannot_close_their_element() {
    let v = json!({ "name": "</script><!--<script>\u{2028}&" });
    let lit = script_literal(&v);
    for bad in ["<", ">", "&", "\u{2028}"] {
        assert!(!lit.contains(bad), "{bad} in {lit}");
    }
    assert_eq!(serde_json::from_str::<Value>(&lit).unwrap(), v);
    assert_eq!(
        file_url(Path::new("/tmp/a b/ü.html")),
        "file:///tmp/a%20b/%C3%BC.html"
    );
}
