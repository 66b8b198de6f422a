//! The recognizer and resolver on any text: every mention's offsets point
//! at the text it quotes, and every place has real coordinates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tripmap::gazetteer::Gazetteer;
use tripmap::geoparse::{ParseOptions, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse(Gazetteer::embedded(), text, &ParseOptions::default());
    let chars: Vec<char> = text.chars().collect();
    for p in &parsed.places {
        assert!(p.lat.is_finite() && (-90.0..=90.0).contains(&p.lat));
        assert!(p.lon.is_finite() && (-180.0..=180.0).contains(&p.lon));
        assert!((0.0..=1.0).contains(&p.confidence));
        assert!(!p.mentions.is_empty());
        for m in &p.mentions {
            assert!(m.start < m.end && m.end <= chars.len());
            let quoted: String = chars[m.start..m.end].iter().collect();
            assert_eq!(quoted, m.text);
        }
    }
});
