//! Helpers shared by the integration tests.

use std::path::PathBuf;

pub mod browser;

/// The seed article, which lives outside the repository in
/// `../shared/seeds`; `None` (with a note) where that folder is absent, so
/// that a user's fresh clone passes without it.
pub fn seed() -> Option<PathBuf> {
    let p =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_c44afd2a1664a772.txt");
    if p.exists() {
        Some(p)
    } else {
        eprintln!("note: {} is absent; seed tests skipped", p.display());
        None
    }
}

/// A fresh, empty folder for one test, unique to this test binary's run.
pub fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tripmap-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The example articles of `data/examples`, in name order.
pub fn example_articles() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/examples");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}
