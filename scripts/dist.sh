#!/usr/bin/env bash
# The downloads a member can run, in dist/:
#   sharecheck-<version>-windows-x86_64.zip     sharecheck.exe, README.md, LICENSE, START HERE.txt
#   sharecheck-<version>-linux-x86_64.tar.gz    sharecheck, README.md, LICENSE
#   SHA256SUMS, SHA256SUMS.minisig              checksums, signed with `sharecheck sign`
#
# For a real release, SHARECHECK_RELEASE_KEY names the association's secret key (sign asks for
# its password). Without it (CI, a trial), a throwaway key is made for this run only: SHA256SUMS
# says so on its first line, and its public key is left beside it as THROWAWAY-KEY.pub.
# The signature is checked with the real `minisign -V` before the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
stage=$root/target/dist
dist=$root/dist
rm -rf "$stage" "$dist"
mkdir -p "$stage" "$dist"

command -v minisign >/dev/null 2>&1 && command -v zip >/dev/null 2>&1 || {
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends minisign zip
}

cargo build --release --locked --bin sharecheck
linux_bin=$root/target/release/sharecheck
windows_exe=$(scripts/windows.sh build | tail -n 1)

# Windows: a folder in the zip, so "Extract all" gives one folder with everything in it.
# The text files get CRLF line ends, for any Notepad.
win=sharecheck-$version-windows-x86_64
mkdir -p "$stage/$win"
cp "$windows_exe" "$stage/$win/sharecheck.exe"
sed 's/$/\r/' README.md >"$stage/$win/README.md"
sed 's/$/\r/' LICENSE >"$stage/$win/LICENSE.txt"
sed 's/$/\r/' >"$stage/$win/START HERE.txt" <<EOF
sharecheck $version: check before you share personal data
==========================================================

1. Keep this whole folder together, for example in Documents\\sharecheck.

2. Double-click sharecheck.exe. A window opens with the questionnaires.
   If Windows says "Windows protected your PC", click "More info", then
   "Run anyway": this program is not from the Microsoft Store.

3. Use the arrow keys and Enter to answer; Esc goes back one question;
   ? shows help. Ctrl-C stops at once and keeps your answers: start
   again and choose the interview under "Interviews left half-way".
   Closing the window keeps them too.

Your records are kept on this computer only, in your own folder:
   %APPDATA%\\HTA\\sharecheck\\data
(type that into the File Explorer address bar to open it). To back up,
copy that whole folder, for example to a USB stick, when sharecheck is
not running.

To check this download is the association's, see "On Windows" in
README.md. It guides and records a decision; it is not legal advice.
EOF
(cd "$stage" && zip -q -X -r "$dist/$win.zip" "$win")
# The wine test shim (scripts/windows.sh) is never shipped.
! unzip -l "$dist/$win.zip" | grep -qi bcryptprimitives || { echo "dist: the test shim is in the zip" >&2; exit 1; }

lin=sharecheck-$version-linux-x86_64
mkdir -p "$stage/$lin"
cp "$linux_bin" "$stage/$lin/sharecheck"
cp README.md "$stage/$lin/README.md"
cp LICENSE "$stage/$lin/LICENSE"
tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$dist/$lin.tar.gz" "$lin"

# Checksums, then their signature.
cd "$dist"
key=${SHARECHECK_RELEASE_KEY:-}
if [ -z "$key" ]; then
    "$linux_bin" keygen --name THROWAWAY-KEY --unencrypted -o "$stage" >/dev/null
    install -m 644 "$stage/THROWAWAY-KEY.pub" "$dist/THROWAWAY-KEY.pub"
    key=$stage/THROWAWAY-KEY.key
    public=$dist/THROWAWAY-KEY.pub
    echo "# NOT A RELEASE: signed with a throwaway key made for this build only (THROWAWAY-KEY.pub), not the association's." \
        >SHA256SUMS
    unencrypted=(--unencrypted)
else
    public=${SHARECHECK_RELEASE_PUB:-$root/assets/hta.pub}
    : >SHA256SUMS
    unencrypted=()
fi
sha256sum "$win.zip" "$lin.tar.gz" >>SHA256SUMS
"$linux_bin" sign SHA256SUMS --key "$key" "${unencrypted[@]}" >/dev/null
sha256sum -c --quiet SHA256SUMS
minisign -Vq -p "$public" -m SHA256SUMS
echo "dist: $(ls "$dist" | tr '\n' ' ')"
