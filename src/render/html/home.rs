//! The landing page, the home page of each language, the issuing notice, downloads, search
//! and 404.

use super::facts;
use super::site::{Head, Page, Site};
use super::urls;
use crate::model::Lang;
use crate::present::labels::{date, disclosure, label, notice_title};
use serde_json::{json, Value};

/// `index.html`: the plan in each of its languages, a choice of language (a plan in Chinese
/// alone offers the one).
pub fn landing(site: &Site) -> Page {
    let langs: Vec<Value> = site
        .plan
        .langs()
        .iter()
        .copied()
        .map(|l| {
            json!({
                "href": urls::home(l),
                "html_lang": l.bcp47(),
                "title": site.title(l),
                "issuer": site.plan.meta.issuer.get(l),
                "date": date(&site.plan.meta.issue_date, l),
                "read": label(l, match l { Lang::Zh => "read_zh", Lang::En => "read_en" }),
                "language": match l { Lang::Zh => "中文", Lang::En => "English" },
            })
        })
        .collect();
    let head = Head {
        url: String::new(),
        lang: None,
        title: String::new(),
        versions: site.versions_of(urls::home),
        nav: "",
        crumbs: vec![],
        kind: "landing",
    };
    site.page(head, "landing.html", json!({ "languages": langs }))
}

