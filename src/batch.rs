//! Many articles at once: files and folders, or JSON Lines on a stream;
//! mapped in parallel with the gazetteer shared, each output written
//! atomically, a manifest of every input, resumable.
//!
//! Outputs are a pure function of each input: the same article gives the
//! same bytes whatever the number of jobs or the order of completion. Only
//! the manifest records timings.

use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::gazetteer::Gazetteer;
use crate::geoparse::ParseOptions;
use crate::render::geojson::collection;
use crate::render::png::PngOptions;
use crate::trip::{MapSpec, TripOptions, map_article};

/// Output formats a batch can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    Svg,
    Png,
    /// A QGIS project with one GeoJSON layer per geometry type.
    Qgis,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Qgis => "qgs",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "geojson" | "json" => Ok(Format::GeoJson),
            "svg" => Ok(Format::Svg),
            "png" => Ok(Format::Png),
            "qgis" | "qgs" => Ok(Format::Qgis),
            other => Err(format!(
                "unknown format {other:?} (supported: svg, png, geojson, qgis)"
            )),
        }
    }
}

/// Files rendered for one map: (file name, bytes), and warnings (labels
/// no installed font can draw).
pub type Rendered = (Vec<(String, Vec<u8>)>, Vec<String>);

/// Renders a completed spec in each format, as files named after `stem`.
pub fn render_formats(
    spec: &MapSpec,
    stem: &str,
    formats: &[Format],
    png: PngOptions,
) -> Result<Rendered, String> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut warnings = Vec::new();
    let mut done: Vec<Format> = Vec::new();
    for &f in formats {
        if done.contains(&f) {
            continue;
        }
        done.push(f);
        if f == Format::Qgis {
            out.extend(crate::render::qgis::project(spec, stem));
            continue;
        }
        let bytes = match f {
            Format::GeoJson => serde_json::to_vec(&collection(spec)).map_err(|e| e.to_string())?,
            Format::Svg => crate::render::svg::render(spec).into_bytes(),
            Format::Png => {
                let (bytes, w) =
                    crate::render::png::render(spec, png).map_err(|e| e.to_string())?;
                warnings.extend(w);
                bytes
            }
            Format::Qgis => continue,
        };
        out.push((format!("{stem}.{}", f.extension()), bytes));
    }
    Ok((out, warnings))
}

/// What a batch does with each article.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    pub formats: Vec<Format>,
    pub png: PngOptions,
    /// Skip inputs whose outputs exist and are newer than the input.
    pub resume: bool,
    /// The date of every article, unless a JSON Lines record gives its own.
    pub date: Option<Date>,
    /// Read every article as HTML (pages are also recognized by name or
    /// doctype).
    pub html: bool,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            formats: vec![Format::GeoJson],
            png: PngOptions::default(),
            resume: false,
            date: None,
            html: false,
        }
    }
}

/// What became of one input: the manifest's line.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The input file, or the record's id in JSON Lines mode.
    pub input: String,
    /// `ok`, `skipped` (resumed) or `error`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub outputs: Vec<String>,
    pub places: usize,
    /// English names of the route, origin first.
    pub route: Vec<String>,
    pub groups: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub millis: f64,
}

impl Outcome {
    fn failed(input: String, error: String) -> Outcome {
        Outcome {
            input,
            status: "error",
            error: Some(error),
            outputs: Vec::new(),
            places: 0,
            route: Vec::new(),
            groups: Vec::new(),
            warnings: Vec::new(),
            millis: 0.0,
        }
    }
}

/// An article mapped: its spec, its rendered files.
pub struct Mapped {
    pub spec: MapSpec,
    pub rendered: Rendered,
    pub places: usize,
}

