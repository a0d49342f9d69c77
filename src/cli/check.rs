//! `keakit check` (being written).

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Config files to check ("-" for stdin)
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
}

pub fn run(_a: CheckArgs) -> i32 {
    super::EXIT_USAGE
}
