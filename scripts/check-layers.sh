#!/usr/bin/env bash
# The layering in ../shared/STYLE.md, checked by grep: the lower layers never touch the
# terminal, no front end imports `cli`, and views never touch the disk or the store.
# Prints each offending file:line and exits 1 if there is any.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
check() {
    local what="$1" pattern="$2"
    shift 2
    local found
    found=$(grep -rnE "$pattern" "$@" --include='*.rs' 2>/dev/null || true)
    if [ -n "$found" ]; then
        echo "layering: $what"
        echo "$found" | sed 's/^/  /'
        status=1
    fi
}
check "tree, engine, store, interview, scenario, trust and report never use the terminal" \
    '\b(ratatui|crossterm)\b' src/tree src/engine src/store src/interview src/scenario src/trust src/report
check "no front end (tui, plain) and no lower layer imports cli" \
    '(crate|super)::cli\b' src/tui src/plain src/interview src/store src/engine src/tree src/scenario src/trust src/report
check "views draw; they never read files or use the store" \
    '(std::fs|crate::store\b)' src/tui/view
if [ "$status" -eq 0 ]; then
    echo "layering: OK"
fi
exit "$status"
