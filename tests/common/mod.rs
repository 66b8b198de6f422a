//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::{Command, Output};

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

/// Runs the tripmap binary.
pub fn tripmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tripmap"))
        .args(args)
        .output()
        .expect("run tripmap")
}

/// Runs the tripmap binary and asserts that it succeeded, showing its
/// stderr when it did not.
pub fn tripmap_ok(args: &[&str]) -> Output {
    let out = tripmap(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
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
