#!/usr/bin/env bash
# The Windows build, made and tested on Linux (run by .ci/run; see README "On Windows").
#
#   scripts/windows.sh            install what is missing, build sharecheck.exe, run the wine suite
#   scripts/windows.sh build      only build; prints the path of the .exe
#
# What it proves: the code builds for x86_64-pc-windows-gnu with no warnings (-D warnings), and
# the real .exe, run by wine, does what the Linux tests check of the command line, the store and
# plain mode (tests/windows/suite.sh). What it cannot prove: anything about a real Windows console
# (wine's console in a Linux terminal garbles full-screen apps), the console's close/log-off
# events, or Windows' own file permissions. Everything it makes stays in target/windows/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/target/windows
target=x86_64-pc-windows-gnu
mkdir -p "$out"

# Debian's Rust for building browsers is new enough for this code and ships the standard
# library's source, so the standard library can be built for Windows (-Zbuild-std) without
# downloading a toolchain. It installs a second rustc/cargo in /usr/bin beside rustup's:
# they are called by full path below, and rustup's stays first on PATH for the rest of CI.
# (By package: an older Debian `rustc` in /usr/bin would not do.)
need=()
for package in rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 wine wine64; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || need+=("$package")
done
if [ "${#need[@]}" -gt 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

# The build: Debian's cargo and rustc by full path, the mingw linker, warnings as errors.
# Its own target folder, so the Linux build's artefacts (another rustc) are never rebuilt.
started=$SECONDS
RUSTC_BOOTSTRAP=1 \
    RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc \
    CARGO_TARGET_DIR="$out/cargo" \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-D warnings" \
    /usr/bin/cargo build --release --locked -Zbuild-std=std,panic_abort --target "$target" --bin sharecheck
exe=$out/cargo/$target/release/sharecheck.exe
echo "windows build: $((SECONDS - started)) s, $(stat -c %s "$exe") bytes: $exe" >&2
if [ "${1:-}" = build ]; then
    echo "$exe"
    exit 0
fi

# The test-only shim. Rust's standard library imports ProcessPrng from bcryptprimitives.dll
# (Windows 10 and later have it); wine 8 does not, so the .exe would not even start under
# wine. This DLL gives ProcessPrng from wine's BCryptGenRandom. It is built here from this
# source, lives only in the test folder beside a copy of the .exe, and is never shipped:
# real Windows has its own.
bin=$out/bin
mkdir -p "$bin"
cat >"$out/shim.c" <<'EOF'
#include <windows.h>
#include <bcrypt.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
EOF
cat >"$out/shim.def" <<'EOF'
LIBRARY bcryptprimitives
EXPORTS
    ProcessPrng
EOF
x86_64-w64-mingw32-gcc -O2 -shared -o "$bin/bcryptprimitives.dll" "$out/shim.c" "$out/shim.def" -lbcrypt
cp "$exe" "$bin/sharecheck.exe"

# A wine of our own under target/, made once; nothing is kept outside the clone.
export WINEPREFIX=$out/wine
export WINEDEBUG=-all
# No Mono or Gecko installer dialogs; the shim beside the .exe before any built-in one.
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n,b"
export WINEARCH=win64
if [ ! -f "$WINEPREFIX/system.reg" ]; then
    wineboot --init </dev/null >/dev/null 2>&1
    wineserver -w
fi

SHARECHECK_EXE=$bin/sharecheck.exe bash "$root/tests/windows/suite.sh"
wineserver -k 2>/dev/null || true
echo "windows: built and tested in $((SECONDS - started)) s" >&2
