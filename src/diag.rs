//! Diagnostics: every finding about the plan, with a stable code, a span and a help line,
//! rendered like rustc for people and as JSON lines for editors and CI.

use crate::model::{SourceMap, Span};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;

/// Inserts `--plan DIR` after the (sub)command of every `` `plandoc …` `` in a help line.
pub fn with_plan_arg(help: &str, dir: &str) -> String {
    const COMMANDS: &[&str] = &[
        "check",
        "build",
        "serve",
        "targets",
        "translate",
        "glossary",
        "schema",
    ];
    const SUBCOMMANDS: &[&str] = &["accept", "status", "suggest", "export", "import"];
    let mut out = String::with_capacity(help.len() + dir.len() + 8);
    let mut rest = help;
    while let Some(i) = rest.find("`plandoc ") {
        let start = i + "`plandoc ".len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let word = |s: &str| s.split([' ', '`']).next().unwrap_or("").to_string();
        let cmd = word(rest);
        if !COMMANDS.contains(&cmd.as_str()) || rest[cmd.len()..].starts_with(" --plan") {
            continue;
        }
        let mut len = cmd.len();
        if rest[len..].starts_with(' ') {
            let sub = word(&rest[len + 1..]);
            if SUBCOMMANDS.contains(&sub.as_str()) {
                len += 1 + sub.len();
            }
        }
        out.push_str(&rest[..len]);
        out.push_str(" --plan ");
        out.push_str(dir);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Declares [`Code`]: each variant with its doc comment (also its description in
/// docs/diagnostics.md) and the kebab-case code printed.
macro_rules! codes {
    ($($(#[doc = $doc:expr])+ $name:ident => $code:literal,)+) => {
        /// Every diagnostic code: stable, kebab-case in the output, each documented in
        /// docs/diagnostics.md with an example and its fix, and produced by an invalid fixture
        /// in tests/fixtures/invalid/ (tests/check_fixtures.rs checks all three).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $name,)+
        }

        impl Code {
            /// Every code, in alphabetical order.
            pub const ALL: &[Code] = &[$(Code::$name),+];

            /// The code as printed: `unknown-target`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $code,)+
                }
            }

            /// What the code means: the variant's doc comment.
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$name => concat!($($doc),+).trim_ascii(),)+
                }
            }
        }
    };
}

