//! `keakit fmt` (being written).

#[derive(clap::Args, Debug)]
pub struct FmtArgs {
    /// Config file to format ("-" for stdin)
    pub file: std::path::PathBuf,
    /// Do not write; exit 1 and show a diff if the file is not formatted
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Rewrite the file in place (atomically)
    #[arg(long)]
    pub write: bool,
}

pub fn run(_a: FmtArgs) -> i32 {
    eprintln!("keakit fmt: not built yet");
    super::EXIT_USAGE
}
