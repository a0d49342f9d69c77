//! Diagnostics: one type shared by every front end and check. Rendered with miette for
//! people (file:line:col, source line, label, help) and as JSON for tools.

use crate::source::{SourceFile, SourceMap, Span};
use serde_json::json;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational, never changes the verdict.
    Note,
    /// Kea accepts this (perhaps with a log warning) but it is suspicious.
    Warning,
    /// Kea rejects this config.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location with its own label.
#[derive(Clone, Debug)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `syntax`, `unknown-key`, `pool-outside-subnet`.
    pub code: &'static str,
    pub message: String,
    /// Where the problem is; None only for problems with no place (e.g. an empty input set).
    pub span: Option<Span>,
    /// Short text shown under the primary span.
    pub label: String,
    pub related: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity, code, message: message.into(), span: None, label: String::new(), related: Vec::new(), help: None }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.span = Some(span);
        self.label = label.into();
        self
    }
    pub fn related(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.related.push(Label { span, text: text.into() });
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// JSON form used by `--format json`.
    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        let loc = |span: Span| {
            let f = sources.get(span.file);
            let (line, column) = f.line_col(span.start as usize);
            let (end_line, end_column) = f.line_col(span.end as usize);
            json!({"file": f.name, "line": line, "column": column,
                   "end_line": end_line, "end_column": end_column,
                   "offset": span.start, "length": span.len()})
        };
        let mut v = json!({
            "severity": self.severity.as_str(),
            "code": self.code,
            "message": self.message,
        });
        if let Some(span) = self.span {
            v["location"] = loc(span);
            v["label"] = json!(self.label);
        }
        if let Some(h) = &self.help {
            v["help"] = json!(h);
        }
        if !self.related.is_empty() {
            v["related"] = self
                .related
                .iter()
                .map(|l| {
                    let mut r = loc(l.span);
                    r["label"] = json!(l.text);
                    r
                })
                .collect();
        }
        v
    }

    /// Render for a terminal with miette's graphical handler.
    pub fn render(&self, sources: &SourceMap, color: bool) -> String {
        use miette::{GraphicalReportHandler, GraphicalTheme};
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let report = Report::new(self, sources);
        let mut out = String::new();
        if handler.render_report(&mut out, &report).is_err() {
            out = format!("{}: {}", self.severity.as_str(), self.message);
        }
        out
    }

    /// One line: `file:line:col: severity[code]: message`.
    pub fn short(&self, sources: &SourceMap) -> String {
        match self.span {
            Some(s) => format!("{}: {}[{}]: {}", sources.location(s), self.severity.as_str(), self.code, self.message),
            None => format!("{}[{}]: {}", self.severity.as_str(), self.code, self.message),
        }
    }
}

/// Sort by file, position, then severity (errors first) and drop exact repeats.
pub fn sort_dedup(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        let ka = a.span.map(|s| (s.file, s.start, s.end));
        let kb = b.span.map(|s| (s.file, s.start, s.end));
        ka.cmp(&kb).then(b.severity.cmp(&a.severity))
    });
    diags.dedup_by(|a, b| a.span == b.span && a.code == b.code && a.message == b.message);
}

/// The lines of a file around a diagnostic's labels, for miette: it reads a source from its
/// start to find a span's line, and a copy of a large file per diagnostic made printing
/// thousands of them (a v4 file migrated with -6) take minutes.
struct Window<'a> {
    name: &'a str,
    /// Whole lines of the file, from `offset`, which is the start of 0-based line `first_line`.
    text: &'a str,
    offset: usize,
    first_line: usize,
}

impl<'a> Window<'a> {
    /// Lines enough around `spans` (all in `f`) for the context miette prints.
    fn new(f: &'a SourceFile, spans: impl Iterator<Item = Span>) -> Window<'a> {
        const CONTEXT: usize = 3;
        let (mut lo, mut hi) = (usize::MAX, 0);
        for s in spans {
            lo = lo.min(f.line_col(s.start as usize).0 - 1);
            hi = hi.max(f.line_col(s.end as usize).0 - 1);
        }
        let first_line = lo.min(hi).saturating_sub(CONTEXT);
        let (start, end) = (f.line_start(first_line), f.line_start(hi + CONTEXT + 1));
        Window { name: &f.name, text: &f.text[start..end], offset: start, first_line }
    }
}

impl miette::SourceCode for Window<'_> {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        let local = miette::SourceSpan::new(span.offset().saturating_sub(self.offset).into(), span.len());
        let c = self.text.read_span(&local, before, after)?;
        let at = miette::SourceSpan::new((c.span().offset() + self.offset).into(), c.span().len());
        let (line, column, lines) = (c.line() + self.first_line, c.column(), c.line_count());
        Ok(Box::new(miette::MietteSpanContents::new_named(self.name.to_string(), c.data(), at, line, column, lines)))
    }
}

