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
    /// A picture (SVG), drawn by Graphviz's `dot`, which must be installed
    Svg,
}

pub fn run(ctx: &Context, spec: &str, format: DiagramFormat) -> anyhow::Result<ExitCode> {
    let questionnaire = ctx.catalog().resolve(spec)?;
    let text = match format {
        DiagramFormat::Mermaid => diagram::mermaid(&questionnaire),
        DiagramFormat::Dot => diagram::dot(&questionnaire),
        DiagramFormat::Svg => svg(&clean(&diagram::dot(&questionnaire)))?,
    };
    print!("{}", clean(&text));
    Ok(ExitCode::SUCCESS)
}

/// The DOT text drawn as SVG by Graphviz's `dot`.
fn svg(dot: &str) -> anyhow::Result<String> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let missing = "`--format svg` needs Graphviz's `dot` program (on Debian or Ubuntu: apt install graphviz; on \
                   Windows: winget install graphviz); `--format dot` prints the diagram for any Graphviz viewer";
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|_| anyhow::anyhow!(missing))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(dot.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    if !out.status.success() {
        anyhow::bail!("Graphviz could not draw the diagram: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
