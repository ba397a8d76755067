#!/usr/bin/env bash
# The layers in ARCHITECTURE.md, checked from the code's own imports: every `crate::NAME`
# path (in `use` lines, grouped `use crate::{a, b}` and inline paths) in a top-level module
# is an arrow from that module to NAME. An arrow not in the table below, or a cycle, fails.
# Also: the layers below the front ends never name ratatui or crossterm.
# Prints each offending arrow with the file and line, and exits 1 if there is any.
# `--arrows` also lists every arrow found, with where it is first seen; `--probe` writes
# each forbidden arrow into its module (in memory) and checks that it is refused.
set -uo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PY'
import pathlib, re, sys

# module: the modules it may use. The leaves (text, fingerprint, html) may be used by all.
LEAVES = {"text", "fingerprint", "html"}
ALLOWED = {
    "text": set(), "fingerprint": set(), "html": set(),
    "tree": set(),
    "engine": {"tree"},
    "scenario": {"tree", "engine"},
    "trust": {"tree"},
    "catalog": {"tree", "trust"},
    "store": {"tree", "engine"},
    "document": {"store", "tree", "engine"},
    "export": {"store", "tree", "engine", "document"},
    "report": {"store", "tree", "engine"},
    "interview": {"store", "engine", "tree", "catalog", "trust", "scenario"},
    "install": {"store", "engine", "tree", "catalog", "trust", "scenario"},
    "tui": {"interview", "install", "store", "engine", "tree", "catalog", "trust", "scenario", "document", "export", "report"},
    "plain": {"interview", "install", "store", "engine", "tree", "catalog", "trust", "scenario", "document", "export", "report"},
    "cli": {"tui", "plain", "interview", "install", "store", "engine", "tree", "catalog", "trust", "scenario", "document", "export", "report"},
}
TERMINAL_FREE = {"tree", "engine", "scenario", "trust", "catalog", "store", "document", "export", "report", "interview", "install", "text", "fingerprint", "html"}

def code_only(text):
    """The text with comments, strings and character literals blanked (line breaks kept)."""
    out, i, n = [], 0, len(text)
    blank = lambda chunk: re.sub(r"[^\n]", " ", chunk)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif (m := re.compile(r'b?r(#*)"').match(text, i)) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = '"' + m.group(1)
            j = text.find(end, m.end())
            j = n if j < 0 else j + len(end)
        elif c == '"':
            m = re.compile(r'"(?:\\.|[^"\\])*"', re.S).match(text, i)
            j = m.end() if m else n
        elif c == "'" and (m := re.compile(r"'(?:\\[^']{1,10}|[^'\\])'").match(text, i)):
            j = m.end()
        else:
            out.append(c)
            i += 1
            continue
        out.append(blank(text[i:j]))
        i = j
    return "".join(out)

def uses(module, text):
    """The modules named by `crate::NAME` paths in this code, with their line numbers."""
    names = []
    for m in re.finditer(r"\bcrate::(\{[^}]*\}|[a-z_]+)", text):
        line = text.count("\n", 0, m.start()) + 1
        body = m.group(1)
        parts = re.findall(r"(?:^|[{,])\s*([a-z_]+)", body) if body.startswith("{") else [body]
        names += [(part, line) for part in parts if part not in (module, "self", "super")]
    return names


def forbidden(a, b):
    return b not in LEAVES and b in ALLOWED and b not in ALLOWED[a]


src = pathlib.Path("src")
problems = []
arrows = {}
files = {}
for path in sorted(src.rglob("*.rs")):
    rel = path.relative_to(src)
    module = rel.parts[0].removesuffix(".rs")
    if module in ("lib", "main"):
        continue
    if module not in ALLOWED:
        problems.append(f"{path}: module `{module}` is not in the layer table (scripts/check-layers.sh)")
        continue
    text = code_only(path.read_text())
    files.setdefault(module, (path, text))
    for name, line in uses(module, text):
        arrows.setdefault((module, name), f"{path}:{line}")
    if module in TERMINAL_FREE:
        for m in re.finditer(r"\b(ratatui|crossterm)\b", text):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{path}:{line}: `{module}` uses the terminal ({m.group(1)})")
    if rel.parts[:2] == ("tui", "view"):
        for m in re.finditer(r"\bstd::fs\b|\bcrate::store\b", text):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{path}:{line}: a view reads files or uses the store")

if "--probe" in sys.argv[1:]:
    # Each forbidden arrow, written into its module's first file in three spellings,
    # must be found and refused.
    missed = 0
    tried = 0
    for a in sorted(files):
        path, text = files[a]
        for b in sorted(ALLOWED):
            if b == a or not forbidden(a, b):
                continue
            for spelling in (f"use crate::{b}::X;", f"use crate::{{tree, {b}::X}};", f"let x = crate::{b}::f();"):
                tried += 1
                probe = code_only(text + "\n" + spelling + "\n")
                if (b, ) not in [(n, ) for n, _ in uses(a, probe)]:
                    missed += 1
                    print(f"probe missed: `{spelling}` in {path}")
    print(f"layering probes: {tried - missed} of {tried} forbidden arrows refused")
    sys.exit(1 if missed else 0)

for (a, b), where in sorted(arrows.items()):
    if b in LEAVES:
        continue
    if b not in ALLOWED:
        problems.append(f"{where}: `{a}` uses `{b}`, which is not a module of the table")
    elif forbidden(a, b):
        problems.append(f"{where}: `{a}` may not use `{b}` (allowed: {', '.join(sorted(ALLOWED[a])) or 'nothing'})")

# Cycles between modules, from the arrows actually found.
graph = {}
for (a, b) in arrows:
    graph.setdefault(a, set()).add(b)
state = {}
def visit(node, stack):
    state[node] = 1
    for nxt in sorted(graph.get(node, ())):
        if state.get(nxt) == 1:
            cycle = stack[stack.index(nxt):] + [nxt]
            problems.append("cycle: " + " → ".join(cycle))
        elif nxt not in state:
            visit(nxt, stack + [nxt])
    state[node] = 2
for node in sorted(graph):
    if node not in state:
        visit(node, [node])

if "--arrows" in sys.argv[1:]:
    for (a, b), where in sorted(arrows.items()):
        print(f"{a} → {b}  (first at {where})")
for p in problems:
    print("layering: " + p)
if problems:
    sys.exit(1)
print(f"layering: OK ({len(arrows)} arrows between {len(graph)} modules, all in the table)")
PY
