//! Inline runs of plan text → HTML. Every piece of text is escaped here; templates receive the
//! result as `*_html` values, the only values they may print unescaped.

use super::escape::{html, push_html};
use super::facts;
use super::urls;
use crate::model::{Inline, Lang, Plan, Tag};

/// How to render runs on one page.
#[derive(Clone, Copy)]
pub struct Inlines<'a> {
    pub plan: &'a Plan,
    /// URL path of the page the runs appear on (links are relative to it).
    pub page: &'a str,
    /// Language of the text; tags link to that language's target pages.
    pub lang: Lang,
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
                Inline::Text(t) => push_html(out, t),
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
                Inline::FootnoteRef { label, .. } => {
                    let anchor = footnote_anchor(label);
                    out.push_str("<sup class=\"fnref\"><a href=\"#fn-");
                    push_html(out, &anchor);
                    out.push_str("\" id=\"fnref-");
                    push_html(out, &anchor);
                    out.push_str("\">");
                    push_html(out, label);
                    out.push_str("</a></sup>");
                }
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
                push_html(out, &tag.text);
                out.push_str("</a>");
            }
            None => {
                out.push_str(&format!("<span class=\"tag tag-{kind}\">"));
                push_html(out, &tag.text);
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

/// The anchor of a footnote label: its ASCII letters and digits, other characters as `-`.
pub fn footnote_anchor(label: &str) -> String {
    label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect()
}
