//! plandoc's own words in both languages (everything that is not plan text), for the site,
//! the PDF editions and the Word edition alike: the PDFs' 指标索引 is the site's 指标索引.

use crate::model::{Lang, PlanMeta};
use serde_json::{Map, Value};

/// `(key, zh, en)`. Templates read them as `t.key`.
const LABELS: &[(&str, &str, &str)] = &[
    ("skip", "跳到正文", "Skip to main content"),
    ("home", "首页", "Home"),
    ("contents", "目录", "Contents"),
    ("chapters", "章节", "Chapters"),
    ("all_chapters", "全部章节", "All chapters"),
    ("previous", "上一章", "Previous"),
    ("next", "下一章", "Next"),
    ("pager", "章节导航", "Chapter navigation"),
    ("breadcrumbs", "当前位置", "Breadcrumbs"),
    ("main_nav", "主导航", "Main navigation"),
    ("targets", "指标索引", "Target index"),
    ("parallel", "中英对照", "Parallel text"),
    ("downloads", "下载", "Downloads"),
    ("search", "搜索", "Search"),
    ("search_label", "搜索规划全文", "Search the plan"),
    ("search_noscript", "搜索功能需要启用 JavaScript。也可以浏览目录和指标索引。", "Search needs JavaScript. You can also browse the contents and the target index."),
    ("search_results", "找到 {n} 处", "{n} results"),
    ("search_result_one", "找到 1 处", "1 result"),
    ("search_none", "没有找到“{q}”", "No results for “{q}”"),
    ("search_more", "更多结果", "More results"),
    ("search_busy", "正在搜索……", "Searching…"),
    ("search_failed", "搜索索引无法加载，请稍后再试。", "The search index could not be loaded; please try again later."),
    ("notice", "印发通知", "Issuing notice"),
    ("issuer", "发文机关", "Issued by"),
    ("issue_date", "发布日期", "Date of issue"),
    ("document_number", "文号", "Document number"),
    ("edition", "版本", "Edition"),
    ("summary", "概要", "Summary"),
    ("key_targets", "主要指标", "Main indicators"),
    ("all_targets", "全部指标", "All targets"),
    ("main_table", "主要指标", "Main indicators"),
    ("no", "序号", "No."),
    ("indicator", "指标", "Indicator"),
    ("unit", "单位", "Unit"),
    ("baseline", "基期值", "Baseline"),
    ("target", "目标值", "Target"),
    ("ambition", "力争", "Striving for"),
    ("year", "年份", "Year"),
    ("nature", "属性", "Nature"),
    ("area", "所属领域", "Area"),
    ("defined_in", "定义于", "Defined in"),
    ("mentioned_in", "提及于", "Mentioned in"),
    // The en note follows the place's words: it starts with its space (zh uses full-width brackets).
    ("baseline_note", "（基期值）", " (baseline)"),
    ("value", "数值", "Value"),
    ("statement", "规划原文", "Statement in the plan"),
    ("mentions", "相关表述", "Mentions"),
    ("no_mentions", "规划中没有其他提及。", "The plan mentions this target nowhere else."),
    ("progress", "监测进展", "Progress"),
    ("source", "来源", "Source"),
    ("chart", "基期值至目标值", "From baseline to target"),
    ("chart_planned", "规划路径", "planned path"),
    ("chart_recorded", "监测值", "recorded"),
    ("view_in_context", "查看上下文", "View in context"),
    ("link_here", "链接到此处", "Link to this place"),
    ("pdf_zh", "中文版 PDF", "Chinese edition (PDF)"),
    ("pdf_en", "英文版 PDF", "English edition (PDF)"),
    ("pdf_bilingual", "中英对照版 PDF", "Bilingual edition (PDF)"),
    ("pdfs", "印刷版", "Print editions"),
    ("data", "开放数据", "Open data"),
    ("data_json", "指标数据（JSON）", "Targets (JSON)"),
    ("data_csv", "指标数据（CSV）", "Targets (CSV)"),
    ("data_plan", "规划全文数据（JSON）", "The whole plan as data (JSON)"),
    ("data_note", "指标登记表，含各指标在规划文本中的定义和提及位置。", "The target registry with the places where each target is defined and mentioned in the text."),
    ("pdf_note", "与网站同源生成的印刷版本，含目录、主要指标表和指标索引。", "Print editions built from the same source, with contents, the main-indicator table and the target index."),
    ("translation_note", "", "This English text is a translation for reference. The Chinese text is authoritative."),
    ("language", "语言", "Language"),
    ("choose_language", "选择语言", "Choose a language"),
    ("not_found", "页面未找到", "Page not found"),
    ("not_found_text", "您访问的页面不存在或已移动。", "The page you asked for does not exist or has moved."),
    ("read_zh", "阅读中文版", "Read in Chinese"),
    ("read_en", "阅读英文版", "Read in English"),
    ("footer_authoritative", "本规划以中文文本为准。", "The Chinese text of this plan is authoritative."),
    ("chapter_list", "章节目录", "Chapters"),
    ("scroll_table", "可横向滚动的表格", "Scrollable table"),
    ("table", "表格", "Table"),
    ("box", "专栏", "Box"),
    ("footnote", "脚注", "Footnote"),
    ("footnotes", "脚注", "Footnotes"),
    ("fn_back", "返回正文", "Back to the text"),
    ("appendices", "附录", "Appendices"),
    ("box_list", "专栏目录", "List of Boxes"),
    ("table_list", "表目录", "List of Tables"),
    ("in_progress", "翻译中", "Translation in progress"),
    ("in_progress_chapter", "本章尚无英文译文。", "This chapter has not been translated into English yet."),
    ("in_progress_section", "本节尚无英文译文。", "This section has not been translated into English yet."),
    ("read_chinese", "阅读中文原文", "Read the Chinese text"),
    // Print: the index of targets and its page references.
    ("page", "第{}页", "p. {}"),
    ("pages", "所在页", "Pages"),
    ("index_defined", "定义", "defined"),
    ("index_baseline", "基期", "baseline"),
    ("index_mentioned", "提及", "mentioned"),
    ("index_note", "页码加粗者为目标定义所在页，其余为基期值和提及所在页。", "Bold page numbers show where a target is defined, the others where its baseline is stated or it is mentioned."),
];

