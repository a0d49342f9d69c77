//! Arbitrary bytes as a dhcpd.conf: the parser (lexer, statements, blocks) and the whole
//! migration for DHCPv4 and DHCPv6. Nothing may panic, and a migration without input errors
//! must give a config that keakit's own check accepts (what the CLI guarantees before writing),
//! printed with the tree its text parses to (what the CLI checks).
#![no_main]

use keakit::check::{CheckOptions, check_all, check_all_lowered};
use keakit::migrate::{Options, migrate, out};
use keakit::universe::Universe;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Includes would read files of the machine running the fuzzer.
    if text.contains("include") {
        return;
    }
    let (conf, diags) = keakit::dhcpd::parse_str("fuzz.conf", &text, None);
    if diags.iter().any(|d| d.is_error()) {
        // `keakit migrate` lowers statements as they are parsed, before it knows of errors
        // further on: what the parser recovered must not panic either.
        let _ = migrate(conf.stmts.clone().into_iter(), &conf.sources, &Options::default());
        return;
    }
    for universe in [Universe::V4, Universe::V6] {
        let m = migrate(conf.stmts.clone().into_iter(), &conf.sources, &Options { universe, ..Options::default() });
        if !m.errors.is_empty() {
            continue;
        }
        let lowered = out::print_lowering(m.config.clone(), m.reservations.clone(), keakit::source::FileId(0), 1 << 10, Some(universe));
        let printed = out::print(m.config, m.reservations, keakit::source::FileId(0), 1 << 10);
        let json = printed.text;
        let (mut doc, pd) = keakit::syntax::load_str("migrated.json", &json);
        // `keakit migrate` checks the tree printed with the text: it must be what the text parses to.
        assert!(doc.root.as_ref() == Some(&printed.root) && doc.comments == printed.comments, "printed tree differs\n{json}");
        let errors: Vec<_> = check_all(&mut doc, pd, &CheckOptions::default()).into_iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "migrated config fails check: {:?}\n{json}", errors.iter().map(|d| &d.message).collect::<Vec<_>>());
        // What the CLI checks: the tree with the common hosts lowered as printed.
        let (mut doc, diags, lowered) = lowered.into_document("migrated.json");
        let (more, _) = check_all_lowered(&mut doc, diags, &CheckOptions::default(), lowered);
        assert!(!more.iter().any(|d| d.is_error()), "the lowered check disagrees\n{json}");
    }
    let mut errs = Vec::new();
    let _ = keakit::migrate::leases::convert4(&conf.stmts, &|_| Some(1), &mut errs);
    let _ = keakit::migrate::leases::convert6(&conf.stmts, &|_| Some(1), &mut errs);
});
