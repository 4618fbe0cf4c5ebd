//! What every page shares: the page's place, its head (title, canonical, hreflang), the header
//! navigation, breadcrumbs and the language switcher.

use super::urls;
use crate::index::TargetIndex;
use crate::model::{Chapter, ChapterKind, ChapterPair, Lang, Localized, Plan};
use crate::present::labels;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;

/// The plan being rendered and the site-wide settings.
pub struct Site<'a> {
    pub plan: &'a Plan,
    pub index: &'a TargetIndex,
    /// `site.base_url` with a trailing slash.
    pub base: String,
    pub search: bool,
    /// HTML injected before `</body>` (live reload), empty otherwise.
    pub live_reload: String,
    /// plandoc's words for the templates (`t`), zh then en: made once, copied into each page.
    pub labels: [Value; 2],
    /// The chapters of each language's site ([`Site::listing`]), zh then en, and each
    /// chapter's position in them by ID: made once, not on every page (a chapter page
    /// looking itself up in a list of 1,600 chapters would make the site quadratic).
    listed: [(Vec<Listed<'a>>, HashMap<&'a str, usize>); 2],
    /// The HTML of blocks quoted on the target pages of a language, rendered once: a
    /// paragraph stating four targets is quoted on eight target pages (four per language),
    /// with the same links from each (the pages share a folder).
    quoted: Mutex<HashMap<Quoted, String>>,
    /// Where each chapter and section ID is (the areas of the targets).
    pub areas: super::facts::Areas<'a>,
}

/// A quoted block: (chapter ID, block key, the block's language, the target page's language).
pub type Quoted = (String, String, Lang, Lang);

/// One chapter as the site of one language lists it.
#[derive(Clone, Copy)]
pub struct Listed<'a> {
    pub pair: &'a ChapterPair,
    /// The chapter in the listing's language; `None` while it is not translated yet.
    pub own: Option<&'a Chapter>,
    /// What the listing shows: `own`, or the Chinese text while there is no translation.
    pub shown: &'a Chapter,
}

impl<'a> Listed<'a> {
    pub fn id(&self) -> &'a str {
        &self.shown.id
    }

    /// The `lang` attribute the title needs on a page in `lang`: set when it is the Chinese
    /// title shown on an English page.
    pub fn title_lang(&self, lang: Lang) -> Option<&'static str> {
        (self.own.is_none() && lang != Lang::Zh).then_some(Lang::Zh.bcp47())
    }
}

/// A chapter with its position in the chapter list.
pub type Placed<'a> = (usize, Listed<'a>);

/// Consecutive chapters under one heading of the contents.
pub struct Group<'a> {
    part_id: Option<&'a str>,
    pub appendix: bool,
    /// The part's title (or 附录) and its `lang` attribute if shown in the other language;
    /// `None` for chapters of no part.
    pub title: Option<(String, Option<&'static str>)>,
    pub chapters: Vec<Placed<'a>>,
    /// The first chapter holds the part's opening text ([`Plan::opens_part`]): the contents
    /// link the part's title to it instead of listing the title twice.
    pub opens: bool,
}

impl<'a> Group<'a> {
    /// The chapter the part's title links to, and the chapters listed under it.
    pub fn split(&self) -> (Option<&Placed<'a>>, &[Placed<'a>]) {
        match self.chapters.split_first() {
            Some((first, rest)) if self.opens => (Some(first), rest),
            _ => (None, &self.chapters),
        }
    }
}

/// A text in `lang`, falling back to the Chinese (with its `lang` attribute) while the
/// English is missing.
pub fn localized(text: &Localized, lang: Lang) -> (String, Option<&'static str>) {
    let own = text.get(lang);
    if own.trim().is_empty() && lang != Lang::Zh {
        (text.zh.clone(), Some(Lang::Zh.bcp47()))
    } else {
        (own.clone(), None)
    }
}

/// A rendered page-to-be: where it goes, which template, what it shows.
pub struct Page {
    /// URL path relative to the site root (`zh/objectives/`).
    pub url: String,
    pub template: &'static str,
    pub ctx: tera::Context,
    /// Given to the search index.
    pub searchable: bool,
    /// hreflang alternates: (hreflang, absolute or base-prefixed URL).
    pub alternates: Vec<(String, String)>,
    /// Listed in the sitemap.
    pub in_sitemap: bool,
}

/// The head and chrome of a page.
pub struct Head {
    pub url: String,
    pub lang: Option<Lang>,
    /// The page title, without the site title.
    pub title: String,
    /// The same page in each language (URL paths), used for hreflang and the switcher.
    pub versions: Vec<(Lang, String)>,
    /// Key of the current item of the main navigation (`home`, `targets`, …).
    pub nav: &'static str,
    /// Breadcrumbs after Home: (label, URL path); the last one is the current page.
    pub crumbs: Vec<(String, Option<String>)>,
    /// Extra class on `<body>`.
    pub kind: &'static str,
}