/// The labels of one language as a template object.
pub fn labels(lang: Lang) -> Value {
    let mut map = Map::new();
    for (key, zh, en) in LABELS {
        let text = match lang {
            Lang::Zh => zh,
            Lang::En => en,
        };
        map.insert((*key).to_string(), Value::String((*text).to_string()));
    }
    Value::Object(map)
}

/// One label (for Rust-side rendering).
pub fn label(lang: Lang, key: &str) -> &'static str {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| match lang {
            Lang::Zh => *zh,
            Lang::En => *en,
        })
        .unwrap_or("")
}

/// `2021-12-17` → `2021年12月17日` / `17 December 2021` (shared with the PDFs).
pub fn date(iso: &str, lang: Lang) -> String {
    super::dates::long_date(iso, lang)
}

/// The title of the issuing notice (印发通知): `湘潭市人民政府办公室关于印发《…》的通知` /
/// `Notice on Issuing the …`, as the site, the PDF editions and the Word edition print it
/// (the issuer is named in Chinese only: the English form names no office).
pub fn notice_title(meta: &PlanMeta, lang: Lang) -> String {
    let title = meta.title.get(lang);
    match lang {
        Lang::Zh => format!("{}关于印发《{title}》的通知", meta.issuer.zh),
        Lang::En => format!("Notice on Issuing the {title}"),
    }
}

/// The disclosure line of the notice in parentheses, once: `此件主动公开` → `（此件主动公开）`,
/// as GB/T 9704 prints it (`(Released.)` in English).
pub fn disclosure(text: &str, lang: Lang) -> String {
    let text = text.trim();
    if text.starts_with(['（', '(']) {
        return text.to_string();
    }
    match lang {
        Lang::Zh => format!("（{text}）"),
        Lang::En => format!("({text})"),
    }
}

/// A year as a label: `2025年` / `2025`.
pub fn year(y: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{y}年"),
        Lang::En => y.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disclosure_is_parenthesised_once() {
        assert_eq!(disclosure("此件主动公开", Lang::Zh), "（此件主动公开）");
        assert_eq!(disclosure("（此件主动公开）", Lang::Zh), "（此件主动公开）");
        assert_eq!(disclosure("Released.", Lang::En), "(Released.)");
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(date("2021-12-17", Lang::Zh), "2021年12月17日");
        assert_eq!(date("2021-12-17", Lang::En), "17 December 2021");
        assert_eq!(date("soon", Lang::En), "soon");
    }

    #[test]
    fn every_label_exists_in_both_languages() {
        for (key, zh, en) in LABELS {
            assert!(!en.is_empty(), "{key}");
            assert!(!zh.is_empty() || *key == "translation_note", "{key}");
        }
    }
}
