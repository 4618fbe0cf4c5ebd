//! The index files of one language: what the search page's script fetches.
//!
//! `pagefind/{lang}/`:
//! - `meta.json`: `{"format": 1, "version": "…", "files": K, "blocks": B, "chunks": [s₀, s₁, …],
//!   "pages": [Δ…], "strong": [Δ, w, …]}` — `version` is a hash of every other file (the script
//!   asks for `t/3.json?v=…`, so a browser never mixes files of two builds), `chunks` the first
//!   block of each block file, `pages` the first block of each page (each less the one before),
//!   `strong` the blocks that weigh more than text (a page's title 3, a heading 2), each less
//!   the one before, with its weight: so the script groups and ranks hits before it fetches
//!   any block.
//! - `t/{k}.json` (`k` < K): the terms whose key ([`terms::key`]) falls in file `k`
//!   ([`terms::file_of`]), each with its postings: for each block holding it, in block order,
//!   the block number less the previous one, the count of positions, the first position, and
//!   each further position less the one before (`{"服务": [0, 2, 5, 9, 3, 1, 0]}`).
//! - `b/{c}.json`: the blocks from `chunks[c]` on: `{"pages": [[url, title], …], "blocks":
//!   [[page, anchor, heading, text, weight], …]}`, `page` an index into `pages`.
//!
//! Everything is sorted, so the files depend only on the pages.

use super::extract::SearchPage;
use crate::text::terms;
use rustc_hash::FxHashMap;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// About how many bytes one file holds: a term file its postings (fewer files for a small
/// plan, more for a large one; a query fetches one file per term), a block file its text (a
/// page of results fetches a few).
pub const FILE_BYTES: usize = 48 * 1024;

/// The index's format, which the script checks.
pub const FORMAT: u32 = 1;

/// Makes the files of one language's index, each handed to `emit` (path relative to the index
/// folder, contents) as soon as it is made, `meta.json` last.
pub fn build<E>(
    pages: &[&SearchPage],
    file_bytes: usize,
    mut emit: impl FnMut(String, String) -> Result<(), E>,
) -> Result<(), E> {
    // Postings: term → flat (block, position) pairs, blocks in order.
    let mut postings: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut block = 0u32;
    // The first block of each page, and the blocks of weight above 1, delta-coded.
    let (mut page_starts, mut strong) = (Vec::new(), Vec::new());
    let (mut last_page, mut last_strong) = (0, 0);
    for page in pages {
        page_starts.push(block - last_page);
        last_page = block;
        for b in &page.blocks {
            if b.weight > 1 {
                strong.extend([block - last_strong, u32::from(b.weight)]);
                last_strong = block;
            }
            terms::terms(&b.text, 0, |term, pos| match postings.get_mut(term) {
                Some(list) => list.extend([block, pos]),
                None => {
                    postings.insert(term.to_string(), vec![block, pos]);
                }
            });
            block += 1;
        }
    }
    let blocks = block;
    let entries: usize = postings.values().map(|l| l.len()).sum();
    // About 4 bytes of JSON a number once delta-coded.
    let files = (entries * 4).div_ceil(file_bytes.max(1)).max(1) as u32;
    let mut by_file: Vec<Vec<(String, Vec<u32>)>> = vec![Vec::new(); files as usize];
    for (term, list) in postings {
        by_file[terms::file_of(terms::key(&term), files) as usize].push((term, list));
    }
    let mut hash = Sha256::new();
    let mut out = |path: String, text: String| {
        hash.update(path.as_bytes());
        hash.update([0]);
        hash.update(text.as_bytes());
        hash.update([0]);
        emit(path, text)
    };
    for (k, list) in by_file.iter_mut().enumerate() {
        let mut list = std::mem::take(list);
        list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut text = String::from("{");
        for (i, (term, pairs)) in list.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&Value::from(term.as_str()).to_string());
            text.push_str(":[");
            encode(pairs, &mut text);
            text.push(']');
        }
        text.push('}');
        drop(list);
        out(format!("t/{k}.json"), text)?;
    }
    let chunks = block_files(pages, file_bytes, &mut out)?;
    let version: String = hash.finalize()[..8].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    let meta = json!({
        "format": FORMAT,
        "version": version,
        "files": files,
        "blocks": blocks,
        "chunks": chunks,
        "pages": page_starts,
        "strong": strong,
    });
    emit("meta.json".to_string(), meta.to_string())
}

/// A term's (block, position) pairs as the delta-coded list described above.
fn encode(pairs: &[u32], text: &mut String) {
    let mut previous_block = 0;
    let mut i = 0;
    let mut first = true;
    while i < pairs.len() {
        let block = pairs[i];
        let mut j = i;
        while j < pairs.len() && pairs[j] == block {
            j += 2;
        }
        let count = (j - i) / 2;
        if !first {
            text.push(',');
        }
        first = false;
        let _ = write!(text, "{},{}", block - previous_block, count);
        let mut previous = 0;
        for (n, pair) in pairs[i..j].chunks_exact(2).enumerate() {
            let pos = pair[1];
            let _ = write!(text, ",{}", if n == 0 { pos } else { pos - previous });
            previous = pos;
        }
        previous_block = block;
        i = j;
    }
}

