//! The reference parser: `grammar/dhcpd.pest` run by pest. Returns each statement as its
//! token texts (strings with their quotes) and its block, for comparison with the
//! hand-written parser (`tests/migrate_grammar.rs`). Stops at the first error.

use pest::Parser;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/dhcpd.pest"]
struct DhcpdGrammar;

/// A statement as raw token texts plus its block.
#[derive(Debug, PartialEq, Eq)]
pub struct RefStmt {
    pub tokens: Vec<String>,
    pub block: Option<Vec<RefStmt>>,
}

pub fn parse(text: &str) -> Result<Vec<RefStmt>, String> {
    let mut pairs = DhcpdGrammar::parse(Rule::config, text).map_err(|e| e.to_string())?;
    let cfg = pairs.next().ok_or("empty parse")?;
    Ok(cfg.into_inner().filter(|p| p.as_rule() == Rule::statement).map(stmt).collect())
}

fn stmt(p: Pair<Rule>) -> RefStmt {
    let mut tokens = Vec::new();
    let mut block = None;
    for q in p.into_inner() {
        match q.as_rule() {
            Rule::block => block = Some(q.into_inner().filter(|p| p.as_rule() == Rule::statement).map(stmt).collect()),
            Rule::record => {
                tokens.extend(["=".to_string(), "{".to_string()]);
                tokens.extend(q.into_inner().map(|t| t.as_str().to_string()));
                tokens.push("}".to_string());
            }
            _ => tokens.push(q.as_str().to_string()),
        }
    }
    RefStmt { tokens, block }
}