/// miette adapter: a diagnostic together with the file its primary span lives in.
struct Report<'a> {
    diag: &'a Diagnostic,
    source: Option<Window<'a>>,
    labels: Vec<miette::LabeledSpan>,
    notes: Option<String>,
}

impl<'a> Report<'a> {
    fn new(diag: &'a Diagnostic, sources: &'a SourceMap) -> Report<'a> {
        let mut labels = Vec::new();
        let mut source = None;
        let mut notes = Vec::new();
        if let Some(span) = diag.span {
            let f = sources.get(span.file);
            let same_file = diag.related.iter().map(|l| l.span).filter(|s| s.file == span.file);
            source = Some(Window::new(f, std::iter::once(span).chain(same_file)));
            let label = if diag.label.is_empty() { None } else { Some(diag.label.clone()) };
            labels.push(miette::LabeledSpan::new_primary_with_span(label, (span.start as usize, span.len())));
            for l in &diag.related {
                if l.span.file == span.file {
                    labels.push(miette::LabeledSpan::new_with_span(Some(l.text.clone()), (l.span.start as usize, l.span.len())));
                } else {
                    notes.push(format!("{}: {}", sources.location(l.span), l.text));
                }
            }
        }
        let mut help = diag.help.clone().unwrap_or_default();
        if !notes.is_empty() {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(&notes.join("\n"));
        }
        Report { diag, source, labels, notes: if help.is_empty() { None } else { Some(help) } }
    }
}

impl std::fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.diag.message)
    }
}
impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.diag.message)
    }
}
impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.diag.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.notes.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.labels.is_empty() { None } else { Some(Box::new(self.labels.iter().cloned())) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rendering from the lines around the labels (`Window`) prints what miette prints from
    /// the whole file: same lines, numbers, columns and context.
    #[test]
    fn windowed_source_renders_as_the_whole_file() {
        let text: String = (1..=60).map(|i| format!("  \"key{i}\": \"välue {i}\",\n")).collect::<String>() + "}";
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new("t.json", None, text.clone()));
        let at = |line: usize, col: usize, len: usize| {
            let start = sources.get(file).line_start(line - 1) + col;
            Span::new(file, start, start + len)
        };
        let eof = Span::new(file, text.len(), text.len());
        let cases = vec![
            Diagnostic::error("x", "first line").at(at(1, 2, 6), "here"),
            Diagnostic::error("x", "middle").at(at(30, 10, 8), "here").related(at(5, 2, 6), "far above"),
            Diagnostic::warning("x", "over lines").at(Span::new(file, at(40, 2, 1).start as usize, at(42, 4, 1).end as usize), "these"),
            Diagnostic::error("x", "last line").at(at(61, 0, 1), "the end"),
            Diagnostic::error("x", "end of file").at(eof, "nothing after").related(at(59, 2, 3), "before"),
        ];
        for d in &cases {
            let whole = {
                use miette::{GraphicalReportHandler, GraphicalTheme};
                let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_context_lines(1);
                let mut r = Report::new(d, &sources);
                // What Report used before: the file's whole text.
                let labels = r.labels.clone();
                struct Whole<'a>(Report<'a>, miette::NamedSource<String>, Vec<miette::LabeledSpan>);
                impl std::fmt::Debug for Whole<'_> {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        self.0.fmt(f)
                    }
                }
                impl std::fmt::Display for Whole<'_> {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        std::fmt::Display::fmt(&self.0, f)
                    }
                }
                impl std::error::Error for Whole<'_> {}
                impl miette::Diagnostic for Whole<'_> {
                    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
                        self.0.code()
                    }
                    fn severity(&self) -> Option<miette::Severity> {
                        self.0.severity()
                    }
                    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
                        Some(&self.1)
                    }
                    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
                        Some(Box::new(self.2.iter().cloned()))
                    }
                }
                r.source = None;
                let w = Whole(r, miette::NamedSource::new("t.json", text.clone()), labels);
                let mut out = String::new();
                handler.render_report(&mut out, &w).unwrap();
                out
            };
            let windowed = d.render(&sources, false);
            assert_eq!(windowed, whole, "{}", d.message);
            assert!(windowed.contains("t.json:"), "{windowed}");
        }
    }
}
