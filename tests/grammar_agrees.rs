//! The hand-written parser (`syntax::load_str`) and the reference grammar
//! (`grammar/kea.pest` via `syntax::reference`) agree on which texts are accepted and,
//! for accepted texts, on the JSON value: on every Kea example config and on thousands
//! of deterministic single-character mutations of them. Texts with `<?include?>` are left
//! out (the grammar describes the text after the loader spliced includes in).

use keakit::syntax::{load_str, reference};
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "/usr/share/doc/kea/examples";

/// Mutations per example file (about 60 files), fewer for large files: pest in a debug
/// build reads about 1.5 MB/s, and the test must stay under 10 seconds.
fn mutations_for(len: usize) -> usize {
    (100_000 / len.max(1)).clamp(8, 80)
}

/// xorshift64*: a fixed-seed PRNG so every run tests the same mutations.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Characters that matter to the lexer and parser, for insertions.
const ALPHABET: &[char] = &[
    '{', '}', '[', ']', ':', ',', '"', '\\', '/', '*', '#', '.', '+', '-', 'e', 'E', '0', '7', ' ', '\n', '\t', 't', 'u', 'n', 'l', 'x',
    '\u{1}', 'é',
];

fn hand(text: &str) -> Result<serde_json::Value, String> {
    let (doc, diags) = load_str("t.json", text);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        return Err(d.message.clone());
    }
    doc.root.map(|r| r.to_json()).ok_or_else(|| "no value".into())
}

fn agree(text: &str, what: &str) -> Result<bool, String> {
    let (h, r) = (hand(text), reference::parse(text));
    match (&h, &r) {
        (Ok(a), Ok(b)) if a == b => Ok(true),
        (Err(_), Err(_)) => Ok(false),
        _ => Err(format!(
            "{what}: hand-written {:?} vs grammar {:?}\n--- text ---\n{}",
            h.as_ref().map(|_| "accepts"),
            r.as_ref().map(|_| "accepts"),
            snippet(text)
        )),
    }
}

fn snippet(text: &str) -> String {
    text.chars().take(2000).collect()
}

fn mutate(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let i = rng.below(chars.len() + 1);
    let mut out: Vec<char> = chars.clone();
    match rng.below(3) {
        0 if !chars.is_empty() => {
            out.remove(i.min(chars.len() - 1));
        }
        1 => out.insert(i, ALPHABET[rng.below(ALPHABET.len())]),
        _ if !chars.is_empty() => {
            let c = chars[i.min(chars.len() - 1)];
            out.insert(i.min(chars.len() - 1), c);
        }
        _ => out.push('x'),
    }
    out.into_iter().collect()
}

fn example_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    if !Path::new(EXAMPLES).is_dir() {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "{EXAMPLES} is missing: install kea-doc");
        eprintln!("note: {EXAMPLES} is missing (apt-get install kea-doc); only the fixtures are used");
    } else {
        for d in ["kea4", "kea6", "agent", "ddns", "template-power-user-home"] {
            for e in std::fs::read_dir(Path::new(EXAMPLES).join(d)).unwrap().flatten() {
                files.push(e.path());
            }
        }
    }
    for f in ["fixtures/fmt/comments.json", "fixtures/fmt/lax.json", "fixtures/examples/kea-dhcp4.conf"] {
        files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(f));
    }
    files.retain(|p| matches!(p.extension().and_then(|x| x.to_str()), Some("json" | "conf")));
    files.sort();
    files
}

#[test]
fn parsers_agree_on_examples_and_mutations() {
    let start = std::time::Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut checked, mut accepted, mut failures) = (0usize, 0usize, Vec::new());
    for f in example_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        if text.contains("<?include") {
            continue;
        }
        let name = f.display().to_string();
        match agree(&text, &name) {
            Ok(ok) => assert!(ok, "{name}: both parsers reject an example Kea ships"),
            Err(e) => failures.push(e),
        }
        for k in 0..mutations_for(text.len()) {
            let m = mutate(&text, &mut rng);
            if m.contains("<?") {
                continue;
            }
            checked += 1;
            match agree(&m, &format!("{name} mutation {k}")) {
                Ok(a) => accepted += usize::from(a),
                Err(e) => failures.push(e),
            }
        }
    }
    eprintln!("{checked} mutations, {accepted} accepted by both, {} disagreements, {:?}", failures.len(), start.elapsed());
    assert!(failures.is_empty(), "{} disagreements; first:\n{}", failures.len(), failures[0]);
    assert!(checked > 2000, "only {checked} mutations");
    // Both outcomes must be exercised, or the test proves little.
    assert!(accepted > 200 && checked - accepted > 200, "{accepted} of {checked} accepted");
}

/// Hand-picked corner cases of the dialect, each run through both parsers.
#[test]
fn parsers_agree_on_corner_cases() {
    let cases = [
        "[.5, 5., -.5, +1, 007, -0, 1E+3, 1e-3, 5.e2, 9223372036854775807, -9223372036854775808]",
        "[9223372036854775808]",
        "[1e999]",
        "[+]",
        "[-]",
        "[.]",
        "[.e1]",
        "[1e]",
        "[1e+]",
        "[1.2.3]",
        "[12ab]",
        "[1_0]",
        "[1-2]",
        "[--1]",
        r#"["\u0000\u00ff\u00FF\/\b\f\n\r\t\"\\"]"#,
        r#"["\u0100"]"#,
        r#"["\u+0ff"]"#,
        r#"["\u00f"]"#,
        r#"["\x"]"#,
        "[\"a\u{7f}b\"]",
        "[\"a\u{1f}b\"]",
        "[\"é\"]",
        "{\"a\":1,}",
        "{\"a\":1,,\"b\":2}",
        "{,}",
        "{,\"a\":1}",
        "[1,,]",
        "[,]",
        "[]",
        "{}",
        "{\"a\" 1}",
        "{\"a\":}",
        "{1:2}",
        "[true, false, null]",
        "[True]",
        "[truex]",
        "[true-]",
        "[nul]",
        "[null1]",
        "# c\n[1]",
        "// c\n[1] // d",
        "/**/[1]/***/",
        "/*/[1]",
        "[1] /* open",
        "[1 # x\n]",
        "[1 // x]",
        "",
        "\u{feff}[1]",
        "[1] [2]",
        "1",
        "\"s\"",
        "{\"a\": {\"a\": 1}, \"a\": 2}",
    ];
    let failures: Vec<String> = cases.iter().filter_map(|c| agree(c, &format!("{c:?}")).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
