//! Machine formats of lint findings: GitHub workflow annotations and SARIF 2.1.0.

use super::{Rule, rules};
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceMap;
use serde_json::{Value as J, json};

/// `::warning file=F,line=L,col=C,endLine=..,endColumn=..,title=keakit RULE::message`.
pub fn github_line(d: &Diagnostic, sources: &SourceMap) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut msg = d.message.clone();
    if let Some(h) = &d.help {
        msg.push_str(" (help: ");
        msg.push_str(h);
        msg.push(')');
    }
    let title = format!("keakit {}", d.code);
    match d.span {
        Some(s) => {
            let f = sources.get(s.file);
            let (l, c) = f.line_col(s.start as usize);
            let (el, ec) = f.line_col(s.end as usize);
            format!(
                "::{kind} file={},line={l},col={c},endLine={el},endColumn={ec},title={}::{}",
                escape_property(&f.name),
                escape_property(&title),
                escape_data(&msg)
            )
        }
        None => format!("::{kind} title={}::{}", escape_property(&title), escape_data(&msg)),
    }
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn rule_descriptor(r: &Rule) -> J {
    json!({
        "id": r.id,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.doc},
        "help": {"text": format!("{}\n\nRun `keakit explain {}` for a bad and a good example.", r.doc, r.id)},
        "defaultConfiguration": {"level": sarif_level(r.severity)},
        "properties": {"origin": r.origin.as_str()},
    })
}

/// A file path as a SARIF `uri` (a relative reference; spaces and `%` percent-encoded).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for ch in path.chars() {
        match ch {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '\\' => out.push('/'),
            c => out.push(c),
        }
    }
    out
}

/// One SARIF log for all files linted in this run.
pub fn sarif(files: &[(Vec<Diagnostic>, &SourceMap)]) -> J {
    let index: std::collections::HashMap<&str, usize> = rules::ALL.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let mut results = Vec::new();
    for (diags, sources) in files {
        for d in diags {
            let mut r = json!({
                "ruleId": d.code,
                "level": sarif_level(d.severity),
                "message": {"text": match &d.help { Some(h) => format!("{} (help: {h})", d.message), None => d.message.clone() }},
            });
            if let Some(i) = index.get(d.code) {
                r["ruleIndex"] = json!(i);
            }
            if let Some(s) = d.span {
                let f = sources.get(s.file);
                let (l, c) = f.line_col(s.start as usize);
                let (el, ec) = f.line_col(s.end as usize);
                r["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.name)},
                        "region": {"startLine": l, "startColumn": c, "endLine": el, "endColumn": ec.max(1)},
                    }
                }]);
            }
            results.push(r);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "keakit",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules::ALL.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}
