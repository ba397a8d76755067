#!/usr/bin/env bash
set -euo pipefail
wine "$SHARECHECK_EXE" --version
wine "$SHARECHECK_EXE" list
