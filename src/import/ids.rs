//! Stable, URL-readable heading IDs from the pinyin of the heading title.
//!
//! `发展成就` → `fa-zhan-cheng-jiu`: lowercase ASCII `[a-z0-9-]`, one token per Han character
//! (toneless pinyin, `ü` written `v`) or per run of Latin letters/digits, at most
//! [`MAX_SYLLABLES`] tokens, punctuation dropped. [`IdSet`] makes them unique in the plan with
//! `-2`, `-3` … in document order, so the same input always gives the same IDs.

use pinyin::ToPinyin;
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
    let mut tokens: Vec<String> = Vec::new();
    let mut latin = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            latin.push(c.to_ascii_lowercase());
            continue;
        }
        let full = full_width_alnum(c);
        if let Some(a) = full {
            latin.push(a);
            continue;
        }
        if !latin.is_empty() {
            tokens.push(std::mem::take(&mut latin));
        }
        if let Some(p) = c.to_pinyin() {
            let syllable: String = p
                .plain()
                .chars()
                .map(|x| if x == 'ü' { 'v' } else { x })
                .filter(|x| x.is_ascii_lowercase())
                .collect();
            if !syllable.is_empty() {
                tokens.push(syllable);
            }
        }
    }
    if !latin.is_empty() {
        tokens.push(latin);
    }
    tokens.truncate(max);
    tokens.join("-")
}

/// Full-width `Ａ`–`Ｚ`, `ａ`–`ｚ`, `０`–`９` as lowercase ASCII.
fn full_width_alnum(c: char) -> Option<char> {
    let u = c as u32;
    match u {
        0xFF10..=0xFF19 => char::from_u32(u - 0xFF10 + '0' as u32),
        0xFF21..=0xFF3A => char::from_u32(u - 0xFF21 + 'a' as u32),
        0xFF41..=0xFF5A => char::from_u32(u - 0xFF41 + 'a' as u32),
        _ => None,
    }
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
