//! PNG maps: the SVG rasterized by resvg with the fonts found on the
//! system. A label in a script that no installed font covers would come
//! out blank; it is reported instead of drawn silently empty.

use std::sync::{Arc, Mutex, OnceLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};
use skrifa::MetadataProvider;

use crate::hash::FastMap;
use crate::trip::spec::MapSpec;

/// How big the PNG is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PngOptions {
    /// Width in pixels; the height follows the map's proportions. `None`:
    /// the map's own width times `scale`.
    pub width: Option<u32>,
    /// Pixels per CSS pixel when no width is given (2 for high-density
    /// screens and print).
    pub scale: f32,
}

impl Default for PngOptions {
    fn default() -> Self {
        PngOptions {
            width: None,
            scale: 1.0,
        }
    }
}

/// Largest PNG side tripmap draws: a bigger raster is a mistake, and its
/// memory would be unbounded.
pub const MAX_SIDE: u32 = 16_000;

/// Why a PNG cannot be drawn.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PngError {
    #[error("--width/--scale: the PNG would be {0}×{1} px; at most {MAX_SIDE} on a side")]
    TooBig(u32, u32),
    #[error("--scale: must be a positive number, got {0}")]
    BadScale(f32),
    #[error("the SVG could not be read for rasterizing: {0}")]
    Svg(String),
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

/// The system's fonts, loaded once per process.
fn fonts() -> &'static Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db.set_sans_serif_family("Noto Sans");
        Arc::new(db)
    })
}

/// Whether some installed font has a glyph for `c` (answers cached).
fn covered(c: char) -> bool {
    static CACHE: OnceLock<Mutex<FastMap<char, bool>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(FastMap::default()));
    if let Some(&b) = cache.lock().ok().and_then(|m| m.get(&c).copied()).as_ref() {
        return b;
    }
    let db = fonts();
    let found = db.faces().any(|face| {
        db.with_face_data(face.id, |data, index| {
            skrifa::FontRef::from_index(data, index)
                .ok()
                .and_then(|f| f.charmap().map(c))
                .is_some()
        })
        .unwrap_or(false)
    });
    if let Ok(mut m) = cache.lock() {
        m.insert(c, found);
    }
    found
}

/// Every text the map draws.
fn map_texts(spec: &MapSpec) -> Vec<&str> {
    let mut t: Vec<&str> = vec![&spec.title, &spec.subtitle];
    t.extend(spec.route.iter().map(|s| s.name.as_str()));
    t.extend(spec.places.iter().map(|p| p.name.as_str()));
    t.extend(spec.groups.iter().map(|g| g.label.as_str()));
    t
}

/// Labels whose letters no installed font covers, one line each.
pub fn missing_glyphs(spec: &MapSpec) -> Vec<String> {
    let mut out = Vec::new();
    for text in map_texts(spec) {
        let missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .filter(|&c| !covered(c))
            .collect();
        if let Some(&c) = missing.first() {
            out.push(format!(
                "no installed font has {:?} (U+{:04X}) of the label {:?}: it would be drawn blank; \
                 install fonts for its script (Debian: fonts-noto-core, fonts-noto-cjk)",
                c, c as u32, text
            ));
        }
    }
    out
}

/// Draws the spec's SVG map as PNG bytes, with warnings for labels no
/// font can draw.
pub fn render(spec: &MapSpec, opts: PngOptions) -> Result<(Vec<u8>, Vec<String>), PngError> {
    if !(opts.scale.is_finite() && opts.scale > 0.0) {
        return Err(PngError::BadScale(opts.scale));
    }
    let (w, h) = (spec.style.width as f32, spec.style.height as f32);
    let scale = match opts.width {
        Some(px) => px as f32 / w,
        None => opts.scale,
    };
    let (pw, ph) = ((w * scale).round() as u32, (h * scale).round() as u32);
    if pw == 0 || ph == 0 || pw > MAX_SIDE || ph > MAX_SIDE {
        return Err(PngError::TooBig(pw, ph));
    }
    let svg = super::svg::render(spec);
    let usvg_opts = usvg::Options {
        fontdb: fonts().clone(),
        font_family: "Noto Sans".into(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &usvg_opts).map_err(|e| PngError::Svg(e.to_string()))?;
    let mut pixmap = tiny_skia::Pixmap::new(pw, ph).ok_or(PngError::TooBig(pw, ph))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))?;
    Ok((png, missing_glyphs(spec)))
}
