//! Writers: pure functions from resolved data to the bytes of an output
//! file.

pub mod geojson;
pub mod png;
pub mod qgis;
pub mod svg;
