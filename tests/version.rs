//! `sharecheck --version` names the version, the commit and the target, so a member's
//! report of a problem says which build it was.

use assert_cmd::Command;

#[test]
fn version_names_the_version_the_commit_and_the_target() {
    let out = Command::cargo_bin("sharecheck").unwrap().arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or_else(|| "unknown".to_owned(), |o| String::from_utf8(o.stdout).unwrap().trim().to_owned());
    let line = String::from_utf8(out.stdout).unwrap();
    // The target triple: this machine's architecture first (x86_64-unknown-linux-gnu here).
    let start = format!("sharecheck {} (commit {commit}) {}-", env!("CARGO_PKG_VERSION"), std::env::consts::ARCH);
    assert!(line.starts_with(&start) && line.ends_with('\n') && line.lines().count() == 1, "{line}");
    assert!(line.contains(std::env::consts::OS.replace("macos", "darwin").as_str()), "{line}");
}
