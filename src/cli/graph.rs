//! `sharecheck graph`: the question tree as a Mermaid or Graphviz diagram, to read a
//! questionnaire's flow at a glance or paste into a document.

use std::process::ExitCode;

use clap::ValueEnum;

use super::{Context, clean};
use crate::tree::diagram;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DiagramFormat {
    /// Mermaid flowchart: GitHub, GitLab and many editors draw it
    #[default]
    Mermaid,
    /// Graphviz DOT: `dot -Tsvg` draws it
    Dot,
}

pub fn run(ctx: &Context, spec: &str, format: DiagramFormat) -> anyhow::Result<ExitCode> {
    let questionnaire = ctx.catalog().resolve(spec)?;
    let text = match format {
        DiagramFormat::Mermaid => diagram::mermaid(&questionnaire),
        DiagramFormat::Dot => diagram::dot(&questionnaire),
    };
    print!("{}", clean(&text));
    Ok(ExitCode::SUCCESS)
}
