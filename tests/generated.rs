//! completions/ and man/ are generated from the clap definition; this test fails when the
//! checked-in files are stale. Regenerate with:
//!     KEAKIT_REGENERATE=1 cargo test --test generated

use clap_complete::Shell;
use keakit::cli::completions::{completion_script, man_pages};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn expected() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = vec![
        (root().join("completions/keakit.bash"), completion_script(Shell::Bash)),
        (root().join("completions/_keakit"), completion_script(Shell::Zsh)),
        (root().join("completions/keakit.fish"), completion_script(Shell::Fish)),
    ];
    for (name, roff) in man_pages() {
        files.push((root().join("man").join(name), roff));
    }
    files
}

#[test]
fn completions_and_man_pages_are_current() {
    let regenerate = std::env::var_os("KEAKIT_REGENERATE").is_some();
    let mut stale = Vec::new();
    for (path, content) in expected() {
        let current = std::fs::read(&path).ok();
        if current.as_deref() != Some(&content[..]) {
            if regenerate {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &content).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    // No leftovers from removed subcommands.
    if let Ok(dir) = std::fs::read_dir(root().join("man")) {
        let wanted: Vec<String> = man_pages().into_iter().map(|(n, _)| n).collect();
        for e in dir.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if !wanted.contains(&name) {
                if regenerate {
                    std::fs::remove_file(e.path()).unwrap();
                } else {
                    stale.push(format!("man/{name} (no such subcommand)"));
                }
            }
        }
    }
    assert!(stale.is_empty(), "stale generated files (run KEAKIT_REGENERATE=1 cargo test --test generated):\n{}", stale.join("\n"));
}
