//! A fast hasher for the small string keys of the lexicons: a word (eight
//! bytes) at a time, multiplied in, mixed once at the end.
//!
//! The standard SipHash resists hash flooding, which matters for keys an
//! attacker chooses; here every map is keyed by the project's own data or by
//! words the geoparser looks up, and the default hasher cost a sixth of all
//! geoparsing time.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are words and short byte strings: hashed eight bytes per multiply
/// (a byte-at-a-time hash is a chain of one multiply per byte, and the
/// keys of a geoparse are looked up millions of times), with one mixing
/// step at the end so that both ends of the hash, which the table uses
/// (low bits for the slot, high bits for the tag), depend on every byte.
#[derive(Clone, Copy)]
pub struct WordHasher(u64);

/// An odd constant with bits spread over the word (the fractional part of
/// the golden ratio).
const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl Default for WordHasher {
    fn default() -> WordHasher {
        WordHasher(0x243f_6a88_85a3_08d3)
    }
}

impl WordHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(K).rotate_left(23);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn finish(&self) -> u64 {
        let h = self.0;
        let h = (h ^ (h >> 32)).wrapping_mul(K);
        h ^ (h >> 29)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The tail, zero-padded, with its length in the top byte: "a"
            // and "a\0" differ.
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i) | 1 << 63);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// A `HashMap` with [`WordHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
/// A `HashSet` with [`WordHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_and_differ_by_key() {
        let mut m: FastMap<&str, u32> = FastMap::default();
        m.insert("paris", 1);
        m.insert("sirap", 2);
        assert_eq!(m["paris"], 1);
        assert_eq!(m["sirap"], 2);
        let hash = |bytes: &[u8]| {
            let mut h = WordHasher::default();
            h.write(bytes);
            h.finish()
        };
        assert_ne!(hash(b"ab"), hash(b"ba"));
        assert_ne!(hash(b"a"), hash(b"a\0"));
        assert_ne!(hash(b"abcdefgh"), hash(b"abcdefgh\0"));
        // Words that differ in a letter or two spread over the slots (low
        // bits) and the tags (top seven bits) alike.
        let words: Vec<String> = (0..4096).map(|i| format!("town{i}")).collect();
        let slots: FastSet<u64> = words.iter().map(|w| hash(w.as_bytes()) & 4095).collect();
        let tags: FastSet<u64> = words.iter().map(|w| hash(w.as_bytes()) >> 57).collect();
        assert!(slots.len() > 2400, "{} of 4096 slots", slots.len());
        assert_eq!(tags.len(), 128);
    }
}
