//! Fuzz target: see `checks::export`. `RUSTC_BOOTSTRAP=1 cargo fuzz run export` (FUZZING.md).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::export(data));
