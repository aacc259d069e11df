#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tailor_jpeg::fuzzing::encode_decode(data));
