#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tailor::fuzzing::markdown_links(data));
