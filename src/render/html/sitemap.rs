//! `sitemap.xml`: every page, with its language alternates.

use super::escape::xml;
use super::site::{Page, Site};

pub fn sitemap(site: &Site, pages: &[Page]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut listed: Vec<&Page> = pages.iter().filter(|p| p.in_sitemap).collect();
    listed.sort_by(|a, b| a.url.cmp(&b.url));
    for page in listed {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&xml(&site.abs(&page.url)));
        out.push_str("</loc>\n");
        for (hreflang, href) in &page.alternates {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                xml(hreflang),
                xml(href)
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
