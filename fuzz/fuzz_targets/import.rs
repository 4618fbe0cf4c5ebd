//! `plandoc import`: a plain-text plan (any bytes) into a plan skeleton.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = plandoc::import::import_bytes(data);
});
