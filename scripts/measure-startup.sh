#!/usr/bin/env bash
# Measures the wizard on a release build in a pseudo-terminal (see tests/measure.rs):
#   first screen: spawn → the first questionnaire title on the home screen, and spawn → the bare
#   ratatui example's one line (median of 15 each)
#   key → redraw: Enter/Esc → the next question's text on screen (median of 20)
#   memory: VmRSS and VmHWM from /proc during an interview
# Targets: first screen ≤ 1.2× the bare ratatui app (examples/bare_ratatui.rs, timed in the same run,
# interleaved, median of 15), key → redraw ≤ 10 ms, RSS ≤ 20 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --example bare_ratatui
cargo test --release --test measure -- --ignored --nocapture --test-threads=1 2>&1 | grep -oE '(first screen|key →|resident memory).*'
