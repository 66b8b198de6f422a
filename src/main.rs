//! The `tripmap` command line: parses arguments, calls the library, prints,
//! and maps errors to exit codes (0 ok, 1 nothing found or some inputs
//! failed, 2 usage or input error).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use std::path::{Path, PathBuf};

use tripmap::article::{decode, read_bytes};
use tripmap::batch::{self, Format};
use tripmap::date::Date;
use tripmap::gazetteer::Gazetteer;
use tripmap::geoparse::{ParseOptions, parse};
use tripmap::lookup::{Candidate, lookup};
use tripmap::render::png::PngOptions;
use tripmap::trip::{MapSpec, TripOptions, map_article};

/// The allocator: geoparsing makes many small strings and vectors per
/// article, and mimalloc serves them in about half the instructions of the
/// system allocator (a GeoJSON batch takes 15% fewer instructions).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Longest name `lookup` accepts: far longer than any place name, short
/// enough that a pasted article fails fast with a clear message.
const MAX_NAME_CHARS: usize = 200;

#[derive(Parser)]
#[command(
    name = "tripmap",
    version,
    about = "Turn a news article, in any language, into a trip map"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find and resolve the places an article mentions.
    Places {
        /// The article: a UTF-8 text file.
        article: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// The article's date (YYYY-MM-DD), for names that changed.
        #[arg(long)]
        date: Option<String>,
        /// The article's language (ISO 639-1), instead of detecting it.
        #[arg(long)]
        lang: Option<String>,
        /// Read the article as an HTML page: its text, without markup,
        /// scripts or navigation (automatic for .html files and pages that
        /// start with a doctype).
        #[arg(long)]
        html: bool,
    },
    /// Map many articles: files, folders (walked), glob patterns, or `-`
    /// for JSON Lines on standard input ({"id", "text", "date"?, "lang"?, "html"?}
    /// per line), answered with JSON Lines on standard output.
    Batch {
        /// Files, directories, patterns, or `-`.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output directory (created if missing). Optional with `-`: the
        /// GeoJSON (and SVG) then come inline in the answers.
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Comma-separated output formats.
        #[arg(long, default_value = "geojson", value_delimiter = ',')]
        format: Vec<Format>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// Skip inputs whose outputs are complete and newer.
        #[arg(long)]
        resume: bool,
        /// The articles' date (YYYY-MM-DD), unless a record gives its own.
        #[arg(long)]
        date: Option<String>,
        /// Read every article as an HTML page (automatic for .html files
        /// and pages that start with a doctype).
        #[arg(long)]
        html: bool,
        #[command(flatten)]
        png: PngArgs,
    },
    /// Work out an article's trip and print its map spec (JSON).
    Extract {
        /// The article: a UTF-8 text file.
        article: PathBuf,
        #[command(flatten)]
        trip: TripArgs,
        /// Print the reasons for each choice instead of the spec.
        #[arg(long)]
        explain: bool,
    },
    /// Draw a map spec (from `extract`, possibly edited) into OUT.
    Render {
        /// The map spec (JSON).
        spec: PathBuf,
        /// Output directory (created if missing).
        #[arg(short, long, default_value = "output")]
        out: PathBuf,
        /// Comma-separated output formats.
        #[arg(long, default_value = "svg,geojson", value_delimiter = ',')]
        format: Vec<Format>,
        /// Label language, instead of the spec's.
        #[arg(long)]
        labels: Option<String>,
        #[command(flatten)]
        png: PngArgs,
    },
    /// Extract and render in one step: OUT/<stem>.svg and OUT/<stem>.geojson.
    Map {
        /// The article: a UTF-8 text file.
        article: PathBuf,
        /// Output directory (created if missing).
        #[arg(short, long, default_value = "output")]
        out: PathBuf,
        /// Comma-separated output formats.
        #[arg(long, default_value = "svg,geojson", value_delimiter = ',')]
        format: Vec<Format>,
        #[command(flatten)]
        trip: TripArgs,
        #[command(flatten)]
        png: PngArgs,
    },
    /// List the places a name can mean, best first.
    Lookup {
        /// A place, demonym or organisation name, in any language or script.
        name: String,
        /// Print a JSON array of candidates.
        #[arg(long)]
        json: bool,
        /// Rank names in use on this date first (YYYY-MM-DD); also the date
        /// of an organisation's member list.
        #[arg(long)]
        date: Option<String>,
        /// How many candidates to print at most.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

/// The size of PNG output.
#[derive(clap::Args)]
struct PngArgs {
    /// PNG width in pixels (the height keeps the map's proportions).
    #[arg(long)]
    width: Option<u32>,
    /// PNG pixels per map pixel, when no width is given.
    #[arg(long, default_value_t = 1.0)]
    scale: f32,
}

impl PngArgs {
    fn options(&self) -> PngOptions {
        PngOptions {
            width: self.width,
            scale: self.scale,
        }
    }
}

/// What the user may say about a trip.
#[derive(clap::Args)]
struct TripArgs {
    /// The article's date (YYYY-MM-DD): names and memberships of that day.
    #[arg(long)]
    date: Option<String>,
    /// The article's language (ISO 639-1), instead of detecting it.
    #[arg(long)]
    lang: Option<String>,
    /// Label language (ISO 639-1); the article's by default.
    #[arg(long)]
    labels: Option<String>,
    /// The route, origin first: "Beijing > Nur-Sultan > Samarkand".
    #[arg(long)]
    route: Option<String>,
    /// Organisations whose members to shade, instead of the inferred one
    /// (comma-separated: "SCO", "NATO,EU").
    #[arg(long, value_delimiter = ',')]
    highlight: Option<Vec<String>>,
    /// Read the article as an HTML page: its text, without markup, scripts
    /// or navigation (automatic for .html files and pages that start with
    /// a doctype).
    #[arg(long)]
    html: bool,
}

fn main() -> ExitCode {
    // A bug must still read as one line, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string().replace('\n', " ");
        eprintln!("tripmap: internal error: {msg}");
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tripmap: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Lookup {
            name,
            json,
            date,
            limit,
        } => run_lookup(&name, json, date.as_deref(), limit),
        Command::Places {
            article,
            json,
            date,
            lang,
            html,
        } => run_places(&article, json, date.as_deref(), lang, html),
        Command::Extract {
            article,
            trip,
            explain,
        } => run_extract(&article, &trip, explain),
        Command::Render {
            spec,
            out,
            format,
            labels,
            png,
        } => run_render(&spec, &out, &format, labels, png.options()),
        Command::Map {
            article,
            out,
            format,
            trip,
            png,
        } => run_map(&article, &out, &format, &trip, png.options()),
        Command::Batch {
            inputs,
            out,
            format,
            jobs,
            resume,
            date,
            html,
            png,
        } => {
            let opts = batch::BatchOptions {
                formats: format,
                png: png.options(),
                resume,
                date: date
                    .as_deref()
                    .map(Date::parse)
                    .transpose()
                    .context("--date")?,
                html,
            };
            run_batch(&inputs, out.as_deref(), &opts, jobs)
        }
    }
}

