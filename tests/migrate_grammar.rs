//! The hand-written dhcpd.conf parser against the normative grammar (grammar/dhcpd.pest run
//! by pest): on every keama corpus input, keakit's fixtures and mutations of them, both
//! accept or both reject, and accepted texts give the same statements and blocks. Also:
//! no mutation makes the parser or the migration panic, and every migration without input
//! errors passes keakit's check.

use keakit::dhcpd::ast::Stmt;
use keakit::dhcpd::reference::{RefStmt, parse as ref_parse};
use std::path::{Path, PathBuf};

mod corpus_support;

fn inputs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<PathBuf> = vec![root.join("fixtures/migrate")];
    dirs.extend(corpus_support::dir("keama"));
    for d in dirs {
        let mut names: Vec<_> = std::fs::read_dir(&d).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).collect();
        names.sort();
        for p in names {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if (ext.starts_with("in") || ext.starts_with("err") || ext == "conf" || ext == "leases")
                && let Ok(t) = std::fs::read_to_string(&p)
            {
                out.push((p.file_name().unwrap().to_string_lossy().into_owned(), t));
            }
        }
    }
    out
}

/// The hand-written parser's statements in the reference's shape (strings with quotes as
/// written: the reference does not decode escapes).
fn shape(stmts: &[Stmt], text: &str) -> Vec<RefStmt> {
    stmts
        .iter()
        .map(|s| RefStmt {
            tokens: s.tokens.iter().map(|t| text[t.span.range()].to_string()).collect(),
            block: s.block.as_ref().map(|b| shape(b, text)),
        })
        .collect()
}

fn agree(name: &str, text: &str) -> Result<bool, String> {
    let (conf, diags) = keakit::dhcpd::parse_str(name, text, None);
    let ours_ok = !diags.iter().any(|d| d.is_error());
    let theirs = ref_parse(text);
    match (ours_ok, theirs) {
        (true, Ok(r)) => {
            let s = shape(&conf.stmts, text);
            if s == r { Ok(true) } else { Err(format!("{name}: statements differ\nours: {s:?}\npest: {r:?}")) }
        }
        (false, Err(_)) => Ok(false),
        (o, t) => Err(format!("{name}: hand-written accepts={o}, pest accepts={} ({:?})", t.is_ok(), diags.first().map(|d| &d.message))),
    }
}

#[test]
fn parser_agrees_with_the_grammar() {
    let mut accepted = 0;
    let inputs = inputs();
    // Every input of a run without the corpus (keakit's fixtures) parses; with it, many.
    let enough = if inputs.len() > 10 { 10 } else { inputs.len() - 1 };
    for (name, text) in inputs {
        if text.contains("include") {
            continue;
        }
        if agree(&name, &text).unwrap() {
            accepted += 1;
        }
    }
    assert!(accepted > enough, "only {accepted} inputs parsed");
}

/// Deterministic mutations: truncations, deleted and doubled bytes, swapped braces.
fn mutations(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let n = b.len().max(1);
    for k in 1..8 {
        let at = n * k / 8;
        let cut = |v: Vec<u8>| String::from_utf8_lossy(&v).into_owned();
        out.push(cut(b[..at.min(b.len())].to_vec()));
        let mut d = b.to_vec();
        if at < d.len() {
            d.remove(at);
        }
        out.push(cut(d));
        let mut d = b.to_vec();
        if at < d.len() {
            let c = d[at];
            d.insert(at, c);
        }
        out.push(cut(d));
        out.push(text.replacen(['{', '}', ';', '"'][k % 4], "", k));
    }
    out
}

