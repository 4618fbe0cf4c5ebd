//! The recognisers of `plandoc import` (heading systems, page footers, tables, the indicator
//! registry) on any text: no panic, and what they return lies inside their input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    plandoc::import::fuzz_recognisers(&String::from_utf8_lossy(data));
});
