//! Fuzz target: `closeread::fuzz_entry::sidecar` on arbitrary bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| closeread::fuzz_entry::sidecar(data));
