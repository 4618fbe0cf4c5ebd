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
                BlockState::Stale { .. } => out.push(
                    Diagnostic::warning(
                        Code::StaleTranslation,
                        format!(
                            "the zh text of `{}` changed after its translation was accepted",
                            pair.zh.key
                        ),
                    )
                    .at(pair.en.span, "this translation may be out of date")
                    .also(pair.zh.span, "the zh text changed")
                    .help(format!(
                        "review the en block against the zh text, then run `plandoc translate accept {}`",
                        pair.zh.key
                    )),
                ),
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
            .at(first.en.span, "first block without a recorded translation")
            .help(format!(
                "translate or review the en text, then record it with `plandoc translate accept {id}`"
            )),
        );
    }
}
