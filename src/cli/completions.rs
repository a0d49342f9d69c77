//! `keakit completions SHELL` and the generators behind the checked-in completions/ and man/.

use clap::CommandFactory;

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// Shell to generate the completion script for
    pub shell: clap_complete::Shell,
}

pub fn run(a: CompletionsArgs) -> i32 {
    let mut cmd = super::Cli::command();
    clap_complete::generate(a.shell, &mut cmd, "keakit", &mut std::io::stdout());
    super::EXIT_OK
}

/// Completion script text for a shell (used by the staleness test and `.ci/gen-docs`).
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "keakit", &mut out);
    out
}

/// Man pages: `keakit.1` and one per subcommand (`keakit-check.1`, ...), as (file name, roff).
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let cmd = super::Cli::command();
    let mut pages = Vec::new();
    let mut render = |name: String, c: clap::Command| {
        let mut buf = Vec::new();
        if clap_mangen::Man::new(c).render(&mut buf).is_ok() {
            pages.push((name, buf));
        }
    };
    render("keakit.1".into(), cmd.clone());
    for sub in cmd.get_subcommands() {
        let name = format!("keakit-{}", sub.get_name());
        render(format!("{name}.1"), sub.clone().name(name.clone()).version(cmd.get_version().unwrap_or_default().to_string()));
    }
    pages
}