/// Maps one article's text. A bug in one article must not take a batch
/// down: a panic is caught and reported as that article's failure.
pub fn map_text(
    gaz: &Gazetteer,
    text: &str,
    stem: &str,
    date: Option<Date>,
    lang: Option<String>,
    opts: &BatchOptions,
) -> Result<Mapped, String> {
    std::panic::catch_unwind(|| {
        let opts_parse = ParseOptions { date, lang };
        let trip = TripOptions {
            date,
            ..TripOptions::default()
        };
        let (parsed, mut spec) = map_article(gaz, text, &opts_parse, &trip);
        spec.complete(gaz).map_err(|e| e.to_string())?;
        let rendered = render_formats(&spec, stem, &opts.formats, opts.png)?;
        Ok(Mapped {
            places: parsed.places.len(),
            spec,
            rendered,
        })
    })
    .unwrap_or_else(|_| Err("internal error while mapping (please report this input)".to_string()))
}

/// Every file named by `inputs`: files as given, directories walked
/// recursively in name order (hidden files skipped, symlink loops walked
/// once), glob patterns (`*`, `?`) expanded. With each file, the input it
/// came from, for naming its outputs.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let mut out = Vec::new();
    let mut seen_dirs = HashSet::new();
    for input in inputs {
        let text = input.to_string_lossy();
        if !input.exists() && (text.contains('*') || text.contains('?')) {
            let matched = glob(input)?;
            if matched.is_empty() {
                return Err(format!("{}: no file matches the pattern", input.display()));
            }
            out.extend(matched.into_iter().map(|p| (p, PathBuf::new())));
            continue;
        }
        let meta = fs::metadata(input).map_err(|e| format!("{}: {e}", input.display()))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files, &mut seen_dirs)?;
            out.extend(files.into_iter().map(|p| (p, input.clone())));
        } else {
            out.push((input.clone(), PathBuf::new()));
        }
    }
    Ok(out)
}

