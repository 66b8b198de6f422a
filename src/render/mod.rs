//! Writers: pure functions from resolved data to the bytes of an output
//! file.

pub mod geojson;
pub mod svg;
pub mod png;
pub mod qgis;
