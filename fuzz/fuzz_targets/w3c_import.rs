//! Fuzz target: `closeread::fuzz_entry::w3c` on arbitrary bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| closeread::fuzz_entry::w3c(data));
