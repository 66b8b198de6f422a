//! Hostile input, a catalogue: whatever a scraper or a CMS hands tripmap,
//! it answers with a correct result or a one-line error naming the file and
//! the reason, with the documented exit code (0 done, 1 nothing found or
//! some inputs failed, 2 refused), and never a panic, a hang or a partial
//! output file.
//!
//! Every run has a hang guard: a run that has not ended in two minutes is
//! killed and fails its test (the inputs here take well under a second to a
//! few seconds each in a release build).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[allow(dead_code)]
mod common;
use common::tempdir;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/examples/canada-pm-nato-warsaw.en.txt")
}

/// Runs a command to its end, or kills it after the hang guard's limit.
fn finish(mut cmd: Command, stdin: Option<Vec<u8>>) -> Output {
    let mut child = cmd
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tripmap");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let out = std::thread::spawn(move || child.wait_with_output());
    let start = Instant::now();
    while !out.is_finished() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "hang: no end after 120 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    out.join().unwrap().expect("wait for tripmap")
}

fn tripmap(args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tripmap"));
    cmd.args(args);
    finish(cmd, None)
}

/// Asserts a refusal: exit code 2 and one line on stderr that names the
/// file and gives the reason.
fn refused(out: &Output, file: &str, reason: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "exit code; stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(file), "names {file}: {err}");
    assert!(err.contains(reason), "says {reason:?}: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn bytes_that_are_not_utf8_text_are_refused_with_the_reason() {
    let dir = tempdir("bytes");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let exe = std::fs::read(env!("CARGO_BIN_EXE_tripmap")).unwrap()[..4096].to_vec();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("image.png", png, "binary data (a NUL byte at offset 8)"),
        ("program.elf", exe, "binary data"),
        (
            "latin1.txt",
            b"Talks in Bogot\xe1.".to_vec(),
            "not UTF-8: invalid byte sequence at byte offset 14",
        ),
        ("overlong.txt", b"Kyiv \xc0\xaf".to_vec(), "byte offset 5"),
        (
            "surrogate.txt",
            b"Kyiv \xed\xa0\x80".to_vec(),
            "byte offset 5",
        ),
        (
            "utf16le.txt",
            b"\xff\xfeK\0y\0i\0v\0".to_vec(),
            "UTF-16 text (byte order mark FF FE, little-endian)",
        ),
        (
            "utf16be.txt",
            b"\xfe\xff\0K\0y\0i\0v".to_vec(),
            "UTF-16 text (byte order mark FE FF, big-endian)",
        ),
    ];
    for (name, bytes, reason) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        for cmd in ["places", "extract"] {
            refused(&tripmap(&[cmd, path.to_str().unwrap()]), name, reason);
        }
        let out_dir = dir.join(format!("out-{name}"));
        refused(
            &tripmap(&[
                "map",
                path.to_str().unwrap(),
                "-o",
                out_dir.to_str().unwrap(),
            ]),
            name,
            reason,
        );
        assert!(files_in(&out_dir).is_empty(), "{name}: no output");
    }
}

