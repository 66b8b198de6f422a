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
