//! The `tripmap` command line: parses arguments, calls the library, prints,
//! and maps errors to exit codes (0 ok, 1 nothing found or some inputs
//! failed, 2 usage or input error).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use std::path::{Path, PathBuf};

use tripmap::article::decode;
use tripmap::batch::{self, Format};
use tripmap::date::Date;
use tripmap::gazetteer::Gazetteer;
use tripmap::geoparse::{ParseOptions, parse};
use tripmap::lookup::{Candidate, lookup};

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
    },
    /// Geoparse many articles: every file of the inputs (directories are
    /// walked) to OUT/<stem>.geojson.
    Batch {
        /// Files or directories.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output directory (created if missing).
        #[arg(short, long)]
        out: PathBuf,
        /// Comma-separated output formats.
        #[arg(long, default_value = "geojson", value_delimiter = ',')]
        format: Vec<Format>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
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
        } => run_places(&article, json, date.as_deref(), lang),
        Command::Batch {
            inputs,
            out,
            format,
            jobs,
        } => run_batch(&inputs, &out, &format, jobs),
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

fn read_article(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
    decode(&bytes).with_context(|| format!("{}", path.display()))
}

fn run_places(
    path: &Path,
    json: bool,
    date: Option<&str>,
    lang: Option<String>,
) -> Result<ExitCode> {
    let opts = parse_options(date, lang)?;
    let text = read_article(path)?;
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
                let spans: Vec<String> = p
                    .mentions
                    .iter()
                    .map(|m| match m.via {
                        Some(v) => format!("{} ({v})", m.text),
                        None => m.text.clone(),
                    })
                    .collect();
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
                    spans.join(" | ")
                )?;
            }
            for o in &parsed.organisations {
                let spans: Vec<&str> = o.mentions.iter().map(|m| m.text.as_str()).collect();
                writeln!(
                    out,
                    "{}  {}  [organisation]  <- {}",
                    o.id,
                    o.name_en,
                    spans.join(" | ")
                )?;
            }
            Ok(())
        })()
    };
    finish_output(r)?;
    Ok(ExitCode::SUCCESS)
}

fn run_batch(
    inputs: &[PathBuf],
    out: &Path,
    formats: &[Format],
    jobs: Option<usize>,
) -> Result<ExitCode> {
    debug_assert!(formats.contains(&Format::GeoJson));
    if let Some(n) = jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("--jobs")?;
    }
    let files = batch::collect_inputs(inputs).map_err(anyhow::Error::msg)?;
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create the output directory", out.display()))?;
    let gaz = Gazetteer::embedded();
    let outcomes = batch::run(gaz, &files, out, &ParseOptions::default());
    let mut failed = 0;
    for o in &outcomes {
        if let Err(e) = &o.result {
            failed += 1;
            eprintln!("tripmap: {}: {e}", o.input.display());
        }
    }
    eprintln!(
        "tripmap: {} articles, {} written, {failed} failed",
        outcomes.len(),
        outcomes.len() - failed
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