codes! {
    /// A chapter follows an appendix: appendices come after every chapter.
    AppendixOrder => "appendix-order",
    /// A `baseline:` tag names a target whose registry entry has no baseline.
    BaselineNotRegistered => "baseline-not-registered",
    /// A target's baseline year is not before its target year.
    BaselineYear => "baseline-year",
    /// A block quote (a box, 专栏) does not open with its title heading.
    BoxWithoutTitle => "box-without-title",
    /// A `Table:` caption line that no table follows.
    CaptionWithoutTable => "caption-without-table",
    /// A file in chapters/ not named `NN-name.zh.md` / `NN-name.en.md` (ignored).
    ChapterFileName => "chapter-file-name",
    /// A chapter, heading, table, box or part ID used twice.
    DuplicateId => "duplicate-id",
    /// Two registry entries with the same ID.
    DuplicateTargetId => "duplicate-target-id",
    /// An empty paragraph or list item.
    EmptyBlock => "empty-block",
    /// A part declared in plan.yaml that no chapter belongs to.
    EmptyPart => "empty-part",
    /// A target tag without text: `[](target:id)`.
    EmptyTag => "empty-tag",
    /// A plan file over the size limit (64 MB).
    FileTooLarge => "file-too-large",
    /// A footnote reference `[^label]` without a definition.
    FootnoteUndefined => "footnote-undefined",
    /// A footnote definition that nothing references.
    FootnoteUnused => "footnote-unused",
    /// A chapter file without its `---` front matter.
    FrontMatterMissing => "front-matter-missing",
    /// The en text renders a glossary term otherwise than the glossary says.
    GlossaryDrift => "glossary-drift",
    /// The same zh term twice in glossary.yaml.
    GlossaryDuplicate => "glossary-duplicate",
    /// A glossary term of the zh block has no rendering in the en block.
    GlossaryMissing => "glossary-missing",
    /// A heading more than one level below the one before it.
    HeadingLevelSkipped => "heading-level-skipped",
    /// A heading (or box title) without `{#id}`.
    HeadingWithoutId => "heading-without-id",
    /// An ID that is not lowercase ASCII letters, digits and `-`.
    InvalidId => "invalid-id",
    /// A registry value that lacks what its kind needs (a range without `max` …).
    InvalidTargetValue => "invalid-target-value",
    /// A file that is not valid UTF-8.
    InvalidUtf8 => "invalid-utf8",
    /// A YAML value of the wrong type or an unknown variant.
    InvalidValue => "invalid-value",
    /// An en file in a plan published in Chinese alone (`languages: [zh]`).
    LanguageNotPublished => "language-not-published",
    /// An en chapter file without its zh file (the Chinese is authoritative).
    MissingChapterFile => "missing-chapter-file",
    /// A required YAML field is missing.
    MissingField => "missing-field",
    /// plan.yaml, targets.yaml or chapters/ is missing.
    MissingFile => "missing-file",
    /// A number of the zh block is not in its en block (or the reverse).
    NumberMismatch => "number-mismatch",
    /// The chapters of a part are not together, or the parts are out of order.
    PartOrder => "part-order",
    /// A table row with more or fewer cells than the header.
    RaggedTable => "ragged-table",
    /// Raw HTML in plan text.
    RawHtml => "raw-html",
    /// The zh and en file of a chapter differ in headings, blocks, tables, boxes or footnotes.
    SkeletonMismatch => "skeleton-mismatch",
    /// The zh text of a block changed after its translation was accepted.
    StaleTranslation => "stale-translation",
    /// `**` that CommonMark cannot close shows literally.
    StrayEmphasis => "stray-emphasis",
    /// A symbolic link that leads outside the plan folder (or nowhere).
    SymlinkOutsidePlan => "symlink-outside-plan",
    /// A target defined (`target:`) twice in one language.
    TargetDefinedTwice => "target-defined-twice",
    /// A tagged target never defined (`target:`) in one language.
    TargetNotDefined => "target-not-defined",
    /// A name outside the glossary rendered two ways in the English.
    TermDrift => "term-drift",
    /// A YAML field the format does not have.
    UnknownField => "unknown-field",
    /// A chapter names a part that plan.yaml does not declare.
    UnknownPart => "unknown-part",
    /// A tag names no registered target.
    UnknownTarget => "unknown-target",
    /// A tagged text that cannot be read as a value.
    UnparsableValue => "unparsable-value",
    /// A plan file that cannot be read.
    UnreadableFile => "unreadable-file",
    /// A `#` heading in a chapter body, or a heading inside a box.
    UnsupportedHeading => "unsupported-heading",
    /// A Markdown construct plans do not use (code block, image, nested list, rule, box in a box …).
    UnsupportedMarkdown => "unsupported-markdown",
    /// English still missing: a chapter, a section, a plan.yaml text, or a block without a recorded translation.
    Untranslated => "untranslated",
    /// A registry entry that no text tags.
    UnusedTarget => "unused-target",
    /// A tagged value disagrees with the registry (number, scale, bound or measure).
    ValueMismatch => "value-mismatch",
    /// A YAML syntax error.
    YamlSyntax => "yaml-syntax",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
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
    pub code: Code,
    pub message: String,
    /// Where it is; `None` for findings about the plan as a whole.
    pub primary: Option<Label>,
    /// Other places that explain it (the other language's block, the first definition …).
    pub secondary: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
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

    /// Makes every command in a help line runnable as printed for a plan that is not in
    /// `plan/`: ``run `plandoc translate accept basis.1` `` becomes
    /// ``run `plandoc translate accept --plan my-plan basis.1` ``.
    pub fn for_plan_dir(&mut self, dir: &std::path::Path) {
        let default = dir.components().count() == 1 && dir.ends_with("plan");
        if default {
            return;
        }
        let dir = dir.display().to_string();
        let dir = if dir.contains([' ', '\'', '"']) {
            format!("'{dir}'")
        } else {
            dir
        };
        for d in &mut self.items {
            if let Some(h) = &d.help {
                d.help = Some(with_plan_arg(h, &dir));
            }
        }
    }

    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.primary.as_ref().map(|l| (l.span.file, l.span.start));
            key(a)
                .cmp(&key(b))
                .then_with(|| a.code.as_str().cmp(b.code.as_str()))
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
            let key = (d.primary.as_ref().map(|l| l.span.file), d.code.as_str());
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
        code: d.code.as_str(),
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