/// Expands a pattern whose last component holds `*` or `?`.
fn glob(pattern: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = pattern
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = pattern
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if dir.to_string_lossy().contains(['*', '?']) {
        return Err(format!(
            "{}: patterns are matched in the last path component only",
            pattern.display()
        ));
    }
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| wildcard(&name, &e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    out.sort();
    Ok(out)
}

/// Whether `name` matches `pattern` (`*` any run, `?` any one char).
fn wildcard(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Iterative matching with one backtrack point: linear in practice.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
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

/// A name safe as a file name inside the output folder: no separators, no
/// control characters, not hidden, not empty, not too long.
pub fn safe_name(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    while s.starts_with('.') {
        s.remove(0);
    }
    if s.chars().count() > 150 {
        s = s.chars().take(150).collect();
    }
    if s.trim().is_empty() {
        "article".to_string()
    } else {
        s
    }
}

/// Output names for the inputs, unique: the stem where it is unique, else
/// the path below the input folder (`a/index.txt` → `a__index.txt`), else
/// with a number.
pub fn output_names(inputs: &[(PathBuf, PathBuf)]) -> Vec<String> {
    let mut count: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (p, _) in inputs {
        *count.entry(safe_name(&stem(p))).or_default() += 1;
    }
    let mut used: HashSet<String> = HashSet::new();
    inputs
        .iter()
        .map(|(p, root)| {
            let s = safe_name(&stem(p));
            let mut name = if count[&s] > 1 {
                let rel = p.strip_prefix(root).unwrap_or(p);
                let parts: Vec<String> = rel
                    .components()
                    .filter_map(|c| match c {
                        std::path::Component::Normal(x) => Some(x.to_string_lossy().into_owned()),
                        _ => None,
                    })
                    .collect();
                safe_name(&parts.join("__"))
            } else {
                s
            };
            let base = name.clone();
            let mut k = 2;
            while !used.insert(name.clone()) {
                name = format!("{base}-{k}");
                k += 1;
            }
            name
        })
        .collect()
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a reader never sees a half-written file, and an interrupted
/// run leaves either the old file or the new one. (No fsync: that guards
/// against power loss, not interruption, and would serialize a batch on
/// the disk.)
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{name}.{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether files can be created in `dir`: a batch finds out before its
/// first article, not after its last.
pub fn check_writable(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".tripmap-probe.{}", std::process::id()));
    fs::File::create(&probe)?;
    fs::remove_file(&probe)
}

/// Whether every output of `input` exists and is newer than it.
fn up_to_date(input: &Path, outputs: &[PathBuf]) -> bool {
    let Ok(src) = fs::metadata(input).and_then(|m| m.modified()) else {
        return false;
    };
    outputs.iter().all(|o| {
        fs::metadata(o)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= src)
    })
}

fn summary(mapped: &Mapped) -> (Vec<String>, Vec<String>) {
    let route = mapped
        .spec
        .route
        .iter()
        .map(|s| s.name_en.clone().unwrap_or_else(|| s.name.clone()))
        .collect();
    let groups = mapped.spec.groups.iter().map(|g| g.key.clone()).collect();
    (route, groups)
}

/// Maps every input file into `out_dir`, in parallel, calling `progress`
/// after each. Returns one outcome per input, in input order.
pub fn run(
    gaz: &Gazetteer,
    inputs: &[(PathBuf, PathBuf)],
    out_dir: &Path,
    opts: &BatchOptions,
    progress: &(dyn Fn() + Sync),
) -> Vec<Outcome> {
    let names = output_names(inputs);
    inputs
        .par_iter()
        .zip(names.par_iter())
        .map(|((input, _), name)| {
            let t = Instant::now();
            let shown = input.display().to_string();
            let targets: Vec<PathBuf> = opts
                .formats
                .iter()
                .map(|f| out_dir.join(format!("{name}.{}", f.extension())))
                .collect();
            if opts.resume && up_to_date(input, &targets) {
                progress();
                return Outcome {
                    status: "skipped",
                    outputs: targets.iter().map(|p| p.display().to_string()).collect(),
                    ..Outcome::failed(shown, String::new())
                }
                .without_error();
            }
            let result = crate::article::read(input, opts.html)
                .map_err(|e| e.to_string())
                .and_then(|text| map_text(gaz, &text, name, opts.date, None, opts))
                .and_then(|mapped| {
                    let mut written = Vec::new();
                    for (file, bytes) in &mapped.rendered.0 {
                        let path = out_dir.join(file);
                        write_atomic(&path, bytes)
                            .map_err(|e| format!("writing {}: {e}", path.display()))?;
                        written.push(path.display().to_string());
                    }
                    Ok((mapped, written))
                });
            progress();
            match result {
                Ok((mapped, outputs)) => {
                    let (route, groups) = summary(&mapped);
                    Outcome {
                        input: shown,
                        status: "ok",
                        error: None,
                        outputs,
                        places: mapped.places,
                        route,
                        groups,
                        warnings: mapped.rendered.1,
                        millis: t.elapsed().as_secs_f64() * 1e3,
                    }
                }
                Err(e) => Outcome {
                    millis: t.elapsed().as_secs_f64() * 1e3,
                    ..Outcome::failed(shown, e)
                },
            }
        })
        .collect()
}

impl Outcome {
    fn without_error(mut self) -> Outcome {
        self.error = None;
        self
    }
}

/// One article of a JSON Lines stream.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    /// The text is an HTML page (also recognized by its doctype).
    #[serde(default)]
    html: bool,
}

/// How many JSON Lines records are read and mapped at once: enough to keep
/// every core busy, few enough that memory stays flat on any stream.
const CHUNK: usize = 256;

/// Longest line read from a stream (an article of 64 MB): a longer one is
/// refused without being held in memory.
const MAX_LINE: usize = 64 << 20;

/// Totals of a stream.
#[derive(Debug, Default, PartialEq)]
pub struct StreamSummary {
    pub records: usize,
    pub failed: usize,
}

