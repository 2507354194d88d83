//! Fuzz target: see `checks::document`. `RUSTC_BOOTSTRAP=1 cargo fuzz run document` (FUZZING.md).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::document(data));
