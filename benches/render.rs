//! Latency of drawing one map: a completed map spec to SVG and GeoJSON,
//! one core, outlines already loaded (as in a batch or a server).
//!
//! ```text
//! cargo bench --bench render -- ARTICLE [--date YYYY-MM-DD]
//! ```
//! Prints the median and best of 50 runs for each stage.

use std::time::Instant;

use tripmap::date::Date;
use tripmap::gazetteer::Gazetteer;
use tripmap::geoparse::{ParseOptions, parse};
use tripmap::render::{geojson, svg};
use tripmap::trip::{TripOptions, build_spec};

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64) {
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0])
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(path) = args.first() else {
        eprintln!("usage: cargo bench --bench render -- ARTICLE [--date YYYY-MM-DD]");
        return;
    };
    let date = args
        .iter()
        .position(|a| a == "--date")
        .and_then(|i| args.get(i + 1))
        .map(|d| Date::parse(d).expect("YYYY-MM-DD"));
    let text = std::fs::read_to_string(path).expect("readable article");
    let gaz = Gazetteer::embedded();
    let opts = ParseOptions { date, lang: None };
    let trip = TripOptions {
        date,
        ..TripOptions::default()
    };
    let parsed = parse(gaz, &text, &opts);
    let mut spec = build_spec(gaz, &text, &parsed, &trip);
    spec.complete(gaz).expect("valid spec");
    // Warm up: the first map parses the outlines it needs.
    let _ = svg::render(&spec);
    let _ = geojson::collection(&spec);
    let runs = 50;
    let (m, b) = time(runs, || parse(gaz, &text, &opts));
    println!("geoparse        median {m:7.2} ms  best {b:7.2} ms");
    let (m, b) = time(runs, || {
        let mut s = build_spec(gaz, &text, &parsed, &trip);
        s.complete(gaz).map(|_| s)
    });
    println!("trip + spec     median {m:7.2} ms  best {b:7.2} ms");
    let (m, b) = time(runs, || svg::render(&spec));
    println!(
        "spec to SVG     median {m:7.2} ms  best {b:7.2} ms  ({} KB)",
        svg::render(&spec).len() / 1024
    );
    let (m, b) = time(runs, || serde_json::to_string(&geojson::collection(&spec)));
    println!("spec to GeoJSON median {m:7.2} ms  best {b:7.2} ms");
}