#[test]
fn empty_text_has_no_places_and_still_maps() {
    let dir = tempdir("empty");
    let path = dir.join("empty.txt");
    std::fs::write(&path, b"").unwrap();
    let out = tripmap(&["places", "--json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["places"].as_array().unwrap().len(), 0);
    // A map with nothing on it is still a whole, valid map.
    let out = tripmap(&["map", path.to_str().unwrap(), "-o", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(dir.join("empty.svg")).unwrap();
    roxmltree::Document::parse(&svg).expect("valid SVG");
}

#[test]
fn files_that_cannot_be_read_are_refused_naming_them() {
    let dir = tempdir("unreadable");
    refused(
        &tripmap(&["places", dir.to_str().unwrap()]),
        dir.to_str().unwrap(),
        "a directory, not a file",
    );
    let missing = dir.join("missing.txt");
    refused(
        &tripmap(&["places", missing.to_str().unwrap()]),
        "missing.txt",
        "No such file",
    );
    let spec_dir = dir.join("spec.json");
    std::fs::create_dir(&spec_dir).unwrap();
    refused(
        &tripmap(&[
            "render",
            spec_dir.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
        ]),
        "spec.json",
        "a directory",
    );

    // Permission: root reads anything, so the check runs as nobody there.
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "Talks in Oslo.").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = as_unprivileged(&["places", secret.to_str().unwrap()]);
    refused(&out, "secret.txt", "Permission denied");
}

/// Runs tripmap as an ordinary user: as root, through `setpriv` as nobody
/// (the binary and the test folders are world-readable).
fn as_unprivileged(args: &[&str]) -> Output {
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_tripmap"),
        ]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_tripmap"))
    };
    cmd.args(args);
    finish(cmd, None)
}

#[test]
fn a_huge_article_is_refused_before_it_is_read() {
    let dir = tempdir("huge");
    let path = dir.join("huge.txt");
    // 100 MB, sparse: the refusal must come from the size, not the bytes.
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(100_000_000).unwrap();
    drop(f);
    refused(
        &tripmap(&["places", path.to_str().unwrap()]),
        "huge.txt",
        "95.4 MiB, larger than the 64 MiB",
    );
    let out = tripmap(&[
        "batch",
        path.to_str().unwrap(),
        example().to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "one input failed, the other was mapped"
    );
    assert_eq!(
        files_in(&dir.join("out")),
        ["canada-pm-nato-warsaw.en.geojson", "manifest.jsonl"]
    );
    let manifest = std::fs::read_to_string(dir.join("out/manifest.jsonl")).unwrap();
    assert!(manifest.contains("64 MiB"), "{manifest}");
}

#[test]
fn a_ten_megabyte_line_and_a_million_repetitions_are_read_whole() {
    let dir = tempdir("long");
    let line = dir.join("line.txt");
    let sentence = "Talks in Paris, then Berlin. ";
    std::fs::write(&line, sentence.repeat(10_000_000 / sentence.len())).unwrap();
    let out = tripmap(&["places", line.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("Paris") && table.contains("Berlin"),
        "{table}"
    );
    assert!(
        table.contains("×344827"),
        "each spelling once, counted: {table}"
    );

    let rep = dir.join("rep.txt");
    std::fs::write(&rep, "Samarkand, ".repeat(1_000_000)).unwrap();
    let out = tripmap(&["places", "--json", rep.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let places = v["places"].as_array().unwrap();
    assert_eq!(places.len(), 1);
    assert_eq!(places[0]["name_en"], "Samarkand");
    assert_eq!(places[0]["mentions"].as_array().unwrap().len(), 1_000_000);
    let out_dir = dir.join("out");
    let out = tripmap(&[
        "map",
        rep.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files_in(&out_dir), ["rep.geojson", "rep.svg"]);
}

#[test]
fn invisible_and_decorative_characters_do_not_break_names_or_maps() {
    let dir = tempdir("chars");
    let path = dir.join("chars.txt");
    let text = "\u{202E}Warsaw\u{202C} summit; then \u{200D}Kyiv\u{200D}. Bagh\u{640}\u{640}dad \
                بــغداد 😀🇺🇦 Vi\u{301}lnius \u{2066}Riga\u{2069}\u{0}"
        .replace('\u{0}', &"\u{301}".repeat(10_000));
    std::fs::write(&path, &text).unwrap();
    let out = tripmap(&["places", "--json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name_en"].as_str().unwrap())
        .collect();
    for want in ["Warsaw", "Kyiv", "Baghdad", "Riga"] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    let chars: Vec<char> = text.chars().collect();
    for p in v["places"].as_array().unwrap() {
        for m in p["mentions"].as_array().unwrap() {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[s..e].iter().collect::<String>(),
                m["text"].as_str().unwrap()
            );
        }
    }
    let out = tripmap(&["map", path.to_str().unwrap(), "-o", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(dir.join("chars.svg")).unwrap();
    roxmltree::Document::parse(&svg).expect("valid SVG");
    assert!(
        !svg.contains('\u{202E}') && !svg.contains('\u{2066}'),
        "no bidi override in the map"
    );
}

#[test]
fn html_pages_are_read_as_their_text() {
    let dir = tempdir("html");
    let page = "<!DOCTYPE html><html><head><title>Visit</title>\
        <script>var trip = 'Tokyo, Lima';</script><style>.x{font:'Oslo'}</style></head>\
        <body><nav><a href='/world/europe'>Madrid</a></nav>\
        <article><p>The prime minister arrived in <b>Hanoi</b> on Monday &amp; flew on to Vientiane.</p></article>\
        <footer>Bureau: Nairobi</footer></body></html>";
    let path = dir.join("page.html");
    std::fs::write(&path, page).unwrap();
    let out = tripmap(&["places", "--json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut names: Vec<&str> = v["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name_en"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["Hanoi", "Vientiane"]);
    // A page saved as .txt is recognized by its doctype; a fragment needs
    // --html.
    let fragment = dir.join("fragment.txt");
    std::fs::write(&fragment, "<p>In <i>Hanoi</i><script>Lima</script></p>").unwrap();
    let plain = tripmap(&["places", fragment.to_str().unwrap()]);
    let read = tripmap(&["places", "--html", fragment.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&plain.stdout).contains("Lima"));
    let read = String::from_utf8(read.stdout).unwrap();
    assert!(read.contains("Hanoi") && !read.contains("Lima"), "{read}");
}

#[test]
fn a_symlink_loop_in_a_batch_is_one_failure_and_the_rest_go_on() {
    let dir = tempdir("loop");
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("a")).unwrap();
    std::fs::copy(example(), input.join("a/story.txt")).unwrap();
    std::os::unix::fs::symlink("self", input.join("self")).unwrap();
    std::os::unix::fs::symlink("..", input.join("a/up")).unwrap();
    let out_dir = dir.join("out");
    let out = tripmap(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("self: Too many levels of symbolic links"),
        "{err}"
    );
    assert_eq!(files_in(&out_dir), ["manifest.jsonl", "story.geojson"]);
}

#[test]
fn output_folders_that_cannot_take_the_maps_leave_nothing_behind() {
    let dir = tempdir("outdir");
    let article = example();
    // Missing: created.
    let made = dir.join("new/deeper");
    let out = tripmap(&[
        "map",
        article.to_str().unwrap(),
        "-o",
        made.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(files_in(&made).len(), 2);
    // Under a file: cannot be a folder.
    let file = dir.join("file");
    std::fs::write(&file, "x").unwrap();
    let under = file.join("out");
    refused(
        &tripmap(&[
            "map",
            article.to_str().unwrap(),
            "-o",
            under.to_str().unwrap(),
        ]),
        "file/out",
        "Not a directory",
    );
    // Not writable.
    use std::os::unix::fs::PermissionsExt;
    let locked = dir.join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = as_unprivileged(&[
        "map",
        article.to_str().unwrap(),
        "-o",
        locked.to_str().unwrap(),
    ]);
    refused(&out, "locked", "Permission denied");
    assert!(files_in(&locked).is_empty());
    let out = as_unprivileged(&[
        "batch",
        article.to_str().unwrap(),
        "-o",
        locked.to_str().unwrap(),
    ]);
    refused(
        &out,
        "locked: cannot write to the output directory",
        "Permission denied",
    );
    // Full: the file size limit stands in for a full disk (the write fails
    // part way with EFBIG, as it would with ENOSPC).
    let full = dir.join("full");
    let mut cmd = Command::new("sh");
    cmd.args(["-c", "trap '' XFSZ; ulimit -f 40; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_tripmap"))
        .args([
            "map",
            article.to_str().unwrap(),
            "-o",
            full.to_str().unwrap(),
        ]);
    let out = finish(cmd, None);
    refused(&out, "full/canada-pm-nato-warsaw.en.svg", "File too large");
    assert!(
        files_in(&full).is_empty(),
        "no partial or temporary file: {:?}",
        files_in(&full)
    );
}

#[test]
fn broken_map_specs_are_refused_naming_the_field() {
    let dir = tempdir("specs");
    let out = tripmap(&["extract", example().to_str().unwrap()]);
    assert!(out.status.success());
    let good: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stop = good["route"][1].clone();
    let mut cases: Vec<(&str, String, &str)> = Vec::new();
    let mut marked = good.clone();
    marked["route"][0]["lat"] = 12.3456789.into();
    let text = serde_json::to_string(&marked).unwrap();
    let lat = "\"lat\":12.3456789";
    cases.push((
        "nan",
        text.replacen(lat, "\"lat\":NaN", 1),
        "route[0].lat: expected value",
    ));
    cases.push((
        "huge",
        text.replacen(lat, "\"lat\":1e308", 1),
        "route[0].lat: must be between -90 and 90, got 1e308",
    ));
    cases.push((
        "overflow",
        text.replacen(lat, "\"lat\":1e999", 1),
        "route[0].lat",
    ));
    let mut deep = good.clone();
    deep["title"] = serde_json::Value::Null;
    let deep = serde_json::to_string(&deep).unwrap().replacen(
        "null",
        &format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        1,
    );
    cases.push(("deep", deep, "title"));
    let mut many = good.clone();
    many["route"] = serde_json::Value::Array(vec![stop.clone(); 100_000]);
    cases.push((
        "many",
        serde_json::to_string(&many).unwrap(),
        "route: 100000 places; a route has at most 500",
    ));
    let mut unknown = good.clone();
    unknown["route"][1]["colour"] = "red".into();
    cases.push((
        "unknown",
        serde_json::to_string(&unknown).unwrap(),
        "route[1].colour: unknown field `colour`",
    ));
    let mut wrong = good.clone();
    wrong["route"][1]["lon"] = "east".into();
    cases.push((
        "wrong",
        serde_json::to_string(&wrong).unwrap(),
        "route[1].lon: invalid type: string \"east\"",
    ));
    cases.push((
        "truncated",
        text[..text.len() / 2].to_string(),
        "EOF while parsing",
    ));
    cases.push((
        "not-json",
        "<svg/>".to_string(),
        "expected value at line 1 column 1",
    ));
    for (name, body, reason) in cases {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, body).unwrap();
        let out_dir = dir.join(format!("out-{name}"));
        refused(
            &tripmap(&[
                "render",
                path.to_str().unwrap(),
                "-o",
                out_dir.to_str().unwrap(),
            ]),
            &format!("{name}.json"),
            reason,
        );
        assert!(files_in(&out_dir).is_empty());
    }
}

#[test]
fn json_lines_that_are_not_records_are_answered_and_the_stream_goes_on() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\": 1, \"text\": \"Talks in Lima.\"}\n");
    input.extend_from_slice(b"not json at all\n");
    input.extend_from_slice(b"{\"id\": 3, \"text\": 5}\n");
    input.extend_from_slice(b"\xff\xfe\n");
    input.extend_from_slice(
        b"{\"id\": 5, \"text\": \"<!DOCTYPE html><script>Oslo</script><p>In Quito.</p>\"}\n",
    );
    input.extend_from_slice(b"{\"id\": 6, \"text\": \"Talks in Lima.\"");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tripmap"));
    cmd.args(["batch", "-"]);
    let out = finish(cmd, Some(input));
    assert_eq!(out.status.code(), Some(1), "some records failed");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let status: Vec<&str> = lines
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["ok", "error", "error", "error", "ok", "error"]);
    assert!(lines[4].to_string().contains("Quito") && !lines[4].to_string().contains("Oslo"));
}
