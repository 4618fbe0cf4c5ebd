//! `plandoc serve`: the live preview. The machinery (server, watcher, incremental rebuilds)
//! lives in `crate::serve`; this only forwards the options.

pub use crate::serve::Options;

pub fn run(opts: &Options) -> i32 {
    crate::serve::run(opts)
}
