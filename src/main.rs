//! The `sharecheck` binary: parse arguments, run, turn errors into an exit code.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = <sharecheck::cli::Args as clap::Parser>::parse();
    match sharecheck::cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", sharecheck::text::clean(&chain(&e)));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes, like `{:#}`, but without repeating a cause that a
/// message above already quotes (typed errors often end with their source's text).
fn chain(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let cause = cause.to_string();
        if text.contains(&cause) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause);
    }
    text
}
