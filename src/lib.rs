//! tripmap turns a news article, in any language, into a trip map.
//!
//! The library is a pipeline of pure stages over plain data types; the
//! `tripmap` binary only reads files, calls these stages and writes files.
//!
//! ```
//! use tripmap::gazetteer::Gazetteer;
//! let gaz = Gazetteer::embedded();
//! let best = &tripmap::lookup::lookup(gaz, "Samarkand", None)[0];
//! assert_eq!(best.country, Some("UZ"));
//! ```

pub mod article;
pub mod batch;
pub mod carto;
pub mod date;
pub mod gazetteer;
pub mod geoparse;
pub mod hash;
pub mod html;
pub mod lookup;
pub mod render;
pub mod text;
pub mod trip;
