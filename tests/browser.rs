//! A real browser: headless Chromium prints a typical record export and a report to
//! PDF. The export fits on at most two A4 pages, and the report's chart (inline SVG)
//! is drawn in the verdicts' colours. These tests need Chromium and poppler-utils, so a
//! plain `cargo test` ignores them; `.ci/run` installs both and runs them with
//! `--include-ignored`, where a missing tool fails them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use assert_cmd::Command as Bin;

/// A typical decision: the police check's voluntary, specific request (23 answers).
const ANSWERS: &str = "intro: ok
emergency: \"no\"
requester: PC White 310, High Street
requester_kind: police
caller_verified: checked
what_asked: Camera 2, 14:00 to 14:30 on 3 March
compelled: voluntary
power_cited: crime_exemption
in_writing: \"yes\"
purpose: named_crime
crime_ref: CR/456/26
scope: specific
necessity: all_needed
other_people: only_subject
sensitive: \"no\"
warning_signs: [none]
handing_over: now
disclosed_what: Camera 2, 14:00 to 14:30 on 3 March
disclosed_to: Same as above
disclosed_how: upload
disclosed_on: \"2026-03-04\"
";

fn tool(names: &[&str], flag: &str) -> Option<String> {
    names
        .iter()
        .find(|n| {
            Command::new(n).arg(flag).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
        })
        .map(|n| (*n).to_owned())
}

/// Chromium's command; fails the test when Chromium or pdftoppm/pdfinfo is missing.
fn browser() -> String {
    let chromium = tool(&["chromium", "chromium-browser", "google-chrome"], "--version");
    let poppler = tool(&["pdfinfo"], "-v").and(tool(&["pdftoppm"], "-v"));
    match (chromium, poppler) {
        (Some(c), Some(_)) => c,
        _ => panic!("Chromium or poppler-utils is not installed: apt install chromium poppler-utils"),
    }
}

fn sharecheck(data: &Path) -> Bin {
    let mut cmd = Bin::new(env!("CARGO_BIN_EXE_sharecheck"));
    for var in ["SHARECHECK_DATA_DIR", "SHARECHECK_QUESTIONNAIRES", "SHARECHECK_PLAIN", "NO_COLOR", "TERM"] {
        cmd.env_remove(var);
    }
    cmd.arg("--data-dir").arg(data).env("SHARECHECK_DEVICE_ID", "till1").env("TZ", "UTC");
    cmd
}

fn print_to_pdf(chromium: &str, page: &Path) -> PathBuf {
    let pdf = page.with_extension("pdf");
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success() && pdf.exists(), "Chromium printed {}", page.display());
    pdf
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap_or_else(|| panic!("{info}"));
    line["Pages:".len()..].trim().parse().unwrap()
}

/// The first page drawn as RGB pixels (a binary PPM from pdftoppm).
fn pixels(pdf: &Path) -> Vec<[u8; 3]> {
    let prefix = pdf.with_extension("");
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let ppm = std::fs::read(prefix.with_extension("ppm")).unwrap();
    // Header: "P6\n<w> <h>\n255\n", then the pixels.
    let mut fields = 0;
    let mut start = 0;
    for (i, b) in ppm.iter().enumerate() {
        if b.is_ascii_whitespace() && i > 0 && !ppm[i - 1].is_ascii_whitespace() {
            fields += 1;
            if fields == 4 {
                start = i + 1;
                break;
            }
        }
    }
    assert_eq!(&ppm[..2], b"P6");
    ppm[start..].chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect()
}

#[test]
#[ignore = "needs chromium and poppler-utils"]
fn a_typical_export_prints_on_at_most_two_a4_pages() {
    let chromium = browser();
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.yaml");
    std::fs::write(&answers, ANSWERS).unwrap();
    sharecheck(dir.path())
        .args(["answer", "police-request", "--answers"])
        .arg(&answers)
        .args(["--save", "--by", "Sam Patel", "--reference", "CR/456/26"])
        .assert()
        .success();
    let list = sharecheck(dir.path()).args(["records", "list", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let id = list["records"][0]["id"].as_str().unwrap().to_owned();
    let page = dir.path().join("record.html");
    sharecheck(dir.path())
        .args(["records", "export", &id, "--business", "Corner Shop Ltd", "-o"])
        .arg(&page)
        .assert()
        .success();
    let pdf = print_to_pdf(&chromium, &page);
    let n = pages(&pdf);
    assert!((1..=2).contains(&n), "the export prints on {n} A4 pages");
}

#[test]
#[ignore = "needs chromium and poppler-utils"]
fn the_report_chart_is_drawn() {
    let chromium = browser();
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.yaml");
    std::fs::write(&answers, ANSWERS).unwrap();
    for _ in 0..3 {
        sharecheck(dir.path())
            .args(["answer", "police-request", "--answers"])
            .arg(&answers)
            .args(["--save", "--by", "Sam Patel"])
            .assert()
            .success();
    }
    let page = dir.path().join("report.html");
    sharecheck(dir.path()).args(["report", "-o"]).arg(&page).assert().success();
    let pdf = print_to_pdf(&chromium, &page);
    // "Share" is drawn in #2e7d32: the bar is there, in colour, not just in the file.
    let green = pixels(&pdf)
        .iter()
        .filter(|[r, g, b]| r.abs_diff(0x2e) < 40 && g.abs_diff(0x7d) < 40 && b.abs_diff(0x32) < 40)
        .count();
    assert!(green > 50, "the chart's bar is drawn ({green} green pixels)");
}
