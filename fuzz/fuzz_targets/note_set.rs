//! Fuzz target: see `checks::note_set`. `RUSTC_BOOTSTRAP=1 cargo fuzz run note_set` (FUZZING.md).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::note_set(data));
