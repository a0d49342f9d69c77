//! Parser tests: values, spans, comments, Kea's comma rules, recovery and diagnosis.

use super::*;

fn parse(s: &str) -> (Document, Vec<crate::diag::Diagnostic>) {
    load_str("t.json", s)
}

fn errors(s: &str) -> Vec<String> {
    let (doc, d) = parse(s);
    d.iter().filter(|d| d.is_error()).map(|x| x.short(&doc.sources)).collect()
}

#[test]
fn parses_values_with_spans() {
    let (doc, d) = parse(r#"{"Dhcp4": {"valid-lifetime": 4000, "a": [true, null, 1.5, "x\"y"]}}"#);
    assert!(d.is_empty(), "{d:?}");
    let root = doc.root.unwrap();
    let dhcp = root.get("Dhcp4").unwrap();
    let vl = dhcp.get("valid-lifetime").unwrap();
    assert_eq!(vl.as_i64(), Some(4000));
    assert_eq!(doc.sources.text(vl.span), "4000");
    let a = dhcp.get("a").unwrap().as_array().unwrap();
    assert_eq!(a[3].as_str(), Some("x\"y"));
    assert_eq!(doc.sources.text(a[3].span), r#""x\"y""#);
    assert_eq!(root.to_json(), serde_json::json!({"Dhcp4": {"valid-lifetime": 4000, "a": [true, null, 1.5, "x\"y"]}}));
}

#[test]
fn comments_are_kept_in_order() {
    let (doc, d) = parse("# top\n{ // a\n \"k\": 1 /* b */ }\n");
    assert!(d.is_empty());
    assert_eq!(doc.comments.len(), 3);
    let root = doc.root.clone().unwrap();
    assert_eq!(doc.comments_in(root.span).len(), 2);
}

#[test]
fn extraneous_commas_are_warnings_like_kea() {
    let (doc, d) = parse(r#"{"a": 1,, "b": [1, 2,],}"#);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(doc.trailing_commas.len(), 3);
    assert_eq!(errors(r#"{, "a": 1}"#).len(), 1);
    assert_eq!(errors(r#"{"a": [,1]}"#).len(), 1);
    assert_eq!(errors(r#"{"a": 1},"#).len(), 1);
}

#[test]
fn missing_comma_is_named_and_recovered() {
    let e = errors(r#"{"a": 1 "b": 2 "c": 3}"#);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].contains("t.json:1:9"), "{e:?}");
    let (doc, _) = parse(r#"{"a": 1 "b": 2}"#);
    assert_eq!(doc.root.unwrap().as_object().unwrap().len(), 2);
}

#[test]
fn missing_colon() {
    let e = errors(r#"{"a" 1}"#);
    assert_eq!(e.len(), 1);
    assert!(e[0].contains("expected `:`"));
}

#[test]
fn extra_closing_brace_is_found_by_indentation() {
    let text = "{\n  \"Dhcp4\": {\n    \"subnet4\": [\n      { \"id\": 1 }\n    ]\n    },\n    \"valid-lifetime\": 10\n  }\n}\n";
    let (doc, d) = parse(text);
    let d: Vec<_> = d.iter().filter(|d| d.is_error()).collect();
    assert_eq!(d.len(), 1, "{:?}", d);
    // The extra `}` is the one on line 6, not the last one.
    assert!(d[0].short(&doc.sources).starts_with("t.json:6:5"), "{}", d[0].short(&doc.sources));
    assert_eq!(d[0].help.as_deref(), Some("remove this `}`"));
}

#[test]
fn mismatched_and_unclosed() {
    assert_eq!(errors(r#"{"a": [1, 2}"#).len(), 1);
    let e = errors(r#"{"a": {"b": 1}"#);
    assert_eq!(e.len(), 1);
    assert!(e[0].contains("not closed"), "{e:?}");
    assert_eq!(errors("").len(), 1);
}

#[test]
fn garbage_gives_diagnostics_not_panics() {
    let data: Vec<u8> = (0..5000u32).map(|i| (i.wrapping_mul(2654435761) >> 11) as u8).collect();
    let s = String::from_utf8_lossy(&data);
    let e = errors(&s);
    assert!(!e.is_empty() && e.len() <= 50);
    let deep = "[".repeat(100_000);
    assert!(!errors(&deep).is_empty());
    for s in ["{", "}", "[", "]", ":", ",", "\"", "{\"a\"", "{\"a\":", "{\"a\":1,", "nul", "-", "<?include"] {
        assert!(!errors(s).is_empty(), "{s}");
    }
}

#[test]
fn includes_splice_relative_to_the_including_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("inc.json"), "\"valid-lifetime\": 100,\n").unwrap();
    std::fs::write(dir.path().join("main.json"), "{\"Dhcp4\": { <?include \"inc.json\"?> \"renew-timer\": 10 }}").unwrap();
    let (doc, d) = load_file(&dir.path().join("main.json")).unwrap();
    assert!(d.is_empty(), "{d:?}");
    let dhcp = doc.root.as_ref().unwrap().get("Dhcp4").unwrap();
    let vl = dhcp.get("valid-lifetime").unwrap();
    assert!(doc.sources.location(vl.span).ends_with("inc.json:1:19"), "{}", doc.sources.location(vl.span));
    assert_eq!(dhcp.get("renew-timer").unwrap().as_i64(), Some(10));

    std::fs::write(dir.path().join("loop.json"), "{\"a\": <?include \"loop.json\"?>}").unwrap();
    let (_, d) = load_file(&dir.path().join("loop.json")).unwrap();
    assert!(d.iter().any(|d| d.code == "include-loop"), "{d:?}");

    std::fs::write(dir.path().join("missing.json"), "{\"a\": <?include \"nope.json\"?>}").unwrap();
    let (_, d) = load_file(&dir.path().join("missing.json")).unwrap();
    assert!(d.iter().any(|d| d.code == "io" && d.message.contains("nope.json")), "{d:?}");
}

/// Files over 1 MB without includes are lexed on a second thread; the result must be the
/// same as the single-threaded path: same value, same comments, same diagnostics.
#[test]
fn threaded_lexing_gives_the_same_result() {
    let mut big = String::from("{\"Dhcp4\": { # top\n \"subnet4\": [\n");
    for i in 0..16_000 {
        big.push_str(&format!(
            "  {{\"id\": {}, \"subnet\": \"10.{}.{}.0/24\", /* c{i} */ \"comment\": \"x\\u0041\"}},\n",
            i + 1,
            i / 256,
            i % 256
        ));
    }
    big.push_str("  {\"id\": 999999, \"subnet\": \"192.0.2.0/24\"}\n] } }\n");
    assert!(big.len() > 1 << 20);
    let (doc, d) = load_str("big.json", &big);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(doc.comments.len(), 16_001);
    let v = doc.root.as_ref().unwrap().to_json();
    assert_eq!(v["Dhcp4"]["subnet4"][11_999]["subnet"], "10.46.223.0/24");
    assert_eq!(v["Dhcp4"]["subnet4"][5]["comment"], "xA");
    assert_eq!(v["Dhcp4"]["subnet4"].as_array().unwrap().len(), 16_001);

    // A broken file reports the same errors on either path.
    let broken = big.replacen("\"id\": 7,", "\"id\": 7,,", 1).replacen("\"id\": 9000,", "\"id\" 9000,", 1);
    let (_, d_threaded) = load_str("big.json", &broken);
    assert!(d_threaded.iter().any(|d| d.code == "syntax" && d.message.contains("`:`")), "{d_threaded:?}");
    // Forcing the single-threaded path with an include token (at the end, harmless to the
    // parse up to there) must give the same first diagnostics.
    let forced = format!("{broken}<?include \"/nonexistent/x.json\"?>");
    let (_, d_single) = load_str("big.json", &forced);
    let first = |d: &[crate::diag::Diagnostic]| d.iter().filter(|x| x.code == "syntax").map(|x| (x.span, x.message.clone())).next();
    assert_eq!(first(&d_threaded), first(&d_single));
}
