//! `keakit explain RULE`: what a lint rule finds, why, and a bad and a good example.

use super::{EXIT_OK, EXIT_USAGE};
use crate::lint::{example_text, find};

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// Rule id, as shown by `keakit lint --list`
    #[arg(value_name = "RULE")]
    pub rule: String,
}

pub fn run(a: ExplainArgs) -> i32 {
    let Some(r) = find(&a.rule) else {
        eprintln!("keakit: unknown lint rule `{}` (see `keakit lint --list`)", a.rule);
        return EXIT_USAGE;
    };
    println!("{} ({}, from {})\n", r.id, r.severity.as_str(), r.origin.as_str());
    println!("{}\n", r.summary);
    println!("{}\n", r.doc);
    if !r.check_codes.is_empty() {
        println!("Also reported by `keakit check` as: {}\n", r.check_codes.join(", "));
    }
    println!("Bad:\n\n{}", indent(example_text(r.bad)));
    println!("Good:\n\n{}", indent(example_text(r.good)));
    println!("Silence it for one element with a comment on the line before: // keakit-allow: {}", r.id);
    EXIT_OK
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}
