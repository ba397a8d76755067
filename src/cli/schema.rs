//! `sharecheck schema`: the JSON Schema of the questionnaire format, for editors.

use std::process::ExitCode;

use crate::tree::schema::schema_text;

pub(crate) fn run() -> anyhow::Result<ExitCode> {
    print!("{}", schema_text());
    Ok(ExitCode::SUCCESS)
}
