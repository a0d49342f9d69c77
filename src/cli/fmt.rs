//! `keakit fmt`: print, check or rewrite files in canonical layout (see `crate::fmt`).

use super::output::print_text;
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::source::FileId;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct FmtArgs {
    /// Config files to format ("-" for stdin)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Do not write; show a diff and exit 1 if a file is not formatted
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Rewrite the files in place (atomically, only when they change)
    #[arg(long)]
    pub write: bool,
}

pub fn run(a: FmtArgs) -> i32 {
    let mut exit = EXIT_OK;
    for path in &a.files {
        exit = exit.max(one_file(path, &a));
    }
    exit
}

fn one_file(path: &Path, a: &FmtArgs) -> i32 {
    let stdin = path.as_os_str() == "-";
    if a.write && stdin {
        eprintln!("keakit: --write cannot rewrite stdin");
        return EXIT_USAGE;
    }
    let (doc, diags) = match crate::syntax::load_file(path) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("keakit: {e}");
            return EXIT_USAGE;
        }
    };
    // Not UTF-8: the text was read lossily, so writing it back would change bytes.
    let refused: Vec<_> = diags.into_iter().filter(|d| d.is_error() || d.code == "encoding").collect();
    if !refused.is_empty() {
        print_text(&refused, &doc.sources);
        let name = &doc.sources.get(FileId(0)).name;
        eprintln!("{name}: not formatted: fix the errors above first");
        return if refused.iter().any(|d| d.code == "io") { EXIT_USAGE } else { EXIT_INVALID };
    }
    let formatted = match crate::fmt::format_document(&doc) {
        Ok(s) => s,
        Err(d) => {
            print_text(&[*d], &doc.sources);
            return EXIT_INVALID;
        }
    };
    let root = doc.sources.get(FileId(0));
    let original = &root.text;
    if a.check {
        if formatted == *original {
            return EXIT_OK;
        }
        let diff = similar::TextDiff::from_lines(original.as_str(), formatted.as_str());
        let name = root.name.clone();
        print!("{}", diff.unified_diff().context_radius(3).header(&name, &format!("{name} (formatted)")));
        return EXIT_INVALID;
    }
    if a.write {
        if formatted == *original {
            return EXIT_OK;
        }
        return match crate::fsutil::write_atomic(path, formatted.as_bytes()) {
            Ok(()) => {
                eprintln!("formatted {}", path.display());
                EXIT_OK
            }
            Err(e) => {
                eprintln!("keakit: cannot write {}: {e}", path.display());
                EXIT_USAGE
            }
        };
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(formatted.as_bytes()).and_then(|_| out.flush()) {
        eprintln!("keakit: cannot write to stdout: {e}");
        return EXIT_USAGE;
    }
    EXIT_OK
}
