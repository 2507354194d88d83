//! Fuzz target: see `checks::pdf`. `RUSTC_BOOTSTRAP=1 cargo fuzz run pdf` (FUZZING.md).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::pdf(data));