/// Paragraphs of a plain multi-line text (YAML values such as the notice body).
fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// `{zh,en}/index.html`: title, issuer, date, document number, summary, chapters, key targets.
pub fn home(site: &Site, lang: Lang) -> Page {
    let url = urls::home(lang);
    let meta = &site.plan.meta;
    let listed = site.chapters(lang);
    let groups: Vec<Value> = site
        .groups(lang, listed, 0)
        .into_iter()
        .map(|g| {
            let (opening, listed) = g.split();
            let title_href =
                opening.map(|(_, c)| urls::rel(&url, &urls::chapter(lang, &c.shown.id)));
            let chapters: Vec<Value> = listed
                .iter()
                .map(|(_, c)| {
                    let ch = c.shown;
                    json!({
                        "href": urls::rel(&url, &urls::chapter(lang, &ch.id)),
                        "title": ch.title,
                        "title_lang": c.title_lang(lang),
                        "pending": c.own.is_none(),
                        "sections": ch.headings.iter().filter(|h| h.level == 2).map(|h| h.text.clone()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let (title, title_lang) = g.title.map_or((None, None), |(t, l)| (Some(t), l));
            json!({
                "title": title,
                "title_lang": title_lang,
                "title_href": title_href,
                "appendix": g.appendix,
                "chapters": chapters,
            })
        })
        .collect();
    // The boxes (专栏) and tables of the text in this language, where they are.
    let mut boxes = Vec::new();
    let mut tables = Vec::new();
    for c in listed {
        let Some(ch) = c.own else { continue };
        let href = urls::rel(&url, &urls::chapter(lang, &ch.id));
        let text = |i: Option<usize>, fallback: &str| {
            i.and_then(|i| ch.blocks.get(i))
                .map(|b| b.text.trim().to_string())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| format!("{fallback}（{}）", ch.nav_title()))
        };
        // The chapter it is in, unless the title says so already (an appendix table).
        let where_ = |title: &str| (title != ch.title).then(|| ch.title.clone());
        for b in ch.boxes() {
            boxes.push(json!({
                "href": format!("{href}#{}", b.anchor()),
                "title": text(b.title, label(lang, "box")),
                "chapter": where_(&text(b.title, "")),
            }));
        }
        for t in ch.tables() {
            tables.push(json!({
                "href": format!("{href}#{}", t.anchor()),
                "title": text(t.caption, label(lang, "table")),
                "chapter": where_(&text(t.caption, "")),
            }));
        }
    }
    let key_targets: Vec<Value> = crate::present::indicators::main_indicators(site.plan)
        .into_iter()
        .map(|t| {
            json!({
                "href": urls::rel(&url, &urls::target(lang, &t.id)),
                "indicator": facts::indicator(t, lang),
                "target": facts::value(t, &t.target, lang),
                "target_year": crate::present::labels::year(t.target.year, lang),
                "baseline_at": t.baseline.as_ref().map(|b| facts::labeled(lang, "baseline", &facts::value_at(t, b, lang))),
                "nature": crate::present::value::nature(t, lang),
            })
        })
        .collect();
    let own = json!({
        "plan_title": site.title(lang),
        "other_title": site.title(lang.other()),
        "other_lang": lang.other().bcp47(),
        "issuer": meta.issuer.get(lang),
        "date": date(&meta.issue_date, lang),
        "iso_date": meta.issue_date,
        "document_number": meta.document_number.as_ref().map(|d| d.get(lang)),
        "edition": meta.edition.as_ref().map(|d| d.get(lang)),
        "summary": meta.summary.as_ref().map(|s| paragraphs(s.get(lang))),
        "notice_href": meta.notice.as_ref().map(|_| urls::rel(&url, &urls::notice(lang))),
        "notice_title": notice_title(&site.plan.meta, lang),
        "groups": groups,
        "boxes": boxes,
        "tables": tables,
        "key_targets": key_targets,
        "targets_href": urls::rel(&url, &urls::targets(lang)),
        "parallel_href": site.plan.has_english().then(|| urls::rel(&url, &urls::parallel_index())),
        "downloads_href": urls::rel(&url, &urls::downloads(lang)),
    });
    let head = Head {
        url,
        lang: Some(lang),
        title: String::new(),
        versions: site.versions_of(urls::home),
        nav: "home",
        crumbs: vec![],
        kind: "home",
    };
    site.page(head, "home.html", own)
}

/// `{zh,en}/notice/`: the issuing notice (印发通知), when the plan has one.
pub fn notice(site: &Site, lang: Lang) -> Option<Page> {
    let n = site.plan.meta.notice.as_ref()?;
    let url = urls::notice(lang);
    let title = notice_title(&site.plan.meta, lang);
    let own = json!({
        "notice_title": title,
        "issuer": site.plan.meta.issuer.get(lang),
        "document_number": site.plan.meta.document_number.as_ref().map(|d| d.get(lang)),
        "addressees": n.addressees.get(lang),
        "body": paragraphs(n.body.get(lang)),
        "office": n.office.get(lang),
        "date": n.date.get(lang),
        "disclosure": n.disclosure.as_ref().map(|d| disclosure(d.get(lang), lang)),
        "plan_href": urls::rel(&url, &urls::home(lang)),
    });
    let head = Head {
        url,
        lang: Some(lang),
        title: label(lang, "notice").to_string(),
        versions: site.versions_of(urls::notice),
        nav: "home",
        crumbs: vec![(label(lang, "notice").to_string(), None)],
        kind: "notice",
    };
    Some(site.page(head, "notice.html", own))
}

/// `{zh,en}/downloads/`: the PDF editions and the open data. The PDFs and the data are written
/// by other back ends; the build places them at `pdf/` and `data/` under the site root.
pub fn downloads(site: &Site, lang: Lang) -> Page {
    let url = urls::downloads(lang);
    let root = urls::root_of(&url);
    let id = &site.plan.meta.id;
    let pdf = |key: &str, file: &str, l: Option<Lang>| json!({"href": format!("{root}pdf/{file}"), "label": label(lang, key), "html_lang": l.map(|l| l.bcp47()), "file": file, "plan": id});
    // A plan in Chinese alone has the Chinese edition only.
    let mut pdfs = vec![pdf("pdf_zh", "plan.zh.pdf", Some(Lang::Zh))];
    if site.plan.has_english() {
        pdfs.push(pdf("pdf_en", "plan.en.pdf", Some(Lang::En)));
        pdfs.push(pdf("pdf_bilingual", "plan.bilingual.pdf", None));
    }
    let own = json!({
        "pdfs": pdfs,
        "data": [
            {"href": format!("{root}data/targets.json"), "label": label(lang, "data_json"), "file": "targets.json"},
            {"href": format!("{root}data/targets.csv"), "label": label(lang, "data_csv"), "file": "targets.csv"},
            {"href": format!("{root}data/plan.json"), "label": label(lang, "data_plan"), "file": "plan.json"},
        ],
    });
    let head = Head {
        url,
        lang: Some(lang),
        title: label(lang, "downloads").to_string(),
        versions: site.versions_of(urls::downloads),
        nav: "downloads",
        crumbs: vec![(label(lang, "downloads").to_string(), None)],
        kind: "downloads",
    };
    site.page(head, "downloads.html", own)
}

/// `{zh,en}/search/`: the search form and results (only when the search index is built); the
/// script reads the language's index (`pagefind/zh/`) and is given the rules that cut text into
/// terms.
pub fn search(site: &Site, lang: Lang) -> Page {
    let url = urls::search(lang);
    let head = Head {
        url: url.clone(),
        lang: Some(lang),
        title: label(lang, "search").to_string(),
        versions: site.versions_of(urls::search),
        nav: "",
        crumbs: vec![(label(lang, "search").to_string(), None)],
        kind: "search",
    };
    let mut page = site.page(
        head,
        "search.html",
        json!({
            "root": urls::root_of(&url),
            "index": format!("{}{}", urls::root_of(&url), super::SearchPages::dir(lang.code())),
            "rules": crate::text::terms::script_rules(),
        }),
    );
    page.searchable = false;
    page
}

/// `404.html`: served at any depth, so its links are absolute (prefixed with the base URL).
pub fn not_found(site: &Site) -> Page {
    let head = Head {
        url: "404.html".to_string(),
        lang: None,
        title: format!(
            "{} / {}",
            label(Lang::Zh, "not_found"),
            label(Lang::En, "not_found")
        ),
        versions: site.versions_of(urls::home),
        nav: "",
        crumbs: vec![],
        kind: "not-found",
    };
    let mut page = site.page(
        head,
        "404.html",
        json!({
            "zh_href": site.abs(&urls::home(Lang::Zh)),
            "en_href": site.plan.has_english().then(|| site.abs(&urls::home(Lang::En))),
            "t_en": crate::present::labels::labels(Lang::En),
            "abs_root": site.base,
        }),
    );
    page.searchable = false;
    page
}
