use super::ast::TokKind;
use super::parse_str;

#[test]
fn statements_blocks_and_strings() {
    let (c, d) =
        parse_str("t.conf", "# c\nsubnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.1 10.0.0.9; }\noption x \"a\\\"b\\101\\x41\";", None);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c.stmts.len(), 2);
    assert_eq!(c.stmts[0].head(), "subnet");
    assert_eq!(&*c.stmts[0].comments[0], "c");
    assert_eq!(c.stmts[0].children()[0].tokens.len(), 3);
    let s = &c.stmts[1].tokens[2];
    assert_eq!(s.kind, TokKind::Str);
    assert_eq!(&*s.text, "a\"bAA");
}

#[test]
fn errors_are_reported_with_spans() {
    for (src, want) in [
        ("subnet 1 { range 1 2; ", "never closed"),
        ("option a b", "missing `;` at the end"),
        ("}", "unexpected `}`"),
        ("option a \"b;", "unterminated"),
        ("host a { hardware ethernet 1 }", "missing `;` before `}`"),
        ("option a ?;", "unexpected character"),
    ] {
        let (_, d) = parse_str("t.conf", src, None);
        assert!(d.iter().any(|d| d.message.contains(want) && d.span.is_some()), "{src}: {d:?}");
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let src = "a {".repeat(10_000);
    let (_, d) = parse_str("t.conf", &src, None);
    assert!(!d.is_empty());
}

thread_local! {
    /// Whether the last `each_statement` on this thread used a tail (see `Tail`).
    pub static TAIL_USED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `each_statement` on `text` (file 0), each statement as the lowering sees it: prepared
/// ones (every `host`) read again with `reparse`, as `migrate` does when it needs them.
fn streamed(text: &str) -> (Vec<String>, Vec<String>, bool) {
    let mut sources = crate::source::SourceMap::new();
    sources.add(crate::source::SourceFile::new("t.conf", None, text.to_string()));
    let prepare = |st: &super::ast::Stmt| st.head().eq_ignore_ascii_case("host").then_some(st.span);
    let (seen, diags) = super::each_statement(&mut sources, std::path::Path::new(""), prepare, |stmts, sources| {
        let mut seen = Vec::new();
        stmts.for_each(|st, prepared| match prepared {
            Some(span) => {
                assert!(st.tokens.is_empty() && st.block.is_none() && st.span == span, "a prepared statement is lent as its span");
                seen.push(format!("{:?}", super::reparse(sources, st).expect("read again")));
            }
            None => seen.push(format!("{st:?}")),
        });
        seen
    });
    (seen, diags.iter().map(|d| format!("{d:?}")).collect(), TAIL_USED.with(|c| c.get()))
}

/// The tail of a large file is read by a second parser from a guessed statement boundary
/// (`split_point`): whatever lies there, the statements and diagnostics are those of one
/// parse of the whole file, and the guess is used when it is a top-level boundary.
#[test]
fn a_large_file_read_in_two_parts_reads_as_one() {
    let hosts = |n: usize| {
        (0..n)
            .map(|i| format!("host h{i} {{\n  hardware ethernet 00:00:00:00:{:02x}:{:02x};\n}}\n", i / 256 % 256, i % 256))
            .collect::<String>()
    };
    let many = hosts(30_000);
    assert!(many.len() > super::PIPELINE_FROM);
    // Each case: text, whether the second parser's part is used.
    let mut cases: Vec<(String, bool)> = vec![
        (many.clone(), true),
        // `}` alone on a line inside a block: the guess is no top-level boundary.
        (format!("shared-network n {{\n{}}}\n", hosts(30_000).replace("host", "group { host").replace("}\n", "}\n}\n")), false),
        // A comment before the `}` (it belongs to the next statement, read by the first parser).
        (many.replace(";\n}\n", ";\n  # last\n}\n"), false),
        // Comments after each `}`: they go with the next host, in either parser.
        (many.replace("}\n", "}\n# next\n"), true),
        // A string holding the guessed point.
        (format!("{}option x \"{}\";\n", hosts(20_000), "a\n}\nb".repeat(200_000)), false),
        // Errors in the first part (an extra `}`, a statement not ended), in the second part.
        (format!("}}\noption a b\n{many}"), true),
        (format!("{many}host x {{ hardware ethernet 1 }}\noption y ?;\n}}\n"), true),
        // A block never closed in the first part: all of it is read by the first parser.
        (format!("group {{\n{many}"), false),
    ];
    // The guessed point before the last host, and the file's own end (no tail then).
    let lines = |n: usize| (0..n).map(|i| format!("option o{i} {i};\n")).collect::<String>();
    let (head, two) = (lines(100_000), hosts(2));
    let rest = lines(100_000)[..(head.len() - 100) * 3 / 2 - head.len() - two.len()].to_string();
    let rest = &rest[..rest.rfind('\n').unwrap() + 1];
    cases.push((format!("{head}{two}{rest}"), true));
    assert_eq!(super::split_point(&format!("{}{}", lines(10), hosts(1))), None);
    for (i, (text, tail)) in cases.iter().enumerate() {
        let mut whole = crate::source::SourceMap::new();
        whole.add(crate::source::SourceFile::new("t.conf", None, text.clone()));
        let (stmts, diags) = super::parse_whole(&mut whole, std::path::Path::new(""));
        let whole: (Vec<String>, Vec<String>) =
            (stmts.iter().map(|s| format!("{s:?}")).collect(), diags.iter().map(|d| format!("{d:?}")).collect());
        let (seen, diags, used) = streamed(text);
        assert_eq!(seen.len(), whole.0.len(), "case {i}: statements");
        assert!(seen == whole.0, "case {i}: statements differ");
        assert_eq!(diags, whole.1, "case {i}: diagnostics");
        assert_eq!(used, *tail, "case {i}: tail used");
    }
}
