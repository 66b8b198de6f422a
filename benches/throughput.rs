//! Geoparsing throughput on a folder of articles, in process (no file
//! output): recognition plus resolution, one core.
//!
//! ```text
//! cargo bench --bench throughput -- DIR [REPEAT]
//! ```
//! Prints MB/s and articles/s per core, best of five rounds.

use std::time::Instant;

use tripmap::gazetteer::Gazetteer;
use tripmap::geoparse::{ParseOptions, parse};

/// The allocator the `tripmap` binary runs with, so that the figure is the
/// binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench throughput -- DIR [REPEAT]");
        return;
    };
    let repeat: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(1);
    let mut docs: Vec<String> = std::fs::read_dir(dir)
        .expect("readable folder")
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    docs.sort();
    let bytes: usize = docs.iter().map(String::len).sum::<usize>() * repeat;
    let gaz = Gazetteer::embedded();
    let opts = ParseOptions::default();
    // Warm up: first use loads the lexicons.
    let _ = parse(gaz, "Warm-up in Paris.", &opts);
    let mut best = f64::INFINITY;
    let mut places = 0;
    for _ in 0..5 {
        let t = Instant::now();
        places = 0;
        for _ in 0..repeat {
            for d in &docs {
                places += parse(gaz, d, &opts).places.len();
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let n = docs.len() * repeat;
    println!(
        "{n} articles, {:.2} MB, {places} places: {:.1} MB/s, {:.0} articles/s (one core, best of 5)",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / best,
        n as f64 / best
    );
}
