//! The `sharecheck` binary: parse arguments, run, turn errors into an exit code.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = sharecheck::cli::Args::parse();
    match sharecheck::cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", sharecheck::cli::clean(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}
