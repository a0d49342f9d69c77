//! Arbitrary bytes through the whole front end: load (lexer, include splicing, parser,
//! bracket diagnosis), `check_all`, and for what parses, `fmt`, whose output must parse
//! again to the same value and be a fixed point. Any panic or failed assertion is a bug.
#![no_main]

use keakit::check::{check_all, CheckOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if reads_outside_the_corpus(&text) {
        return;
    }
    let (mut doc, diags) = keakit::syntax::load_str("fuzz.json", &*text);
    if !diags.iter().any(|d| d.is_error())
        && let Ok(out) = keakit::fmt::format_document(&doc)
    {
        let again = keakit::fmt::format_str("fuzz.json", &out).unwrap_or_else(|e| panic!("formatted output does not parse: {:?}\n{out}", e.iter().map(|d| &d.message).collect::<Vec<_>>()));
        assert_eq!(again, out, "fmt is not idempotent");
        let (redo, _) = keakit::syntax::load_str("fuzz.json", &out);
        assert_eq!(redo.root.map(|r| r.to_json()), doc.root.as_ref().map(|r| r.to_json()), "fmt changed the value");
    }
    let _ = check_all(&mut doc, diags, &CheckOptions::default());
});

/// An include of an absolute path or one going up (`/proc/kcore`, `../../..`) would make
/// the fuzzer read the machine's files; relative ones stay in the run directory.
fn reads_outside_the_corpus(text: &str) -> bool {
    text.match_indices("include").any(|(i, _)| {
        let rest = &text[i..];
        let path = rest.split('"').nth(1).unwrap_or("");
        path.starts_with('/') || path.contains("..")
    })
}
