//! The reference parser: `grammar/kea.pest` run by pest, producing the JSON value a text
//! denotes. It is the readable specification of Kea's dialect; `tests/grammar_agrees.rs`
//! checks that the fast hand-written parser (`syntax::load`) agrees with it on what is
//! accepted and on the value. It does not resolve `<?include?>` (the loader splices
//! those before the grammar applies), and stops at the first error.

use pest::Parser;
use pest::iterators::Pair;
use serde_json::Value as J;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/kea.pest"]
struct KeaGrammar;

/// Nesting limit of the hand-written parser (`parser::MAX_DEPTH`), part of the dialect as
/// keakit implements it.
const MAX_DEPTH: usize = 512;

/// Parse a whole document into its JSON value, or a message saying why it is rejected.
pub fn parse(text: &str) -> Result<J, String> {
    let mut pairs = KeaGrammar::parse(Rule::document, text).map_err(|e| e.to_string())?;
    let doc = pairs.next().ok_or("empty parse")?;
    let value = doc.into_inner().next().ok_or("no value")?;
    convert(value, 1)
}

fn convert(p: Pair<Rule>, depth: usize) -> Result<J, String> {
    Ok(match p.as_rule() {
        Rule::object | Rule::array if depth > MAX_DEPTH => return Err(format!("more than {MAX_DEPTH} levels of nesting")),
        Rule::object => {
            let mut map = serde_json::Map::new();
            for m in p.into_inner() {
                let mut kv = m.into_inner();
                let key = string_value(kv.next().ok_or("member without key")?);
                let v = convert(kv.next().ok_or("member without value")?, depth + 1)?;
                // A later duplicate replaces the value (and keeps the first one's place).
                map.insert(key, v);
            }
            J::Object(map)
        }
        Rule::array => J::Array(p.into_inner().map(|v| convert(v, depth + 1)).collect::<Result<_, _>>()?),
        Rule::string => J::String(string_value(p)),
        Rule::number => number(p.as_str())?,
        Rule::boolean => J::Bool(p.as_str() == "true"),
        Rule::null => J::Null,
        r => return Err(format!("unexpected {r:?}")),
    })
}

/// An integer must fit i64 (Kea reads integers as int64); anything with a point or an
/// exponent is a double.
fn number(raw: &str) -> Result<J, String> {
    let digits = raw.strip_prefix('+').unwrap_or(raw);
    if !raw.contains(['.', 'e', 'E']) {
        return digits.parse::<i64>().map(J::from).map_err(|_| format!("{raw} does not fit a 64-bit integer"));
    }
    let f: f64 = digits.parse().map_err(|e| format!("{raw}: {e}"))?;
    Ok(serde_json::Number::from_f64(f).map(J::Number).unwrap_or(J::Null))
}

/// Decode a `string` pair: the escapes of JSON, `\u00XX` as the character U+00XX.
fn string_value(p: Pair<Rule>) -> String {
    let raw = p.into_inner().next().map(|c| c.as_str()).unwrap_or("");
    let mut out = String::with_capacity(raw.len());
    let mut it = raw.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = it.by_ref().take(4).collect();
                // The grammar allows only \u00XX, so this is always a valid char.
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other), // \" \\ \/
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::json;

    #[test]
    fn accepts_kea_dialect() {
        let v = parse("# c\n{ // d\n \"a\": [.5, 5., -.5, +1, 007, 1e3,], /* e */ \"b\": \"\\u00e9\\/\",, \"c\": null }").unwrap();
        assert_eq!(v, json!({"a": [0.5, 5.0, -0.5, 1, 7, 1000.0], "b": "é/", "c": null}));
    }

    #[test]
    fn rejects_what_kea_rejects() {
        for bad in [
            "",
            "{,}",
            "[,1]",
            "{\"a\" 1}",
            "[1 2]",
            "[\"\\u0100\"]",
            "[\"\\q\"]",
            "[\"a\tb\"]",
            "[12ab]",
            "[1.2.3]",
            "[1e]",
            "[.]",
            "[-]",
            "[True]",
            "[truex]",
            "[99999999999999999999]",
            "{/* open",
            "{} {}",
            "[\"\\u+0ff\"]",
        ] {
            assert!(parse(bad).is_err(), "accepted {bad:?}");
        }
    }
}