/// `keakit migrate` checks the printed tree with the daemon's common hosts lowered as they
/// were printed (`out::print_lowering`): the same text, and the same verdict and model
/// reservations (values and spans) as checking what the text parses to.
fn same_check_lowered(name: &str, text: &str, p: keakit::migrate::out::Printed) {
    use keakit::check::{CheckOptions, check_all_lowered, check_all_with_model};
    use keakit::model::Emit;
    assert_eq!(p.text, text, "{name}");
    let (mut parsed, pd) = keakit::syntax::load_str("m.json", text);
    let (a, ma) = check_all_with_model(&mut parsed, pd, &CheckOptions::default());
    let (mut doc, diags, lowered) = p.into_document("m.json");
    let (b, mb) = check_all_lowered(&mut doc, diags, &CheckOptions::default(), lowered);
    let verdict =
        |d: &[keakit::diag::Diagnostic]| d.iter().map(|d| format!("{:?} {} {:?}", d.severity, d.message, d.span)).collect::<Vec<_>>();
    assert_eq!(verdict(&a), verdict(&b), "{name}\n{text}");
    let reservations = |m: &Option<keakit::model::Config>| {
        let d = m.as_ref().and_then(|c| c.dhcp4.as_ref().or(c.dhcp6.as_ref()));
        d.and_then(|d| d.reservations.as_ref()).map(|l| l.iter().map(|r| (r.span, r.emit())).collect::<Vec<_>>())
    };
    assert_eq!(reservations(&ma), reservations(&mb), "{name}\n{text}");
}

/// `keakit migrate` reads common hosts on the parser thread (`migrate::simple_host`, given
/// with each statement by `dhcpd::each_statement`): the same migration, notes included, as
/// when the lowering reads them itself; and where a host is read straight from the text
/// (`read_host`, for a statement with no comment before it), the same host as from its
/// parsed statement. Returns how many hosts were prepared.
fn same_with_prepared_hosts(
    name: &str,
    conf: &keakit::dhcpd::Conf,
    opts: &keakit::migrate::Options,
    r: &keakit::migrate::Migrated,
) -> usize {
    use keakit::migrate::simple_host::{prepare_host, read_host};
    for s in conf.stmts.iter().filter(|s| s.comments.is_empty()) {
        let text = &conf.sources.get(s.span.file).text;
        if let Some((end, h)) = read_host(opts, text, s.span.start as usize, s.span.file) {
            assert_eq!(end, s.span.end as usize, "{name}");
            assert_eq!(prepare_host(opts, s), Some(h), "{name}");
        }
    }
    let with = conf.stmts.iter().cloned().map(|s| {
        let p = prepare_host(opts, &s);
        (s, p)
    });
    let p = keakit::migrate::migrate_statements(&mut keakit::dhcpd::Statements::prepared(with), &conf.sources, opts);
    assert_eq!(p.config, r.config, "{name}");
    assert_eq!(p.reservations, r.reservations, "{name}");
    assert_eq!(format!("{:?}", p.notes), format!("{:?}", r.notes), "{name}");
    conf.stmts.iter().filter(|s| prepare_host(opts, s).is_some()).count()
}

