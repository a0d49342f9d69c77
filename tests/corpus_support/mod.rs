//! Where the shared test corpus is: `$KEAKIT_CORPUS` when set, else `../shared/corpus`
//! beside the project root (the layout the corpus README gives). Missing, a suite that reads
//! it is skipped with a note, or fails under CI=true: a suite that silently judged nothing
//! would pass a CI run that never saw the corpus.

use std::path::PathBuf;

/// The corpus directory `name` (e.g. `keama`); None (after a note) when it is absent.
pub fn dir(name: &str) -> Option<PathBuf> {
    let base = match std::env::var_os("KEAKIT_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    let p = base.join(name);
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("corpus {} not found (CI=true): set KEAKIT_CORPUS to the shared corpus directory", p.display());
    }
    eprintln!("note: corpus {} not found (set KEAKIT_CORPUS); the suite reading it is skipped", p.display());
    None
}
