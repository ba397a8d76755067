#!/usr/bin/env bash
# The Windows suite: the real sharecheck.exe, run by wine, through the command line, the store
# and plain mode, with a fresh data folder in the Windows user's AppData. Exit codes and output
# are checked as tests/cli*.rs, tests/install.rs and tests/plain.rs check them on Linux.
# Run by scripts/windows.sh (so by .ci/run), never by `cargo test`: it needs the .exe, wine and
# the shim that script makes. SHARECHECK_EXE names the .exe; WINEPREFIX its wine.
set -euo pipefail
exe=${SHARECHECK_EXE:?SHARECHECK_EXE must name sharecheck.exe (run scripts/windows.sh)}
: "${WINEPREFIX:?}"
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$repo/target/windows/suite
rm -rf "$work"
mkdir -p "$work"
cd "$work"
# Hermetic: nothing from the environment chooses folders, the mode or colours.
unset SHARECHECK_DATA_DIR SHARECHECK_QUESTIONNAIRES SHARECHECK_PLAIN NO_COLOR SHARECHECK_DEVICE_ID
export TZ=UTC

checks=0
covered=()
last=""
fail() {
    echo "windows suite: FAILED: $*" >&2
    echo "  command: sharecheck.exe $last" >&2
    echo "  --- stdout" >&2
    sed 's/^/  /' "$work/out" >&2
    echo "  --- stderr" >&2
    sed 's/^/  /' "$work/err" >&2
    exit 1
}
# sc CODE ARGS…: runs the .exe with standard input from $input (default: none) and checks its
# exit code. Output, with wine's CRs removed, is in $work/out and $work/err.
input=/dev/null
sc() {
    local want=$1
    shift
    last="$*"
    local code=0
    wine "$exe" "$@" <"$input" >"$work/out.raw" 2>"$work/err.raw" || code=$?
    tr -d '\r' <"$work/out.raw" >"$work/out"
    tr -d '\r' <"$work/err.raw" >"$work/err"
    input=/dev/null
    [ "$code" = "$want" ] || fail "exit code $code, expected $want"
    checks=$((checks + 1))
    [ -z "${nocover:-}" ] || return 0
    local name=$1
    case $name in --data-dir) shift 2 && name=$1 ;; esac
    case $name in records | drafts) name="$1 ${2:-}" ;; esac
    case " ${covered[*]} " in *" [$name] "*) ;; *) covered+=("[$name]") ;; esac
}
has() { grep -qF -- "$2" "$work/$1" || fail "$1 lacks: $2"; checks=$((checks + 1)); }
lacks() { ! grep -qF -- "$2" "$work/$1" || fail "$1 should not hold: $2"; checks=$((checks + 1)); }
matches() { grep -qE -- "$2" "$work/$1" || fail "$1 does not match: $2"; checks=$((checks + 1)); }

# The Windows user's AppData\Roaming, as the .exe sees it and as Linux sees it; made empty.
appdata_win=$(wine cmd /c echo %APPDATA% 2>/dev/null | tr -d '\r')
appdata=$(winepath -u "$appdata_win" 2>/dev/null)
[ -d "$appdata" ] || fail "no AppData folder at $appdata ($appdata_win)"
rm -rf "$appdata/HTA"
data="$appdata/HTA/sharecheck/data"

cp "$repo/tests/fixtures/parcel-photo.yaml" .
cp "$repo/tests/fixtures/broken/typo.yaml" .
printf 'who_in_photo: others\npolice_told: yes\naudience: local\ncrime_ref: CR/123\nwhen_seen: 2026-11-20\nnotes: Tall man\n' \
    >answers.yaml

# --version names the version, the commit and the target.
sc 0 --version
matches out '^sharecheck [0-9]+\.[0-9]+\.[0-9]+ \(.+\) x86_64-pc-windows-gnu$'

sc 0 list
has out 'police-request'
has out 'built-in'

# answer --save: a record in the default data folder, under AppData\Roaming.
sc 0 answer parcel-photo.yaml --answers answers.yaml --save --by "Sam Patel" --reference CR/123
has out 'Outcome: ◐ Share with conditions'
has out 'AppData\Roaming\HTA\sharecheck\data\records\'
id=$(sed -n 's/^Saved record \([0-9a-f-]\{36\}\) .*/\1/p' "$work/out")
[ -n "$id" ] || fail "no record id in the output"
ls "$data/records/"*"_$id.yaml" >/dev/null 2>&1 || fail "the record file is not in $data/records"
short=${id:0:8}

sc 0 records list
has out "$id"
has out 'Sharing a photo of a parcel thief [CR/123] · decided by Sam Patel'

sc 0 records show "$short"
has out 'Decided by: Sam Patel'
has out 'Reference: CR/123'

sc 0 records verify
has out 'OK: 1 record matches the ledger, and its 2 entries form an unbroken chain.'

sc 0 records seal
matches out '^#[0-9a-z_-]+:2 [0-9a-f]{16}$'
seal=$(cat "$work/out")

sc 0 records verify --seal "$seal"
has out "OK: the ledger still extends seal $seal"
sc 1 records verify --seal "#2 0000000000000000"
has out 'the history was rewritten'
has err 'error: 1 problem found'

sc 0 records review "$short" --by "Jo Lead" --note "blur checked"
has out 'signed off by Jo Lead'
sc 0 records verify
has out 'OK:'

# Export to a file: a Windows path with a drive letter, a space and backslashes.
mkdir -p "my exports"
sc 0 records export "$short" -o "$(winepath -w "$work")\\my exports\\record.html"
has out 'Exported 1 record to '
grep -qF 'Sam Patel' "my exports/record.html" || fail "the export lacks who decided"
sc 0 records export "$short" --format md -o -
has out 'Sharing a photo of a parcel thief'

