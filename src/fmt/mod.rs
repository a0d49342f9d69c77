//! `keakit fmt`'s engine: print a parsed document in canonical layout, keeping comments.
//!
//! Layout: 4-space indent, one member per line, `"key": value`, lists of scalars on one
//! line when they fit in 100 columns, `{}`/`[]` when empty, no trailing commas, numbers
//! as written, strings with canonical escapes (same value for Kea), at most one blank line
//! where the user had one. Comments keep their place: on their own line before the item
//! that follows, at the end of the line they ended, or at the end of a map or list.
//!
//! Only the root file is formatted; `<?include?>` directives stay where they are.

mod printer;
mod strings;
mod verify;

use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::Document;

pub use strings::canonical_string;

/// Format a document that parsed without errors. Fails (instead of changing the
/// config) when the result would not hold exactly the root file's tokens and comments.
pub fn format_document(doc: &Document) -> Result<String, Box<Diagnostic>> {
    let text = &doc.sources.get(FileId(0)).text;
    let out = printer::Printer::new(doc).print(doc.root.as_ref());
    if let Err(why) = verify::same_content(text, &out) {
        let d = Diagnostic::error("fmt-unsupported", "cannot format this file without changing it")
            .at(Span::new(FileId(0), 0, 0), "in this file")
            .help(format!("this is most likely an <?include?> that splits a map or list; the file is left as it is ({why})"));
        return Err(Box::new(d));
    }
    Ok(out)
}

/// Parse `text` and format it; the syntax errors when it does not parse.
pub fn format_str(name: &str, text: &str) -> Result<String, Vec<Diagnostic>> {
    let (doc, diags) = crate::syntax::load_str(name, text);
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    format_document(&doc).map_err(|d| vec![*d])
}
