#!/usr/bin/env bash
# Measures the wizard on a release build in a pseudo-terminal (benches/startup.rs):
#   first screen: spawn → the home screen with its questionnaires listed, and spawn → the bare
#   ratatui example's one line (median of 15 each, interleaved)
#   key → redraw: Enter/Esc → the next question's text on screen (median of 20)
#   memory: VmRSS and VmHWM from /proc during an interview
# Targets: questionnaires listed ≤ 2× the bare ratatui app (examples/bare_ratatui.rs) and ≤ 50 ms,
# key → redraw ≤ 10 ms, RSS ≤ 20 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --example bare_ratatui
cargo bench --bench startup 2>&1 | grep -oE '(first screen|key →|resident memory).*'