/// JSON Lines in, JSON Lines out: one result line per input line, in input
/// order, with the GeoJSON inline (or, with `out_dir`, the paths written).
/// A bad line is answered with an error line; the stream goes on.
pub fn run_jsonl(
    gaz: &Gazetteer,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    out_dir: Option<&Path>,
    opts: &BatchOptions,
) -> std::io::Result<StreamSummary> {
    let mut summary = StreamSummary::default();
    let mut line_no = 0usize;
    let mut used: HashSet<String> = HashSet::new();
    loop {
        // Read a chunk of lines.
        let mut chunk: Vec<(usize, Result<Vec<u8>, String>)> = Vec::with_capacity(CHUNK);
        while chunk.len() < CHUNK {
            let mut buf = Vec::new();
            let n = read_line_bounded(input, &mut buf)?;
            if n == 0 {
                break;
            }
            line_no += 1;
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let line = if buf.len() > MAX_LINE {
                Err(format!("line {line_no}: longer than 64 MB"))
            } else {
                Ok(buf)
            };
            chunk.push((line_no, line));
        }
        if chunk.is_empty() {
            break;
        }
        // Output names are decided in order, before the parallel work.
        let names: Vec<String> = chunk
            .iter()
            .map(|(n, line)| {
                let id = line
                    .as_ref()
                    .ok()
                    .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
                    .and_then(|v| v.get("id").cloned())
                    .map(|id| match id {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .unwrap_or_else(|| format!("line-{n}"));
                let base = safe_name(&id);
                let mut name = base.clone();
                let mut k = 2;
                while !used.insert(name.clone()) {
                    name = format!("{base}-{k}");
                    k += 1;
                }
                name
            })
            .collect();
        let results: Vec<serde_json::Value> = chunk
            .par_iter()
            .zip(names.par_iter())
            .map(|((n, line), name)| answer(gaz, *n, line, name, out_dir, opts))
            .collect();
        for r in results {
            summary.records += 1;
            if r["status"] != "ok" {
                summary.failed += 1;
            }
            serde_json::to_writer(&mut *output, &r)?;
            output.write_all(b"\n")?;
        }
        output.flush()?;
    }
    Ok(summary)
}

/// Reads one line (without its newline) into `buf`, keeping at most
/// [`MAX_LINE`] + 1 bytes of it; returns the bytes consumed.
fn read_line_bounded(input: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut consumed = 0;
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(consumed);
        }
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = (MAX_LINE + 1).saturating_sub(buf.len());
        let body = if done { take - 1 } else { take };
        buf.extend_from_slice(&available[..body.min(room)]);
        input.consume(take);
        consumed += take;
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(consumed);
        }
    }
}

fn answer(
    gaz: &Gazetteer,
    line_no: usize,
    line: &Result<Vec<u8>, String>,
    name: &str,
    out_dir: Option<&Path>,
    opts: &BatchOptions,
) -> serde_json::Value {
    let t = Instant::now();
    let fail = |id: serde_json::Value, e: String| serde_json::json!({"id": id, "line": line_no, "status": "error", "error": e});
    let bytes = match line {
        Ok(b) => b,
        Err(e) => return fail(serde_json::Value::Null, e.clone()),
    };
    let record: Record = match serde_json::from_slice(bytes) {
        Ok(r) => r,
        Err(e) => {
            let id = serde_json::from_slice::<serde_json::Value>(bytes)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(serde_json::Value::Null);
            return fail(id, format!("line {line_no}: {e}"));
        }
    };
    let date = match record.date.as_deref().map(Date::parse).transpose() {
        Ok(d) => d.or(opts.date),
        Err(e) => return fail(record.id, format!("date: {e}")),
    };
    let text = crate::article::readable(record.text, record.html || opts.html);
    let mapped = match map_text(gaz, &text, name, date, record.lang.clone(), opts) {
        Ok(m) => m,
        Err(e) => return fail(record.id, e),
    };
    let (route, groups) = summary(&mapped);
    let mut out = serde_json::json!({
        "id": record.id,
        "status": "ok",
        "places": mapped.spec.places.iter().map(|p| &p.name_en).collect::<Vec<_>>(),
        "route": route,
        "groups": groups,
    });
    if !mapped.rendered.1.is_empty() {
        out["warnings"] = serde_json::json!(mapped.rendered.1);
    }
    match out_dir {
        Some(dir) => {
            let mut written = Vec::new();
            for (file, bytes) in &mapped.rendered.0 {
                let path = dir.join(file);
                if let Err(e) = write_atomic(&path, bytes) {
                    return fail(
                        out["id"].clone(),
                        format!("writing {}: {e}", path.display()),
                    );
                }
                written.push(path.display().to_string());
            }
            out["outputs"] = serde_json::json!(written);
        }
        None => {
            if opts.formats.contains(&Format::GeoJson) {
                out["geojson"] = serde_json::to_value(collection(&mapped.spec)).unwrap_or_default();
            }
            if let Some((_, svg)) = mapped.rendered.0.iter().find(|(f, _)| f.ends_with(".svg")) {
                out["svg"] = serde_json::json!(String::from_utf8_lossy(svg));
            }
        }
    }
    out["millis"] = serde_json::json!((t.elapsed().as_secs_f64() * 1e3 * 100.0).round() / 100.0);
    out
}

