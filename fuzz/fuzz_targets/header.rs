#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| chidao_fuzz::header(data));
