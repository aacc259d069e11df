#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tailor::fuzzing::serve_paths(data));
