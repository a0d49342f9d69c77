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
