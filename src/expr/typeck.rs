//! Type checking: strings where strings are needed, booleans where booleans are needed.
//!
//! Kea's grammar enforces this syntactically and reports a bare "syntax error"; here each
//! mistake gets a message naming the operator and what it needs.

use super::ExprError;
use super::ast::*;

/// Checks `e` produces `want` and that every operand has the type its operator needs.
/// `what` names the place (e.g. "a class `test`") for the top-level message.
pub fn check(e: &Expr, want: Type, what: &str) -> Result<(), ExprError> {
    expect(e, want, &|found| {
        let help = match want {
            Type::Bool => "compare a value with `==` (e.g. `option[60].text == 'PXEClient'`) or test presence with `.exists`",
            Type::String => "this must produce a string; use `ifelse(condition, 'a', 'b')` to turn a condition into a value",
        };
        ExprError::new("expr-type", format!("{what} must be a {} expression, but this is a {found}", want.name()), e.span).help(help)
    })?;
    operands(e)
}

fn expect(e: &Expr, want: Type, err: &dyn Fn(&str) -> ExprError) -> Result<(), ExprError> {
    let found = e.kind.result_type();
    if found == want { Ok(()) } else { Err(err(found.name())) }
}

/// The operands of `e` (and theirs, recursively).
fn operands(e: &Expr) -> Result<(), ExprError> {
    use ExprKind::*;
    let need = |x: &Expr, want: Type, op: &str| -> Result<(), ExprError> {
        expect(x, want, &|found| {
            let help = match want {
                Type::Bool => "compare it with `==` to get a condition, e.g. `option[60].hex == 'x'`",
                Type::String => "a condition is not a value: compare values with `==`, combine conditions with `and`/`or`",
            };
            ExprError::new("expr-type", format!("{op} needs {} operands, but this is a {found}", want.name()), x.span).help(help)
        })?;
        operands(x)
    };
    match &e.kind {
        Eq(a, b) => {
            need(a, Type::String, "`==`")?;
            need(b, Type::String, "`==`")
        }
        And(a, b) => {
            need(a, Type::Bool, "`and`")?;
            need(b, Type::Bool, "`and`")
        }
        Or(a, b) => {
            need(a, Type::Bool, "`or`")?;
            need(b, Type::Bool, "`or`")
        }
        Not(a) => need(a, Type::Bool, "`not`"),
        Concat { left, right, plus } => {
            let op = if *plus { "`+`" } else { "`concat`" };
            need(left, Type::String, op)?;
            need(right, Type::String, op)
        }
        IfElse { cond, then, other } => {
            expect(cond, Type::Bool, &|found| {
                ExprError::new("expr-type", format!("the first argument of `ifelse` must be a condition, but this is a {found}"), cond.span)
                    .help("e.g. ifelse(option[60].exists, option[60].hex, 'none')")
            })?;
            operands(cond)?;
            need(then, Type::String, "`ifelse`")?;
            need(other, Type::String, "`ifelse`")
        }
        Substring { value, .. } => need(value, Type::String, "`substring`"),
        Split { value, delims, .. } => {
            need(value, Type::String, "`split`")?;
            need(delims, Type::String, "`split`")
        }
        HexString { value, sep } => {
            need(value, Type::String, "`hexstring`")?;
            need(sep, Type::String, "`hexstring`")
        }
        ToText(k, v) => need(v, Type::String, &format!("`{}`", super::parser::to_text_keyword(*k))),
        Case(c, v) => need(v, Type::String, if *c == super::ast::Case::Lower { "`lcase`" } else { "`ucase`" }),
        _ => Ok(()),
    }
}
