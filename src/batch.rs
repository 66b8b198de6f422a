//! Many articles at once: collect inputs, geoparse them in parallel with
//! the gazetteer shared, write each output atomically.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::decode;
use crate::gazetteer::Gazetteer;
use crate::geoparse::{ParseOptions, parse};
use crate::render::geojson::collection;
use crate::render::png::PngOptions;
use crate::trip::{MapSpec, TripOptions, build_spec};

/// Output formats a batch can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    Svg,
    Png,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// Files rendered for one map: (extension, bytes), and warnings (labels no
/// installed font can draw).
pub type Rendered = (Vec<(&'static str, Vec<u8>)>, Vec<String>);

/// Renders a completed spec in each format.
pub fn render_formats(spec: &MapSpec, formats: &[Format], png: PngOptions) -> Result<Rendered, String> {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for &f in formats {
        if out.iter().any(|(e, _)| *e == f.extension()) {
            continue;
        }
        let bytes = match f {
            Format::GeoJson => serde_json::to_vec(&collection(spec)).map_err(|e| e.to_string())?,
            Format::Svg => crate::render::svg::render(spec).into_bytes(),
            Format::Png => {
                let (bytes, w) = crate::render::png::render(spec, png).map_err(|e| e.to_string())?;
                warnings.extend(w);
                bytes
            }
        };
        out.push((f.extension(), bytes));
    }
    Ok((out, warnings))
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "geojson" | "json" => Ok(Format::GeoJson),
            "svg" => Ok(Format::Svg),
            "png" => Ok(Format::Png),
            other => Err(format!("unknown format {other:?} (supported: svg, png, geojson)")),
        }
    }
}

/// One input's outcome.
#[derive(Debug)]
pub struct Outcome {
    pub input: PathBuf,
    pub result: Result<Vec<PathBuf>, String>,
    pub warnings: Vec<String>,
}

/// Every file named by `inputs`: files as given, directories walked
/// recursively in name order. Hidden files are skipped.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut seen_dirs = HashSet::new();
    for input in inputs {
        let meta = fs::metadata(input).map_err(|e| format!("{}: {e}", input.display()))?;
        if meta.is_dir() {
            walk(input, &mut out, &mut seen_dirs)?;
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>) -> Result<(), String> {
    // A symlink loop would bring us back to a directory already walked.
    let canonical = fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !seen.insert(canonical) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out, seen)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// The output stem of an input: its file name without the last extension.
pub fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || "article".to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a reader never sees a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Geoparses one article's bytes and renders the requested formats.
pub fn render_article(
    gaz: &Gazetteer,
    bytes: &[u8],
    opts: &ParseOptions,
    formats: &[Format],
) -> Result<Rendered, String> {
    let text = decode(bytes).map_err(|e| e.to_string())?;
    // A bug in one article must not take the batch down with it: it is
    // reported as that article's failure and the others go on.
    std::panic::catch_unwind(|| render_text(gaz, &text, opts, formats)).unwrap_or_else(|_| {
        Err("internal error while geoparsing (please report this input)".to_string())
    })
}

fn render_text(
    gaz: &Gazetteer,
    text: &str,
    opts: &ParseOptions,
    formats: &[Format],
) -> Result<Rendered, String> {
    let parsed = parse(gaz, text, opts);
    let trip = TripOptions {
        date: opts.date,
        ..TripOptions::default()
    };
    let mut spec = build_spec(gaz, text, &parsed, &trip);
    spec.complete(gaz).map_err(|e| e.to_string())?;
    render_formats(&spec, formats, PngOptions::default())
}

/// Runs a batch: every input to `out_dir/<stem>.geojson`. Inputs whose stems
/// collide keep their full file name.
pub fn run(
    gaz: &Gazetteer,
    inputs: &[PathBuf],
    out_dir: &Path,
    opts: &ParseOptions,
    formats: &[Format],
) -> Vec<Outcome> {
    let mut stems: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for p in inputs {
        *stems.entry(stem(p)).or_default() += 1;
    }
    let names: Vec<String> = inputs
        .iter()
        .map(|p| {
            let s = stem(p);
            if stems[&s] > 1 {
                p.file_name()
                    .map_or(s, |n| n.to_string_lossy().into_owned())
            } else {
                s
            }
        })
        .collect();
    inputs
        .par_iter()
        .zip(names.par_iter())
        .map(|(input, name)| {
            let mut warnings = Vec::new();
            let result = fs::read(input)
                .map_err(|e| e.to_string())
                .and_then(|bytes| render_article(gaz, &bytes, opts, formats))
                .and_then(|(files, w)| {
                    warnings = w;
                    let mut written = Vec::new();
                    for (ext, bytes) in files {
                        let path = out_dir.join(format!("{name}.{ext}"));
                        write_atomic(&path, &bytes)
                            .map_err(|e| format!("writing {}: {e}", path.display()))?;
                        written.push(path);
                    }
                    Ok(written)
                });
            Outcome {
                input: input.clone(),
                result,
                warnings,
            }
        })
        .collect()
}
