//! HTML escaping: the only way plan text reaches a page.

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_html(&mut out, text);
    out
}

/// Appends `text` escaped to `out`.
pub fn push_html(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Escapes text for XML (the sitemap).
pub fn xml(text: &str) -> String {
    html(text).replace("&#39;", "&apos;")
}

/// The escape function Tera applies to every `{{ value }}` of the site templates. Unlike Tera's
/// default it leaves `/` alone, so URLs stay readable; everything that matters is escaped.
pub fn tera_escape(text: &str) -> String {
    html(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::html(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(super::html("服务业/增加值"), "服务业/增加值");
    }
}
