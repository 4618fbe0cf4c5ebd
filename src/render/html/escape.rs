//! HTML escaping: the only way plan text reaches a page.

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_html(&mut out, text);
    out
}

/// Appends `text` escaped to `out`. Runs without special characters are copied whole (the five
/// are ASCII, so a byte match is never inside a multi-byte character): escaping is on the path
/// of every word of every page.
pub fn push_html(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
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
        assert_eq!(super::html("“<亿>”&é"), "“&lt;亿&gt;”&amp;é");
    }
}
