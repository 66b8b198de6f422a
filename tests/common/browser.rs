//! Headless Chromium (Debian's `chromium`) for the tests that load maps
//! in a browser: started with no network, no profile and no extensions, and
//! killed if it does not finish.

use std::fmt::Write as _;
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long Chromium may take for a page before it is killed.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

/// The Chromium to drive: `$TRIPMAP_CHROMIUM`, else `chromium` on the PATH.
pub fn chromium() -> String {
    std::env::var("TRIPMAP_CHROMIUM").unwrap_or_else(|_| "chromium".to_string())
}

/// Whether the browser starts at all.
pub fn runs(browser: &str) -> bool {
    Command::new(browser)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A `file://` URL for an absolute path, percent-encoding all but the
/// characters that need no escape in a path.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_str().expect("UTF-8 temp path").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            write!(url, "%{b:02X}").unwrap();
        }
    }
    url
}

/// Runs headless Chromium on the page and returns the DOM it dumps.
pub fn dump_dom(browser: &str, dir: &Path, url: &str, budget_ms: u32) -> String {
    let profile = dir.join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let stdout_path = dir.join("chromium.stdout");
    let stderr_path = dir.join("chromium.stderr");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--mute-audio",
            "--hide-scrollbars",
            "--window-size=1024,768",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--virtual-time-budget={budget_ms}"))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).unwrap())
        .stderr(File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("run {browser}: {e}"));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > CHROMIUM_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{browser} did not finish within {CHROMIUM_TIMEOUT:?}; its output is in {}",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(status.success(), "{browser} failed ({status}):\n{stderr}");
    std::fs::read_to_string(&stdout_path).unwrap()
}
