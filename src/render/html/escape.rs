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
    let bytes = text.as_bytes();
    let mut start = 0;
    // The next `&`, `<` or `>` at or after `start`, and then the next quote before it: each
    // searched with memchr's vector search, and each byte looked at once by each search.
    let mut markup = memchr::memchr3(b'&', b'<', b'>', bytes);
    loop {
        if markup.is_some_and(|m| m < start) {
            markup = memchr::memchr3(b'&', b'<', b'>', &bytes[start..]).map(|m| start + m);
        }
        let before = markup.unwrap_or(bytes.len());
        let quote = memchr::memchr2(b'"', b'\'', &bytes[start..before]).map(|q| start + q);
        let Some(i) = quote.or(markup) else {
            break;
        };
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
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
        assert_eq!(
            super::html("it's 'a' \"b\" c's"),
            "it&#39;s &#39;a&#39; &quot;b&quot; c&#39;s"
        );
        assert_eq!(
            super::html("a'b<c'd&e\"f>'"),
            "a&#39;b&lt;c&#39;d&amp;e&quot;f&gt;&#39;"
        );
        assert_eq!(super::html(""), "");
        assert_eq!(super::html("&&<<"), "&amp;&amp;&lt;&lt;");
    }

    proptest::proptest! {
        #[test]
        fn escapes_as_one_replace_per_character_does(text in "[a'\"<>&é湘 ]{0,200}") {
            let expected = text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;");
            proptest::prop_assert_eq!(super::html(&text), expected);
        }
    }
}