fn run_lookup(name: &str, json: bool, date: Option<&str>, limit: usize) -> Result<ExitCode> {
    if name.trim().is_empty() {
        bail!("lookup: the name is empty");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        bail!(
            "lookup: the name is {} characters long; names are at most {MAX_NAME_CHARS}",
            name.chars().count()
        );
    }
    let date = date
        .map(Date::parse)
        .transpose()
        .context("lookup: --date")?;
    let gaz = Gazetteer::embedded();
    let mut found = lookup(gaz, name, date);
    found.truncate(limit);
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &found)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        print_candidates(&mut out, &found)
    };
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.context("writing to standard output")?,
    }
    Ok(if found.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Ignores a closed pipe (`tripmap places a.txt | head`): not an error.
fn finish_output(r: std::io::Result<()>) -> Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

fn parse_options(date: Option<&str>, lang: Option<String>) -> Result<ParseOptions> {
    let date = date.map(Date::parse).transpose().context("--date")?;
    Ok(ParseOptions { date, lang })
}

fn read_article(path: &Path, html: bool) -> Result<String> {
    tripmap::article::read(path, html).with_context(|| format!("{}", path.display()))
}

fn run_places(
    path: &Path,
    json: bool,
    date: Option<&str>,
    lang: Option<String>,
    html: bool,
) -> Result<ExitCode> {
    let opts = parse_options(date, lang)?;
    let text = read_article(path, html)?;
    let gaz = Gazetteer::embedded();
    let parsed = parse(gaz, &text, &opts);
    let mut out = std::io::stdout().lock();
    let r = if json {
        serde_json::to_writer_pretty(&mut out, &parsed)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        (|| {
            for p in &parsed.places {
                let spans = spellings(p.mentions.iter().map(|m| match m.via {
                    Some(v) => format!("{} ({v})", m.text),
                    None => m.text.clone(),
                }));
                writeln!(
                    out,
                    "{}  {}  [{}]  {}  {:.4}, {:.4}  conf {:.2}  <- {}",
                    p.id,
                    p.name_en,
                    p.kind.as_str(),
                    p.country.unwrap_or("-"),
                    p.lat,
                    p.lon,
                    p.confidence,
                    spans
                )?;
            }
            for o in &parsed.organisations {
                let spans = spellings(o.mentions.iter().map(|m| m.text.clone()));
                writeln!(out, "{}  {}  [organisation]  <- {}", o.id, o.name_en, spans)?;
            }
            Ok(())
        })()
    };
    finish_output(r)?;
    Ok(ExitCode::SUCCESS)
}

/// A place's spellings in the article, each once in order of first use,
/// with a count when it recurs: "Kyiv ×3 | Kiev".
fn spellings(mentions: impl Iterator<Item = String>) -> String {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for m in mentions {
        match seen.iter_mut().find(|(s, _)| *s == m) {
            Some((_, n)) => *n += 1,
            None => seen.push((m, 1)),
        }
    }
    seen.iter()
        .map(|(s, n)| {
            if *n > 1 {
                format!("{s} ×{n}")
            } else {
                s.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The article's map spec, completed.
fn extract_spec(path: &Path, args: &TripArgs) -> Result<MapSpec> {
    let opts = parse_options(args.date.as_deref(), args.lang.clone())?;
    let route = match &args.route {
        Some(r) => {
            let names: Vec<String> = r
                .split('>')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if names.len() < 2 {
                bail!("--route: give at least two places separated by '>', got {r:?}");
            }
            Some(names)
        }
        None => None,
    };
    let text = read_article(path, args.html)?;
    let gaz = Gazetteer::embedded();
    let trip = TripOptions {
        date: opts.date,
        labels: args.labels.clone(),
        route,
        highlight: args.highlight.clone(),
    };
    let (_, mut spec) = map_article(gaz, &text, &opts, &trip);
    spec.complete(gaz)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(spec)
}

fn run_extract(path: &Path, args: &TripArgs, explain: bool) -> Result<ExitCode> {
    let spec = extract_spec(path, args)?;
    let mut out = std::io::stdout().lock();
    let r = if explain {
        (|| {
            writeln!(out, "{}", spec.title)?;
            if !spec.subtitle.is_empty() {
                writeln!(out, "{}", spec.subtitle)?;
            }
            for line in &spec.explain {
                writeln!(out, "- {line}")?;
            }
            for line in &spec.warnings {
                writeln!(out, "! {line}")?;
            }
            Ok(())
        })()
    } else {
        serde_json::to_writer_pretty(&mut out, &spec)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    };
    finish_output(r)?;
    Ok(ExitCode::SUCCESS)
}

fn read_spec(path: &Path) -> Result<MapSpec> {
    let bytes = read_bytes(path).with_context(|| format!("{}", path.display()))?;
    let text = decode(&bytes).with_context(|| format!("{}", path.display()))?;
    let mut spec = MapSpec::from_json(text.trim_start_matches('\u{feff}'))
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    spec.complete(Gazetteer::embedded())
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(spec)
}

fn run_render(
    path: &Path,
    out: &Path,
    formats: &[Format],
    labels: Option<String>,
    png: PngOptions,
) -> Result<ExitCode> {
    let mut spec = read_spec(path)?;
    if let Some(l) = labels {
        tripmap::trip::spec::relabel(&mut spec, Gazetteer::embedded(), &l);
    }
    write_outputs(&spec, &batch::stem(path), out, formats, png)?;
    Ok(ExitCode::SUCCESS)
}

fn run_map(
    path: &Path,
    out: &Path,
    formats: &[Format],
    args: &TripArgs,
    png: PngOptions,
) -> Result<ExitCode> {
    let spec = extract_spec(path, args)?;
    write_outputs(&spec, &batch::stem(path), out, formats, png)?;
    Ok(ExitCode::SUCCESS)
}

/// Renders every format first, then writes them: a failure leaves no
/// partial set of files behind.
fn write_outputs(
    spec: &MapSpec,
    stem: &str,
    out: &Path,
    formats: &[Format],
    png: PngOptions,
) -> Result<()> {
    let (rendered, warnings) =
        batch::render_formats(spec, stem, formats, png).map_err(anyhow::Error::msg)?;
    for w in warnings {
        eprintln!("tripmap: warning: {w}");
    }
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create the output directory", out.display()))?;
    for (file, bytes) in rendered {
        let path = out.join(file);
        batch::write_atomic(&path, &bytes).with_context(|| format!("{}", path.display()))?;
        eprintln!("tripmap: wrote {}", path.display());
    }
    Ok(())
}

fn run_batch(
    inputs: &[PathBuf],
    out: Option<&Path>,
    opts: &batch::BatchOptions,
    jobs: Option<usize>,
) -> Result<ExitCode> {
    if let Some(n) = jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("--jobs")?;
    }
    if let Some(out) = out {
        std::fs::create_dir_all(out)
            .with_context(|| format!("{}: cannot create the output directory", out.display()))?;
        batch::check_writable(out)
            .with_context(|| format!("{}: cannot write to the output directory", out.display()))?;
    }
    let gaz = Gazetteer::embedded();
    if inputs.len() == 1 && inputs[0].as_os_str() == "-" {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let stdout = std::io::stdout();
        let mut output = std::io::BufWriter::new(stdout.lock());
        let summary = match batch::run_jsonl(gaz, &mut input, &mut output, out, opts) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            other => other.context("standard input/output")?,
        };
        if summary.failed > 0 {
            eprintln!(
                "tripmap: {} records, {} failed",
                summary.records, summary.failed
            );
            return Ok(ExitCode::from(1));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if inputs.iter().any(|i| i.as_os_str() == "-") {
        bail!("batch: '-' (JSON Lines on standard input) cannot be mixed with files");
    }
    let Some(out) = out else {
        bail!("batch: give an output directory with -o DIR");
    };
    let files = batch::collect_inputs(inputs).map_err(anyhow::Error::msg)?;
    let bar = progress_bar(files.len() as u64);
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let outcomes = batch::run(gaz, &files, out, opts, &tick);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let manifest = batch::write_manifest(out, &outcomes)
        .with_context(|| format!("{}: writing the manifest", out.display()))?;
    let (mut failed, mut skipped) = (0, 0);
    for o in &outcomes {
        for w in &o.warnings {
            eprintln!("tripmap: {}: warning: {w}", o.input);
        }
        match o.status {
            "error" => {
                failed += 1;
                eprintln!(
                    "tripmap: {}: {}",
                    o.input,
                    o.error.as_deref().unwrap_or("failed")
                );
            }
            "skipped" => skipped += 1,
            _ => {}
        }
    }
    eprintln!(
        "tripmap: {} articles, {} written, {skipped} up to date, {failed} failed; manifest {}",
        outcomes.len(),
        outcomes.len() - failed - skipped,
        manifest.display()
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A progress bar with rate and time left, on a terminal only: logs and
/// pipes get the summary line alone.
fn progress_bar(len: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} articles  {per_sec}  {eta} left",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

fn print_candidates(out: &mut impl Write, found: &[Candidate]) -> std::io::Result<()> {
    for (i, c) in found.iter().enumerate() {
        let coords = match (c.lat, c.lon) {
            (Some(lat), Some(lon)) => format!("{lat:.4}, {lon:.4}"),
            _ => "-".to_string(),
        };
        let mut where_ = c.country.unwrap_or("-").to_string();
        if let Some(a) = c.admin1_name {
            where_ = format!("{a}, {where_}");
        }
        write!(
            out,
            "{:>2}. {}  {}  [{}]  {}  {}  pop {}",
            i + 1,
            c.id,
            c.name_en,
            c.kind.as_str(),
            where_,
            coords,
            c.population
        )?;
        let lang = if c.matched_lang.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.matched_lang)
        };
        write!(out, "  matched \"{}\"{}", c.matched, lang)?;
        if c.valid_from.is_some() || c.valid_to.is_some() {
            let f = c.valid_from.map_or(String::new(), |d| d.to_string());
            let t = c.valid_to.map_or(String::new(), |d| d.to_string());
            write!(out, " in use {f}..{t}")?;
        }
        if c.demonym {
            write!(out, " as demonym")?;
        }
        if let Some(s) = c.stands_for {
            write!(out, "  stands for {s}")?;
        }
        if let Some(m) = &c.members {
            write!(out, "  members ({}): {}", m.len(), m.join(" "))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
