#!/bin/sh
# Builds build/{{name}}.wasm, a WASI command (the stdio ABI: the request comes
# in as CGI variables and stdin, the response goes out on stdout), with
# Debian's clang-19 and wasi-libc:
#   apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32
set -eu
cd "$(dirname "$0")"
CC=${WISP_CLANG:-clang-19}
mkdir -p build
# -g0 + --strip-debug: small, but keeps function names for backtraces.
$CC --target=wasm32-wasi --sysroot="${WISP_WASI_SYSROOT:-/usr}" -O2 -g0 -Wall -Wextra -Wl,--strip-debug \
    src/main.c -o build/{{name}}.wasm.tmp
# Renamed into place, so `wisp dev` never sees a half-written module.
mv build/{{name}}.wasm.tmp build/{{name}}.wasm
echo "built build/{{name}}.wasm"
