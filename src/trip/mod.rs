//! From places to a trip: the itinerary ([`itinerary`]), read with cue
//! words ([`cues`]) and dates ([`calendar`]), and the editable map spec
//! ([`spec`]) that the renderers draw.

pub mod calendar;
pub mod cues;
pub mod itinerary;
pub mod spec;
mod text;

pub use itinerary::{Itinerary, infer};
pub use spec::{MapSpec, SpecError, TripOptions, build_spec, map_article};
