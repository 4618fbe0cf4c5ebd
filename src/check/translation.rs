//! Translation tracking: every en block should be recorded in translations.lock against the
//! hash of the zh block it was translated from. A zh block that changed since is a stale
//! translation; blocks without an entry are reported once per chapter.

use crate::diag::{Code, Diagnostic};
use crate::model::Plan;
use crate::translate::{self, BlockState};

pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for (chapter, pairs) in translate::block_pairs(plan) {
        let mut unrecorded = Vec::new();
        for pair in &pairs {
            match translate::block_state(plan, pair) {
                BlockState::Current => {}
                BlockState::Stale { accepted, .. } => {
                    let key = &pair.zh.key;
                    let (zh_at, change) = match &accepted {
                        Some(old) => {
                            let c = translate::describe_change(old, &pair.zh.text);
                            let at = if c.inserted.is_empty() {
                                translate::lead_span(plan, pair.zh.span)
                            } else {
                                // The change with what follows it is unique where the change alone
                                // may not be (全市 twice in one sentence).
                                let found = translate::find_in_block(plan, pair.zh, &c.anchor);
                                let found = if found == pair.zh.span {
                                    translate::find_in_block(plan, pair.zh, &c.inserted)
                                } else {
                                    crate::model::Span::new(
                                        found.file,
                                        found.start,
                                        found.start + c.inserted.len(),
                                    )
                                };
                                if found == pair.zh.span {
                                    translate::lead_span(plan, pair.zh.span)
                                } else {
                                    found
                                }
                            };
                            (at, format!("the zh text was `{}`, now `{}`; ", c.old, c.new))
                        }
                        None => (
                            translate::lead_span(plan, pair.zh.span),
                            "(the lock predates recording the accepted text, so the change cannot be shown) ".to_string(),
                        ),
                    };
                    out.push(
                        Diagnostic::warning(
                            Code::StaleTranslation,
                            format!(
                                "the zh text of `{key}` changed after its translation was accepted"
                            ),
                        )
                        .at(
                            translate::lead_span(plan, pair.en.span),
                            "this translation may be out of date",
                        )
                        .also(zh_at, "the zh text changed")
                        .help(format!(
                            "{change}review the en block against the zh text, then run `plandoc translate accept {key}`"
                        )),
                    )
                }
                BlockState::Unrecorded => unrecorded.push(pair),
            }
        }
        let Some(first) = unrecorded.first() else {
            continue;
        };
        let id = chapter.id();
        let n = unrecorded.len();
        let keys: Vec<&str> = unrecorded
            .iter()
            .take(5)
            .map(|p| p.zh.key.as_str())
            .collect();
        let more = if n > keys.len() { ", …" } else { "" };
        out.push(
            Diagnostic::warning(
                Code::Untranslated,
                format!(
                    "{n} of {} en block{} of chapter `{id}` {} no recorded translation ({}{more})",
                    pairs.len(),
                    if pairs.len() == 1 { "" } else { "s" },
                    if n == 1 { "has" } else { "have" },
                    keys.join(", ")
                ),
            )
            .at(
                translate::lead_span(plan, first.en.span),
                "first block without a recorded translation",
            )
            .help(format!(
                "translate or review the en text, then record it with `plandoc translate accept {id}`"
            )),
        );
    }
}