/// Hands the block files to `out`; returns the first block of each.
fn block_files<E>(
    pages: &[&SearchPage],
    file_bytes: usize,
    out: &mut impl FnMut(String, String) -> Result<(), E>,
) -> Result<Vec<u32>, E> {
    /// The block file being filled.
    #[derive(Default)]
    struct Chunk {
        pages: Vec<Value>,
        /// The last page added (its position in `pages` of the plan, and in the chunk's).
        last: Option<(usize, usize)>,
        rows: Vec<Value>,
        size: usize,
    }
    fn flush<E>(
        chunk: &mut Chunk,
        out: &mut impl FnMut(String, String) -> Result<(), E>,
        number: usize,
    ) -> Result<(), E> {
        let file = json!({ "pages": chunk.pages, "blocks": chunk.rows });
        *chunk = Chunk::default();
        out(format!("b/{number}.json"), file.to_string())
    }
    let mut starts = Vec::new();
    let mut block = 0u32;
    let mut chunk = Chunk::default();
    for (p, page) in pages.iter().enumerate() {
        for b in &page.blocks {
            if chunk.rows.is_empty() {
                starts.push(block);
            }
            let local = match chunk.last {
                Some((last, local)) if last == p => local,
                _ => {
                    chunk.pages.push(json!([page.url, page.title]));
                    chunk.last = Some((p, chunk.pages.len() - 1));
                    chunk.pages.len() - 1
                }
            };
            chunk.size += b.text.len() + b.heading.len() + b.anchor.len() + 16;
            chunk
                .rows
                .push(json!([local, b.anchor, b.heading, b.text, b.weight]));
            block += 1;
            if chunk.size >= file_bytes {
                flush(&mut chunk, out, starts.len() - 1)?;
            }
        }
    }
    if !chunk.rows.is_empty() {
        flush(&mut chunk, out, starts.len() - 1)?;
    }
    Ok(starts)
}

#[cfg(test)]
mod tests {
    use super::super::extract::Block;
    use super::*;

    fn page(url: &str, texts: &[&str]) -> SearchPage {
        SearchPage {
            url: url.into(),
            title: format!("title of {url}"),
            blocks: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Block {
                    anchor: format!("b-{i}"),
                    heading: String::new(),
                    text: t.to_string(),
                    weight: 1,
                })
                .collect(),
        }
    }

    #[test]
    fn postings_are_delta_coded() {
        let mut text = String::new();
        // Block 0 at 5 and 9, block 3 at 1, block 4 at 0 and 2.
        encode(&[0, 5, 0, 9, 3, 1, 4, 0, 4, 2], &mut text);
        assert_eq!(text, "0,2,5,4,3,1,1,1,2,0,2");
    }

    /// The files of an index, sorted by name.
    fn build_all(pages: &[&SearchPage], file_bytes: usize) -> Vec<(String, String)> {
        let mut files = Vec::new();
        build(pages, file_bytes, |name, text| {
            files.push((name, text));
            Ok::<(), ()>(())
        })
        .unwrap();
        files.sort();
        files
    }

    #[test]
    fn one_language_index() {
        let a = page("zh/a/", &["服务业增加值", "现代物流"]);
        let b = page("zh/b/", &["服务业"]);
        let files = build_all(&[&a, &b], FILE_BYTES);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["b/0.json", "meta.json", "t/0.json"]);
        let get = |n: &str| -> Value {
            serde_json::from_str(&files.iter().find(|(f, _)| f == n).unwrap().1).unwrap()
        };
        let meta = get("meta.json");
        assert_eq!(meta["blocks"], 3);
        assert_eq!(meta["files"], 1);
        assert_eq!(meta["chunks"], json!([0]));
        assert_eq!(meta["pages"], json!([0, 2]));
        assert_eq!(meta["strong"], json!([]));
        let t = get("t/0.json");
        // 服务 at position 0 of blocks 0 and 2.
        assert_eq!(t["服务"], json!([0, 1, 0, 2, 1, 0]));
        assert_eq!(t["物流"], json!([1, 1, 2]));
        let blocks = get("b/0.json");
        assert_eq!(
            blocks["pages"],
            json!([["zh/a/", "title of zh/a/"], ["zh/b/", "title of zh/b/"]])
        );
        assert_eq!(blocks["blocks"][2], json!([1, "b-0", "", "服务业", 1]));
        // The same pages, the same files; another text, another version.
        assert_eq!(build_all(&[&a, &b], FILE_BYTES), files);
        let c = page("zh/b/", &["服务"]);
        assert_ne!(build_all(&[&a, &c], FILE_BYTES)[1].1, files[1].1);
    }
}
