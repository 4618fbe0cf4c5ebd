//! The shipped plan is the seed, word for word: importing the scraped seed again and reading both
//! plans as a reader sees them (tags shown as their text, Markdown markup gone) gives the same
//! Chinese blocks under the same headings. Hand edits to plan/ (English IDs, target tags,
//! translations) must never change the Chinese text.

mod common;

use common::root;
use plandoc::model::{Lang, Plan};
use std::path::PathBuf;

fn seed() -> PathBuf {
    root().join("tests/fixtures/import/xiangtan-services-plan-14th-fyp.scraped.txt")
}

/// (chapter title, heading texts, block texts) of every zh chapter, in order.
fn zh_text(plan: &Plan) -> Vec<(String, Vec<String>, Vec<String>)> {
    plan.chapters
        .iter()
        .filter_map(|p| p.get(Lang::Zh))
        .map(|c| {
            (
                c.title.clone(),
                c.headings.iter().map(|h| h.text.clone()).collect(),
                c.blocks.iter().map(|b| b.text.clone()).collect(),
            )
        })
        .collect()
}

#[test]
fn shipped_plan_is_the_seed_word_for_word() {
    let bytes = std::fs::read(seed()).expect("the seed is in tests/fixtures/import/");
    let imported = plandoc::import::import_bytes(&bytes).expect("the seed imports");
    let dir = tempfile::tempdir().unwrap();
    plandoc::import::write_plan(&imported, &dir.path().join("plan"), false).unwrap();
    let fresh = plandoc::source::load(&dir.path().join("plan"))
        .unwrap()
        .plan;
    let shipped = plandoc::source::load(&root().join("plan")).unwrap().plan;
    let (fresh, shipped) = (zh_text(&fresh), zh_text(&shipped));
    assert_eq!(fresh.len(), shipped.len(), "chapter count");
    for ((ft, fh, fb), (st, sh, sb)) in fresh.iter().zip(&shipped) {
        assert_eq!(ft, st, "chapter title");
        assert_eq!(fh, sh, "headings of {st}");
        assert_eq!(fb.len(), sb.len(), "block count of {st}");
        for (f, s) in fb.iter().zip(sb) {
            assert_eq!(f, s, "a block of {st} differs from the seed");
        }
    }
    // Markdown emphasis always closed: no literal `**` left in what readers see.
    for (title, _, blocks) in &shipped {
        for b in blocks {
            assert!(!b.contains("**"), "unclosed bold in {title}: {b}");
        }
    }
}

#[test]
fn shipped_plan_has_no_boilerplate() {
    let shipped = plandoc::source::load(&root().join("plan")).unwrap().plan;
    for (_, _, blocks) in zh_text(&shipped) {
        for b in blocks {
            for junk in [
                "欢迎浏览",
                "浏览次数",
                "Copyright",
                "版权所有",
                "ICP",
                "目   录",
            ] {
                assert!(!b.contains(junk), "boilerplate `{junk}` in: {b}");
            }
        }
    }
    assert_eq!(shipped.meta.title.zh, "湘潭市“十四五”服务业发展规划");
    assert_eq!(shipped.meta.issuer.zh, "湘潭市人民政府办公室");
    assert_eq!(shipped.meta.issue_date, "2021-12-17");
}