impl<'a> Site<'a> {
    pub fn new(
        plan: &'a Plan,
        index: &'a TargetIndex,
        base: String,
        search: bool,
        live_reload: String,
    ) -> Self {
        let listed = [Lang::Zh, Lang::En].map(|lang| {
            let list = Self::listing(plan, lang);
            let at = list.iter().enumerate().map(|(i, c)| (c.id(), i)).collect();
            (list, at)
        });
        Site {
            plan,
            index,
            base,
            search,
            live_reload,
            labels: [labels::labels(Lang::Zh), labels::labels(Lang::En)],
            listed,
            quoted: Mutex::default(),
            areas: super::facts::Areas::new(plan),
        }
    }

    /// The HTML of a block quoted on a target page, made by `render` the first time.
    pub fn quoted(&self, key: Quoted, render: impl FnOnce() -> Option<String>) -> Option<String> {
        // A lock poisoned by a panic elsewhere only costs the reuse, never the quotation.
        if let Some(html) = self.quoted.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Some(html);
        }
        // Rendered outside the lock: another page may render the same block meanwhile, to the
        // same HTML.
        let html = render()?;
        if let Ok(mut map) = self.quoted.lock() {
            map.insert(key, html.clone());
        }
        Some(html)
    }

    pub fn title(&self, lang: Lang) -> &str {
        self.plan.meta.title.get(lang)
    }

    pub fn short_title(&self, lang: Lang) -> &str {
        self.plan
            .meta
            .short_title
            .as_ref()
            .map(|s| s.get(lang).as_str())
            .filter(|s| !s.is_empty())
            .unwrap_or(self.title(lang))
    }

    /// The chapters of the `lang` site in reading order: the plan's chapters in file order,
    /// then its appendices. The English site lists every chapter of the Chinese text, those
    /// not translated yet included (their page says so); a plan in Chinese alone has no
    /// English site.
    pub fn chapters(&self, lang: Lang) -> &[Listed<'a>] {
        &self.listed[lang.index()].0
    }

    /// Where the chapter `id` is in [`Site::chapters`] of `lang`.
    pub fn position(&self, lang: Lang, id: &str) -> Option<usize> {
        self.listed[lang.index()].1.get(id).copied()
    }

    fn listing(plan: &'a Plan, lang: Lang) -> Vec<Listed<'a>> {
        if !plan.langs().contains(&lang) {
            return Vec::new();
        }
        let mut out: Vec<Listed<'a>> = plan
            .chapters
            .iter()
            .filter_map(|pair| {
                let own = pair.get(lang);
                let shown = match lang {
                    Lang::Zh => own?,
                    Lang::En => own.or(pair.zh.as_ref())?,
                };
                Some(Listed { pair, own, shown })
            })
            .collect();
        // Appendices after the chapters; a stable sort keeps the file order within each.
        out.sort_by_key(|c| c.shown.kind == ChapterKind::Appendix);
        out
    }

    /// The chapters of `lang` grouped for the contents: consecutive chapters of one part (篇)
    /// under its title, the chapters of no part on their own, the appendices under 附录.
    /// Each chapter comes with its position in `chapters`, plus `first` (the position of
    /// `chapters[0]` in [`Site::chapters`] when `chapters` is a window of them).
    pub fn groups(&self, lang: Lang, chapters: &[Listed<'a>], first: usize) -> Vec<Group<'a>> {
        let mut out: Vec<Group<'a>> = Vec::new();
        for (pos, c) in (first..).zip(chapters) {
            let appendix = c.shown.kind == ChapterKind::Appendix;
            let part = if appendix {
                None
            } else {
                c.shown.part.as_deref()
            };
            let same = out
                .last()
                .is_some_and(|g| g.appendix == appendix && g.part_id == part);
            if !same {
                let title = if appendix {
                    Some((labels::label(lang, "appendices").to_string(), None))
                } else {
                    part.map(|id| match self.plan.part(id) {
                        Some(p) => localized(&p.title, lang),
                        None => (id.to_string(), None),
                    })
                };
                out.push(Group {
                    part_id: part,
                    appendix,
                    title,
                    chapters: Vec::new(),
                    opens: !appendix && self.plan.opens_part(c.shown),
                });
            }
            out.last_mut()
                .expect("pushed above")
                .chapters
                .push((pos, *c));
        }
        out
    }

    /// The title of the part a chapter belongs to, with its `lang` attribute when it is shown
    /// in the other language; "附录" for an appendix.
    pub fn part_line(&self, ch: &Chapter, lang: Lang) -> Option<(String, Option<&'static str>)> {
        if ch.kind == ChapterKind::Appendix {
            return Some((labels::label(lang, "appendices").to_string(), None));
        }
        let id = ch.part.as_deref()?;
        if self.plan.opens_part(ch) {
            // The chapter's own title is the part's.
            return None;
        }
        Some(match self.plan.part(id) {
            Some(p) => localized(&p.title, lang),
            None => (id.to_string(), None),
        })
    }

    /// The same page in each language of the plan.
    pub fn versions_of(&self, f: impl Fn(Lang) -> String) -> Vec<(Lang, String)> {
        self.plan.langs().iter().map(|l| (*l, f(*l))).collect()
    }

    pub fn abs(&self, url: &str) -> String {
        format!("{}{}", self.base, url)
    }

    /// A page from its head, its template and its own values (merged over the shared ones).
    pub fn page(&self, mut head: Head, template: &'static str, own: Value) -> Page {
        // A plan in Chinese alone has no English version of any page.
        let langs = self.plan.langs();
        head.versions.retain(|(l, _)| langs.contains(l));
        let mut ctx = self.shared(&head);
        if let Value::Object(own) = own {
            for (k, v) in own {
                ctx.insert(k, v);
            }
        }
        let alternates = self.alternates(&head);
        let ctx = tera::Context::from_value(Value::Object(ctx)).unwrap_or_default();
        Page {
            url: head.url,
            template,
            ctx,
            searchable: head.lang.is_some(),
            alternates,
            in_sitemap: head.kind != "not-found",
        }
    }

    /// hreflang alternates: each language version, and x-default (the landing page for the
    /// homes, the authoritative text elsewhere).
    fn alternates(&self, head: &Head) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = head
            .versions
            .iter()
            .map(|(l, u)| (l.bcp47().to_string(), self.abs(u)))
            .collect();
        if !head.versions.is_empty() {
            let default = if head.kind == "home" || head.kind == "landing" {
                String::new()
            } else {
                head.versions
                    .iter()
                    .find(|(l, _)| *l == self.plan.meta.authoritative)
                    .or(head.versions.first())
                    .map(|(_, u)| u.clone())
                    .unwrap_or_default()
            };
            out.push(("x-default".to_string(), self.abs(&default)));
        }
        out
    }

    fn shared(&self, head: &Head) -> serde_json::Map<String, Value> {
        let lang = head.lang.unwrap_or(Lang::Zh);
        let url = head.url.as_str();
        let rel = |to: &str| urls::rel(url, to);
        let site_title = self.short_title(lang);
        let title = if head.title.is_empty() || head.title == site_title {
            site_title.to_string()
        } else {
            format!("{} - {}", head.title, site_title)
        };
        let alternates: Vec<Value> = self
            .alternates(head)
            .into_iter()
            .map(|(hreflang, href)| object!({"hreflang": hreflang, "href": href}))
            .collect();
        let switch = head.lang.and_then(|l| {
            let other = l.other();
            head.versions
                .iter()
                .find(|(v, _)| *v == other)
                .map(|(_, u)| {
                    object!({
                        "href": rel(u),
                        "html_lang": other.bcp47(),
                        "label": match other { Lang::Zh => "中文", Lang::En => "English" },
                    })
                })
        });
        let nav_items: [(&str, String); 4] = [
            ("home", urls::home(lang)),
            ("targets", urls::targets(lang)),
            ("parallel", urls::parallel_index()),
            ("downloads", urls::downloads(lang)),
        ];
        let has_english = self.plan.has_english();
        let t = &self.labels[lang.index()];
        let nav: Vec<Value> = nav_items
            .iter()
            .filter(|(key, _)| has_english || *key != "parallel")
            .map(
                |(key, to)| object!({"href": rel(to), "label": t[*key].clone(), "current": *key == head.nav}),
            )
            .collect();
        let mut crumbs =
            vec![object!({"label": t["home"].clone(), "href": rel(&urls::home(lang))})];
        for (label, to) in &head.crumbs {
            crumbs.push(object!({"label": label.as_str(), "href": to.as_deref().map(rel)}));
        }
        let description = self
            .plan
            .meta
            .summary
            .as_ref()
            .map(|s| s.get(lang).clone())
            .unwrap_or_else(|| self.title(lang).to_string());
        let json = object!({
            "lang": lang.code(),
            "html_lang": lang.bcp47(),
            "bilingual": head.lang.is_none(),
            "kind": head.kind,
            "title": title,
            "page_title": head.title.as_str(),
            "site_title": site_title,
            "site_title_full": self.title(lang),
            "description": description,
            "root": urls::root_of(url),
            "home_href": rel(&urls::home(lang)),
            "canonical": self.abs(url),
            "alternates": alternates,
            "switch": switch,
            "nav": nav,
            "crumbs": if head.crumbs.is_empty() { Value::Array(vec![]) } else { Value::Array(crumbs) },
            "search": self.search,
            "search_href": rel(&urls::search(lang)),
            "t": t.clone(),
            "translation_note": lang != self.plan.meta.authoritative && head.lang.is_some(),
            "has_english": has_english,
            "live_reload_html": self.live_reload.as_str(),
        });
        match json {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        }
    }
}
