//! Text handling: folding names to a canonical form, word-form variants, and
//! splitting article text into tokens with their offsets in the text as read.

mod fold;
pub mod lang;
pub mod morph;
pub mod tokens;

pub use fold::fold;
