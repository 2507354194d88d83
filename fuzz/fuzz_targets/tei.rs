//! Fuzz target: see `checks::tei`. `RUSTC_BOOTSTRAP=1 cargo fuzz run tei` (FUZZING.md).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::tei(data));
