//! Stable, URL-readable heading IDs from the pinyin of the heading title.
//!
//! `发展成就` → `fa-zhan-cheng-jiu`: lowercase ASCII `[a-z0-9-]`, one token per Han character
//! (toneless pinyin, `ü` written `v`) or per run of Latin letters/digits, at most
//! [`MAX_SYLLABLES`] tokens, punctuation dropped. [`IdSet`] makes them unique in the plan with
//! `-2`, `-3` … in document order, so the same input always gives the same IDs.

use std::collections::BTreeSet;

/// At most this many syllables (or Latin/digit tokens) per ID.
pub(super) const MAX_SYLLABLES: usize = 4;

/// The pinyin slug of a title (numbering already removed); empty when the title has neither Han
/// characters nor ASCII letters/digits.
#[cfg(test)]
pub(super) fn slug(title: &str) -> String {
    slug_n(title, MAX_SYLLABLES)
}

/// [`slug`] with at most `max` tokens.
pub(super) fn slug_n(title: &str, max: usize) -> String {
    crate::text::slug(title, max)
}

/// The IDs handed out so far in one plan.
#[derive(Debug, Default)]
pub(super) struct IdSet {
    used: BTreeSet<String>,
}

impl IdSet {
    /// Reserves an ID as is (e.g. `preamble`).
    pub(super) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// A unique ID for `title`: its [`slug`] (or `fallback` when the slug is empty), with `-2`,
    /// `-3` … appended when already taken.
    pub(super) fn unique(&mut self, title: &str, fallback: &str) -> String {
        self.unique_n(title, fallback, MAX_SYLLABLES)
    }

    /// `base` itself (already an ID), with `-2`, `-3` … appended when taken.
    pub(super) fn unique_id(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut n = 2;
        while self.used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }

    /// [`IdSet::unique`] with at most `max` syllables.
    pub(super) fn unique_n(&mut self, title: &str, fallback: &str, max: usize) -> String {
        let mut base = slug_n(title, max);
        if base.is_empty() {
            base = fallback.to_string();
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }
}