# The report holds no names, answers or references.
sc 0 report -o report.html
has out 'Wrote the report (1 decision) to report.html'
! grep -qE 'Sam Patel|CR/123|Tall man' report.html || fail "the report holds personal data"
sc 0 report --json -o a.json
# A second member's figures (another till's seal); the same file twice is refused.
sed 's/"#[^:"]*:/"#secondshop:/' a.json >b.json
sc 0 report --combine a.json b.json -o combined.html
has out 'Wrote the report (2 decisions) to combined.html'
[ -s combined.html ] || fail "no combined report"
sc 1 report --combine a.json a.json -o twice.html
has err 'given twice'

# Plain mode from a pipe: input that ends early keeps a draft (exit 1) ...
printf 'y\n\n' >part.txt
input=part.txt sc 1 --plain run parcel-photo.yaml
has out 'Who is deciding?'
has out 'Question 1 of about 2–7.'
has out 'Your answers are kept as a draft'
sc 0 drafts list
has out '0 answered'
draft=$(awk 'NR == 1 { print $1 }' "$work/out")
sc 0 drafts discard "$draft"
sc 0 drafts list
has out 'No drafts.'
# ... and a whole interview saves a record: y keeps the name, no reference, intro, "a child".
printf 'y\n\n\n2\n\n\n' >whole.txt
input=whole.txt sc 0 --plain run parcel-photo.yaml
has out 'Do not share'
has out 'The photo shows a child.'
sc 0 records list
has out 'Do not share'
sc 0 records verify
has out 'OK: 2 records match the ledger'

sc 0 validate parcel-photo.yaml
has out '1 file checked: 0 errors, 0 warnings'
sc 1 validate typo.yaml
has err 'typo.yaml:8:5: error: unknown key `txet` in a question'
has err 'did you mean `text`?'

sc 0 test "$repo/questionnaires/tests/police-request.yaml"
matches out 'scenario files?: [0-9]+ passed, 0 failed'

# The editor's side and the member's: keygen, trust, sign, install of a signed file.
sc 0 keygen --name editor --unencrypted
has out 'Public key: '
[ -f editor.pub ] && [ -f editor.key ] || fail "keygen wrote no key files"
sc 0 trust editor.pub --yes
has out 'Check these 16 characters with the association by phone'
sc 0 trust --list
has out 'editor'
# Another key under a name already trusted is refused: it never replaces the first.
mkdir -p other
sc 0 keygen --name editor --unencrypted -o other
sc 1 trust other/editor.pub --yes
has err 'another key is already trusted as `editor`'
sed -e 's/^version: ".*"/version: "99.0"/' \
    -e "s/Is anyone's life or safety at risk right now?/Is anyone in danger right now?/" \
    "$repo/questionnaires/police-request.yaml" >police-request.yaml
mkdir -p tests
cp "$repo/questionnaires/tests/police-request.yaml" tests/
sc 0 sign police-request.yaml --key editor.key --unencrypted
has out 'scenarios pass'
[ -f police-request.yaml.minisig ] || fail "sign wrote no signature"
if command -v minisign >/dev/null 2>&1; then
    minisign -Vq -p editor.pub -m police-request.yaml || fail "minisign does not accept the signature"
fi
# A pasted path arrives in quotes: they are not part of the name.
sc 0 install "\"$(winepath -w "$work/police-request.yaml")\"" --yes
has out 'version 99.0: signed by editor (key '
has out 'Question reworded'
sc 0 list
matches out '^police-request +99\.0 '
# One byte changed after signing is refused.
sed -i '0,/share/s//shore/' police-request.yaml
sc 1 install police-request.yaml --yes
has err 'does not match its signature'
# A bank-holidays update goes the same way, and is then the one in use; unsigned, it is refused.
sed -e 's/^version: ".*"/version: "2099.1"/' "$repo/src/tree/bank-holidays.yaml" >bank-holidays.yaml
sc 1 install bank-holidays.yaml --yes --allow-unsigned
has err 'is a bank-holidays file that is not signed'
sc 0 sign bank-holidays.yaml --key editor.key --unencrypted
sc 0 install bank-holidays.yaml --yes
has out 'Bank holidays, version 2099.1: signed by editor (key '
has out 'Version 2026.1 → 2099.1.'
sc 0 list
has out 'version 2099.1 (years covered: england-and-wales 2024–2028'

# Notepad's "Unicode" (UTF-16) is refused with the encoding to choose.
iconv -f UTF-8 -t UTF-16 parcel-photo.yaml >unicode.yaml
sc 1 validate unicode.yaml
has err 'the file is UTF-16 text (what Notepad calls "Unicode"), not UTF-8'
has err 'choose UTF-8 under Encoding'

# Another data folder, named as Windows users write it: drive letter, backslashes, a space.
sc 0 --data-dir "$(winepath -w "$work")\\Shop Records" answer parcel-photo.yaml --answers answers.yaml --save --by Sam
[ -d "Shop Records/records" ] && [ -d "Shop Records/ledger" ] || fail "no data folder at Shop Records"
sc 0 --data-dir "$(winepath -w "$work")\\Shop Records" records verify
has out 'OK: 1 record matches the ledger'

# A sync tool that changed the ledger's line ends to CR LF: said as that, never tampering.
sed -i 's/$/\r/' "$data/ledger/"*.jsonl
sc 0 records verify
has out 'end in CR LF'
has out 'form an unbroken chain'

# Exit codes as on Linux: a usage mistake is 2, an unknown questionnaire 1.
nocover=1 sc 2 records frobnicate
nocover=1 sc 1 run no-such-questionnaire --plain

echo "windows suite: $checks checks passed; commands covered: ${covered[*]}"
