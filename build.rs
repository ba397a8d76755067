//! Embeds every questionnaire in `questionnaires/` into the binary, so the app works
//! with nothing else installed; and names the version, the commit and the target for
//! `sharecheck --version`, so a member's report of a problem says which build it was.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

fn main() {
    version();
    built_in();
}

/// `SHARECHECK_VERSION`: "0.1.0 (commit 1a2b3c4d5e6f) x86_64-pc-windows-gnu". The commit is
/// git's; a build from an archive without `.git` can name it in `SHARECHECK_COMMIT`.
fn version() {
    println!("cargo:rerun-if-env-changed=SHARECHECK_COMMIT");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|out| out.status.success())
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty())
    };
    // A new commit moves HEAD or the branch it points at: build again then.
    for name in ["HEAD", "packed-refs"] {
        if let Some(path) = git(&["rev-parse", "--git-path", name]) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(path) = git(&["rev-parse", "--git-path", &branch])
    {
        println!("cargo:rerun-if-changed={path}");
    }
    let commit = std::env::var("SHARECHECK_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_owned());
    let target = std::env::var("TARGET").unwrap_or_default();
    let version = env!("CARGO_PKG_VERSION");
    println!("cargo:rustc-env=SHARECHECK_VERSION={version} (commit {commit}) {target}");
}

fn built_in() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("pub const BUILT_IN: &[(&str, &[u8])] = &[\n");
    for name in names {
        let path = dir.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(code, "    ({name:?}, include_bytes!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("built_in.rs");
    std::fs::write(out, code).expect("write built_in.rs");
}
