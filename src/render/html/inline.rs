//! Inline runs of plan text → HTML. Every piece of text is escaped here; templates receive the
//! result as `*_html` values, the only values they may print unescaped.

use super::escape::{html, push_html};
use super::facts;
use super::urls;
use crate::model::{Chapter, Inline, Lang, Plan, Tag};
use crate::present::labels::label;
use crate::present::value::dashes;
use std::cell::RefCell;
use std::collections::HashMap;

/// How to render runs on one page.
#[derive(Clone, Copy)]
pub struct Inlines<'a> {
    pub plan: &'a Plan,
    /// URL path of the page the runs appear on (links are relative to it).
    pub page: &'a str,
    /// Language of the text; tags link to that language's target pages.
    pub lang: Lang,
    /// Where footnote references link; `None` leaves them out (excerpts on other pages).
    pub notes: Option<&'a Notes<'a>>,
}

/// The footnotes of the chapter whose text is rendered, and how references link to them.
pub struct Notes<'a> {
    chapter: &'a Chapter,
    mode: NoteMode,
    /// How many references to each footnote (by number) were rendered so far.
    seen: RefCell<HashMap<usize, usize>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NoteMode {
    /// A chapter page: a reference links to `#fn-N`; the first one has the id `fnref-N` the
    /// footnote links back to, later ones `fnref-N-2`, `fnref-N-3` …
    Chapter,
    /// The parallel page: a reference links to the footnote's row (its block anchor).
    Parallel,
}

impl<'a> Notes<'a> {
    pub fn chapter_page(chapter: &'a Chapter) -> Self {
        Notes {
            chapter,
            mode: NoteMode::Chapter,
            seen: RefCell::default(),
        }
    }

    pub fn parallel_page(chapter: &'a Chapter) -> Self {
        Notes {
            chapter,
            mode: NoteMode::Parallel,
            seen: RefCell::default(),
        }
    }

    /// Was footnote `number` referenced in the text rendered so far?
    pub fn referenced(&self, number: usize) -> bool {
        self.seen.borrow().get(&number).is_some_and(|n| *n > 0)
    }
}

impl Inlines<'_> {
    pub fn render(&self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        self.push(&mut out, inlines);
        out
    }

    fn push(&self, out: &mut String, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                // Ranges with their dash (2～3家, 2–3 firms), as the PDFs print them.
                Inline::Text(t) => push_html(out, &dashes(t, self.lang)),
                Inline::Strong(c) => self.wrap(out, "strong", c),
                Inline::Emph(c) => self.wrap(out, "em", c),
                Inline::Code(t) => {
                    out.push_str("<code>");
                    push_html(out, t);
                    out.push_str("</code>");
                }
                Inline::Link { href, children } => match safe_href(href) {
                    Some(href) => {
                        out.push_str("<a href=\"");
                        push_html(out, href);
                        out.push_str("\">");
                        self.push(out, children);
                        out.push_str("</a>");
                    }
                    None => self.push(out, children),
                },
                Inline::Tag(tag) => self.tag(out, tag),
                Inline::LineBreak => out.push_str("<br>"),
                Inline::FootnoteRef { label, .. } => self.footnote_ref(out, label),
            }
        }
    }

    /// A footnote reference: its number, linking to the footnote.
    fn footnote_ref(&self, out: &mut String, label: &str) {
        let Some(notes) = self.notes else {
            return;
        };
        let Some(n) = notes.chapter.footnote_number(label) else {
            // `check` reports a reference without a definition; show the label as written.
            out.push_str("<sup class=\"fnref\">");
            push_html(out, label);
            out.push_str("</sup>");
            return;
        };
        let name = format!("{}{n}", label_prefix(self.lang));
        match notes.mode {
            NoteMode::Chapter => {
                let mut seen = notes.seen.borrow_mut();
                let count = seen.entry(n).or_insert(0);
                *count += 1;
                let id = if *count == 1 {
                    format!("fnref-{n}")
                } else {
                    format!("fnref-{n}-{count}")
                };
                out.push_str(&format!(
                    "<sup class=\"fnref\"><a href=\"#fn-{n}\" id=\"{id}\" aria-label=\"{}\">{n}</a></sup>",
                    html(&name)
                ));
            }
            NoteMode::Parallel => {
                let anchor = notes.chapter.footnotes[n - 1].block;
                let anchor = notes
                    .chapter
                    .blocks
                    .get(anchor)
                    .map(|b| b.anchor())
                    .unwrap_or_default();
                out.push_str(&format!(
                    "<sup class=\"fnref\"><a href=\"#{}\" aria-label=\"{}\">{n}</a></sup>",
                    html(&anchor),
                    html(&name)
                ));
            }
        }
    }

    fn wrap(&self, out: &mut String, element: &str, children: &[Inline]) {
        out.push('<');
        out.push_str(element);
        out.push('>');
        self.push(out, children);
        out.push_str("</");
        out.push_str(element);
        out.push('>');
    }

    /// A tag links to the target's page and carries its value, baseline and year as a tooltip
    /// (the `title` attribute for pointer users and assistive technology, `data-tip` for the CSS
    /// tooltip shown on hover and keyboard focus).
    fn tag(&self, out: &mut String, tag: &Tag) {
        let kind = tag.kind.scheme();
        match self.plan.targets.get(&tag.target) {
            Some(target) => {
                let href = urls::rel(self.page, &urls::target(self.lang, &target.id));
                let tip = html(&facts::tip(target, self.lang));
                out.push_str(&format!(
                    "<a class=\"tag tag-{kind}\" href=\"{}\" title=\"{tip}\" data-tip=\"{tip}\">",
                    html(&href)
                ));
                push_html(out, &dashes(&tag.text, self.lang));
                out.push_str("</a>");
            }
            None => {
                out.push_str(&format!("<span class=\"tag tag-{kind}\">"));
                push_html(out, &dashes(&tag.text, self.lang));
                out.push_str("</span>");
            }
        }
    }
}

/// Plain links in plan text may go to the web (http, https), to mail, or stay relative; any
/// other scheme (`javascript:`, `data:` …) is dropped and the words are kept as text.
pub fn safe_href(href: &str) -> Option<&str> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let scheme_end = href.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if href.as_bytes()[i] == b':' => {
            let scheme = href[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto").then_some(href)
        }
        _ => Some(href),
    }
}

/// What a screen reader says before a footnote's number: `脚注` / `Footnote `.
fn label_prefix(lang: Lang) -> String {
    match lang {
        Lang::Zh => label(lang, "footnote").to_string(),
        Lang::En => format!("{} ", label(lang, "footnote")),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_href;

    #[test]
    fn only_harmless_link_schemes_pass() {
        assert_eq!(
            safe_href("https://example.org/a"),
            Some("https://example.org/a")
        );
        assert_eq!(safe_href("mailto:a@b.cn"), Some("mailto:a@b.cn"));
        assert_eq!(safe_href("../x/#y"), Some("../x/#y"));
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href(" JavaScript:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,x"), None);
    }
}
