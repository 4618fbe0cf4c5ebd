//! `plandoc serve`: the live preview. The machinery (server, watcher, incremental rebuilds)
//! lives in `plandoc::serve`; this only forwards the options.

pub use plandoc::serve::Options;

pub fn run(opts: &Options) -> i32 {
    plandoc::serve::run(opts)
}