/// Writes the manifest of a batch: one JSON line per input.
pub fn write_manifest(dir: &Path, outcomes: &[Outcome]) -> std::io::Result<PathBuf> {
    let mut text = Vec::new();
    for o in outcomes {
        serde_json::to_writer(&mut text, o)?;
        text.push(b'\n');
    }
    let path = dir.join("manifest.jsonl");
    write_atomic(&path, &text)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_collide_nor_escape() {
        let inputs: Vec<(PathBuf, PathBuf)> = vec![
            ("in/a/index.txt".into(), "in".into()),
            ("in/b/index.txt".into(), "in".into()),
            ("in/solo.txt".into(), "in".into()),
            ("../../etc/passwd".into(), PathBuf::new()),
            ("in/.hidden.txt".into(), "in".into()),
        ];
        let names = output_names(&inputs);
        assert_eq!(names[0], "a__index.txt");
        assert_eq!(names[1], "b__index.txt");
        assert_eq!(names[2], "solo");
        assert_eq!(names[3], "passwd");
        assert_eq!(names[4], "hidden");
        assert_eq!(safe_name("../x/y"), "_x_y");
        assert_eq!(safe_name(""), "article");
        let set: HashSet<&String> = names.iter().collect();
        assert_eq!(set.len(), names.len());
    }

    #[test]
    fn wildcards() {
        assert!(wildcard("*.txt", "a.txt"));
        assert!(!wildcard("*.txt", "a.txt.bak"));
        assert!(wildcard("a?c*", "abcdef"));
        assert!(!wildcard("a?c", "ac"));
    }

    #[test]
    fn a_stream_answers_every_line_in_order() {
        let gaz = Gazetteer::embedded();
        let input = concat!(
            "{\"id\": \"one\", \"text\": \"The minister arrived in Nairobi from Addis Ababa.\"}\n",
            "not json\n",
            "\n",
            "{\"id\": 3, \"text\": \"Talks in Samarkand.\", \"date\": \"2022-09-14\"}\r\n",
            "{\"id\": \"bad date\", \"text\": \"x\", \"date\": \"yesterday\"}\n",
        );
        let mut out = Vec::new();
        let s = run_jsonl(
            gaz,
            &mut input.as_bytes(),
            &mut out,
            None,
            &BatchOptions::default(),
        )
        .unwrap();
        assert_eq!(
            s,
            StreamSummary {
                records: 4,
                failed: 2
            }
        );
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["id"], "one");
        assert_eq!(
            lines[0]["route"],
            serde_json::json!(["Addis Ababa", "Nairobi"])
        );
        assert_eq!(lines[0]["geojson"]["type"], "FeatureCollection");
        assert_eq!(lines[1]["status"], "error");
        assert_eq!(lines[1]["line"], 2);
        assert_eq!(lines[2]["id"], 3);
        assert_eq!(lines[2]["places"], serde_json::json!(["Samarkand"]));
        assert_eq!(lines[3]["status"], "error");
        assert!(lines[3]["error"].as_str().unwrap().starts_with("date:"));
    }
}
