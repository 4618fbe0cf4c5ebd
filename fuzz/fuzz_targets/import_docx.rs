//! `plandoc import FILE.docx`: any bytes as a .docx package, or (text not starting with `PK`)
//! the package's XML parts separated by U+0001, read without the zip.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    plandoc::import::fuzz_docx(data);
});
