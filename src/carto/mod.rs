//! Cartography: projections, great circles, clipping, simplification and
//! label placement, as pure functions of coordinates.

pub mod clip;
pub mod labels;
pub mod projection;
pub mod sphere;
