//! Geoparsing throughput on a folder of articles, in process (no file
//! output): recognition plus resolution, one core.
//!
//! ```text
//! cargo bench --bench throughput -- DIR [REPEAT]
//! ```
//! Prints MB/s and articles/s per core, best of five rounds, the last
//! line; and, on the line before, the first round's.

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
    // The first round meets the articles' words for the first time: the
    // name index's memo of walked steps is cold, as for a batch of new
    // articles; the best round is the one the memo served most.
    let mut first = None;
    let mut places = 0;
    for _ in 0..5 {
        let t = Instant::now();
        places = 0;
        for _ in 0..repeat {
            for d in &docs {
                places += parse(gaz, d, &opts).places.len();
            }
        }
        let took = t.elapsed().as_secs_f64();
        first.get_or_insert(took);
        best = best.min(took);
    }
    let n = docs.len() * repeat;
    let mb = bytes as f64 / 1e6;
    println!(
        "first round (memo cold): {:.1} MB/s, {:.0} articles/s",
        mb / first.unwrap_or(best),
        n as f64 / first.unwrap_or(best)
    );
    println!(
        "{n} articles, {mb:.2} MB, {places} places: {:.1} MB/s, {:.0} articles/s (one core, best of 5)",
        mb / best,
        n as f64 / best
    );
}