#[test]
fn mutations_never_panic_and_migrations_pass_check() {
    use keakit::check::{CheckOptions, check_all};
    use keakit::migrate::{Options, migrate, out};
    use keakit::source::FileId;
    use keakit::universe::Universe;
    let (mut migrated, mut prepared) = (0, 0);
    for (name, text) in inputs() {
        if text.contains("include") {
            continue;
        }
        for m in mutations(&text) {
            agree(&name, &m).unwrap();
            let (conf, diags) = keakit::dhcpd::parse_str(&name, &m, None);
            if diags.iter().any(|d| d.is_error()) {
                continue;
            }
            for (universe, hosts_in_subnet) in [(Universe::V4, false), (Universe::V6, false), (Universe::V4, true), (Universe::V6, true)] {
                let r =
                    migrate(conf.stmts.clone().into_iter(), &conf.sources, &Options { universe, hosts_in_subnet, ..Options::default() });
                if !r.errors.is_empty() {
                    continue;
                }
                prepared += same_with_prepared_hosts(&name, &conf, &Options { universe, hosts_in_subnet, ..Options::default() }, &r);
                let lowered = out::print_lowering(r.config.clone(), r.reservations.clone(), FileId(0), 1 << 10, Some(universe));
                let printed = out::print(r.config, r.reservations, FileId(0), 1 << 10);
                let json = printed.text;
                same_check_lowered(&name, &json, lowered);
                let (mut doc, pd) = keakit::syntax::load_str("m.json", &json);
                // The tree `keakit migrate` checks is the one its text parses to.
                assert_eq!(doc.root.as_ref(), Some(&printed.root), "{name} mutated: printed tree differs\n{json}");
                assert_eq!(doc.comments, printed.comments, "{name} mutated: comments differ\n{json}");
                assert!(printed.diags.is_empty());
                let errs: Vec<_> = check_all(&mut doc, pd, &CheckOptions::default()).into_iter().filter(|d| d.is_error()).collect();
                assert!(errs.is_empty(), "{name} mutated: {:?}\n{m}\n{json}", errs.iter().map(|d| &d.message).collect::<Vec<_>>());
                migrated += 1;
            }
        }
    }
    println!("{migrated} mutated inputs migrated, checked, and printed as parsed; {prepared} hosts prepared as on the parser thread");
    assert!(prepared > 0, "no input has a host the parser thread would prepare");
}

/// A printed config with more global common hosts than the check's threading threshold: the
/// check starts on them at once on a second core (`check::check_tree`'s early start) and
/// gives the verdict and model of checking the parsed text, duplicates found (a MAC, an
/// address), the address one only while `ip-reservations-unique` is not false, and not
/// when another global reservation makes the lowered ones only part of the scope.
#[test]
fn many_printed_hosts_are_checked_as_parsed() {
    use keakit::migrate::out::{self, Entry};
    use keakit::source::FileId;
    use keakit::universe::Universe;
    let hosts = |n: usize| -> Vec<Entry> {
        (0..n)
            .map(|i| {
                // Host 7000 repeats host 12's MAC, host 9000 host 40's address.
                let m = if i == 7000 { 12 } else { i };
                let a = if i == 9000 { 40 } else { i };
                Entry::Simple {
                    hostname: format!("h{i}").into(),
                    hw: format!("02:00:00:{:02x}:{:02x}:{:02x}", m >> 16, m >> 8 & 255, m & 255).into(),
                    ip: Some(format!("10.{}.{}.{}", a >> 16, a >> 8 & 255, a & 255).into()),
                    hw_first: i % 2 == 0,
                }
            })
            .collect()
    };
    for (unique, other, duplicates) in [(None, false, 2), (Some(false), false, 1), (None, true, 2)] {
        let mut dhcp = serde_json::json!({"reservations": out::marker(0), "subnet4": [{"id": 1, "subnet": "10.0.0.0/8"}]});
        if let Some(u) = unique {
            dhcp["ip-reservations-unique"] = u.into();
        }
        let mut list = hosts(12_000);
        if other {
            // A reservation of another shape: it stays in the tree.
            list.insert(
                3,
                Entry::from_value(serde_json::json!({"hostname": "x", "hw-address": "02:ff:00:00:00:01", "next-server": "10.0.0.1"})),
            );
        }
        let v = serde_json::json!({"Dhcp4": dhcp});
        let text = out::print(v.clone(), vec![list.clone()], FileId(0), 1 << 20).text;
        let name = format!("unique {unique:?}, other {other}");
        same_check_lowered(&name, &text, out::print_lowering(v, vec![list], FileId(0), 1 << 20, Some(Universe::V4)));
        let (mut doc, pd) = keakit::syntax::load_str("m.json", &text);
        let diags = keakit::check::check_all(&mut doc, pd, &keakit::check::CheckOptions::default());
        assert_eq!(diags.iter().filter(|d| d.code == "duplicate-reservation").count(), duplicates, "{name}");
    }
}
