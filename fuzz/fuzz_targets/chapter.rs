//! The chapter loader: YAML front matter + Markdown with target tags, on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plandoc::model::{plain_text, Lang};
use plandoc::source::markdown::{normalize_text, parse_chapter};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for lang in [Lang::Zh, Lang::En] {
        let mut diags = Vec::new();
        if let Some(chapter) = parse_chapter(0, &text, lang, &mut diags) {
            for block in &chapter.blocks {
                // Spans point into the text on character boundaries.
                assert!(block.span.start <= block.span.end && block.span.end <= text.len());
                assert!(
                    text.is_char_boundary(block.span.start)
                        && text.is_char_boundary(block.span.end)
                );
                let _ = plain_text(&block.inlines);
                for tag in block.tags() {
                    assert!(tag.span.end <= text.len());
                }
            }
            for heading in &chapter.headings {
                assert!(heading.span.end <= text.len());
            }
        }
        for d in &diags {
            if let Some(p) = &d.primary {
                assert!(p.span.start <= p.span.end, "{d:?}");
            }
        }
    }
    let _ = normalize_text(&text);
});
