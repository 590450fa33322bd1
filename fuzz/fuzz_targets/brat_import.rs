//! Fuzz target: `closeread::fuzz_entry::brat` on arbitrary bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| closeread::fuzz_entry::brat(data));
