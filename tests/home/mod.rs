//! The real `sharecheck` binary run as a member would, in a home folder of its own: no
//! variable of the developer's environment reaches it, and its configuration and data
//! live in the temporary `home`. Shared by the install and bank-holidays tests.

#![allow(dead_code)]

use assert_cmd::Command;
use tempfile::TempDir;

/// The command, in `home`, with nothing of the caller's environment.
pub fn sharecheck(home: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("sharecheck").unwrap();
    cmd.env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .current_dir(home.path());
    cmd
}

/// Runs it with `args`: its exit code, standard output and standard error.
pub fn run(home: &TempDir, args: &[&str]) -> (i32, String, String) {
    let out = sharecheck(home).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}
