#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tailor::fuzzing::affiliates_yaml(data));
