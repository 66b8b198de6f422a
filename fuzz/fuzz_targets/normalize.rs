//! The text normalizer: decoding, folding and tokenizing any bytes.
//! Folding is idempotent (the index and the lookups share one canonical
//! form) and every token's offsets point at its own text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tripmap::article::decode;
use tripmap::text::fold;
use tripmap::text::tokens::tokenize;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else { return };
    let folded = fold(&text);
    assert_eq!(fold(&folded), folded, "fold is not idempotent");
    let chars: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    let mut last_end = 0;
    for t in tokenize(&text) {
        assert!(t.start < t.end && t.end <= chars.len());
        assert!(t.start >= last_end, "tokens overlap");
        assert_eq!(&text[t.byte_start..t.byte_end], t.text);
        assert_eq!(chars[t.start], t.byte_start);
        last_end = t.end;
    }
});
