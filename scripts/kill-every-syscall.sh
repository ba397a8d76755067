#!/usr/bin/env bash
# Kills `sharecheck answer --save` at its Nth call of each file-changing syscall (strace's
# fault injection), for every N until a save runs to the end, and after each kill checks
# that the next command finds the store whole: `records verify` green, no temp or
# pending file left, one record more or none. Prints how many kills landed and how each
# ended. Needs strace (Debian package `strace`) and Linux.
#   scripts/kill-every-syscall.sh [path/to/sharecheck]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/sharecheck}
[ -x "$bin" ] || cargo build --release
command -v strace >/dev/null || { echo "needs strace (apt-get install strace)"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SHARECHECK_DEVICE_ID=till1
printf 'who_in_photo: others\npolice_told: yes\naudience: local\ncrime_ref: CR/123\nwhen_seen: 2026-11-20\nnotes: Tall man\n' >"$work/answers.yaml"
data="$work/data"
run() { "$bin" --data-dir "$data" --questionnaires tests/fixtures "$@"; }
run answer parcel-photo --answers "$work/answers.yaml" --save --by Sam >/dev/null
kills=0; saved=0; undone=0
# bash reports every killed child on its stderr: keep a copy for our own messages.
exec 4>&2 2>/dev/null
for call in openat write fsync fdatasync rename renameat renameat2 unlink unlinkat ftruncate flock; do
  n=1
  while :; do
    before=$(ls "$data/records" | wc -l)
    set +e
    strace -f -qq -o /dev/null -e trace=$call -e inject=$call:signal=SIGKILL:when=$n \
      "$bin" --data-dir "$data" --questionnaires tests/fixtures \
      answer parcel-photo --answers "$work/answers.yaml" --save --by Sam >/dev/null 2>&1
    code=$?
    set -e
    if ! out=$(run records verify 2>&1); then
      echo "FAIL after a kill at $call #$n: $out" >&4; exit 1
    fi
    left=$(find "$data" -name '.*' -type f | wc -l)
    [ "$left" -eq 0 ] || { echo "FAIL: $left temp files left after $call #$n"; find "$data" -name '.*'; exit 1; }
    after=$(ls "$data/records" | wc -l)
    if [ "$code" -eq 0 ]; then break; fi
    kills=$((kills + 1))
    case $((after - before)) in
      0) undone=$((undone + 1)) ;;
      1) saved=$((saved + 1)) ;;
      *) echo "FAIL: $before records became $after after $call #$n"; exit 1 ;;
    esac
    n=$((n + 1))
  done
done
exec 2>&4
echo "$kills kills at every file-changing syscall of a save: $saved ended saved and logged, $undone not saved; verify green and no temp file after each"
