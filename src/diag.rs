//! Diagnostics: every finding about the plan, with a stable code, a span and a help line,
//! rendered like rustc for people and as JSON lines for editors and CI.

use crate::model::{SourceMap, Span};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A place in the source with what it means for the finding.
#[derive(Debug, Clone)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable, documented code, e.g. `unknown-target`.
    pub code: &'static str,
    pub message: String,
    /// Where it is; `None` for findings about the plan as a whole.
    pub primary: Option<Label>,
    /// Other places that explain it (the other language's block, the first definition …).
    pub secondary: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, span: Span, message: impl Into<String>) -> Self {
        self.primary = Some(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn also(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// How many diagnostics of one code in one file the human output shows.
pub const MAX_SHOWN: usize = 50;

/// The findings of a run, in a stable order: by file, then position, then code.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.primary.as_ref().map(|l| (l.span.file, l.span.start));
            key(a)
                .cmp(&key(b))
                .then_with(|| a.code.cmp(b.code))
                .then_with(|| a.message.cmp(&b.message))
        });
    }

    /// Renders like rustc: `error[code]: message`, `--> file:line:col`, the source line, `= help`.
    pub fn emit_human(&self, sources: &SourceMap, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let mut files = SimpleFiles::new();
        for f in &sources.files {
            files.add(f.path.display().to_string(), f.text.as_str());
        }
        let config = term::Config::default();
        // A flood (100,000 raw-HTML tags on one line) must not print the line 100,000 times:
        // past MAX_SHOWN diagnostics of one code in one file, only their number is printed.
        let mut shown: std::collections::HashMap<(Option<usize>, &str), usize> = Default::default();
        let mut hidden: Vec<((Option<usize>, &str), usize)> = Vec::new();
        for d in &self.items {
            let key = (d.primary.as_ref().map(|l| l.span.file), d.code);
            let n = shown.entry(key).or_default();
            *n += 1;
            if *n > MAX_SHOWN {
                match hidden.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, count)) => *count += 1,
                    None => hidden.push((key, 1)),
                }
                continue;
            }
            let mut cs = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
            }
            .with_code(d.code)
            .with_message(&d.message);
            let mut labels = Vec::new();
            if let Some(p) = &d.primary {
                labels.push(
                    CsLabel::primary(p.span.file, clamp(sources, p.span)).with_message(&p.message),
                );
            }
            for s in &d.secondary {
                labels.push(
                    CsLabel::secondary(s.span.file, clamp(sources, s.span))
                        .with_message(&s.message),
                );
            }
            cs = cs.with_labels(labels);
            if let Some(h) = &d.help {
                cs = cs.with_notes(vec![format!("help: {h}")]);
            }
            term::emit_to_write_style(out, &config, &files, &cs)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
        }
        for ((file, code), count) in hidden {
            let file = file.map_or(String::new(), |f| {
                format!(" in {}", sources.file(f).path.display())
            });
            writeln!(
                out,
                "note: {count} more `{code}` diagnostics{file} not shown (`--format json` lists them all)\n"
            )?;
        }
        Ok(())
    }

    /// One JSON object per line per diagnostic.
    pub fn emit_json(
        &self,
        sources: &SourceMap,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        for d in &self.items {
            let json =
                serde_json::to_string(&to_json(d, sources)).map_err(std::io::Error::other)?;
            writeln!(out, "{json}")?;
        }
        Ok(())
    }
}

fn clamp(sources: &SourceMap, span: Span) -> std::ops::Range<usize> {
    let text = &sources.file(span.file).text;
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[derive(Serialize)]
struct JsonLabel {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: String,
}

#[derive(Serialize)]
struct JsonDiagnostic {
    severity: Severity,
    code: &'static str,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    help: Option<String>,
    labels: Vec<JsonLabel>,
}

fn json_label(l: &Label, sources: &SourceMap) -> JsonLabel {
    let (line, column) = sources.line_col(l.span.file, l.span.start);
    let (end_line, end_column) = sources.line_col(l.span.file, l.span.end);
    JsonLabel {
        file: sources.file(l.span.file).path.display().to_string(),
        line,
        column,
        end_line,
        end_column,
        message: l.message.clone(),
    }
}

fn to_json(d: &Diagnostic, sources: &SourceMap) -> JsonDiagnostic {
    let primary = d.primary.as_ref().map(|l| json_label(l, sources));
    JsonDiagnostic {
        severity: d.severity,
        code: d.code,
        message: d.message.clone(),
        file: primary.as_ref().map(|p| p.file.clone()),
        line: primary.as_ref().map(|p| p.line),
        column: primary.as_ref().map(|p| p.column),
        help: d.help.clone(),
        labels: primary
            .into_iter()
            .chain(d.secondary.iter().map(|l| json_label(l, sources)))
            .collect(),
    }
}
