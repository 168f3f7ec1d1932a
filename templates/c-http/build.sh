#!/bin/sh
# Builds build/{{name}}.wasm, a reactor exporting wisp_handle (the http ABI),
# with Debian's clang-19 and wasi-libc:
#   apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32
# The wisp C SDK is vendored in wisp/ (written by `wisp new`; update it by copying
# sdk/c/wisp.h and sdk/c/wisp.c of a newer wisp).
set -eu
cd "$(dirname "$0")"
CC=${WISP_CLANG:-clang-19}
FLAGS="--target=wasm32-wasi --sysroot=${WISP_WASI_SYSROOT:-/usr} -O2 -Wall -Wextra"
mkdir -p build/obj
$CC $FLAGS -Iwisp -c src/main.c -o build/obj/main.o
$CC $FLAGS -Iwisp -c wisp/wisp.c -o build/obj/wisp.o
# Linked separately, keeping the name section (function names in backtraces).
$CC $FLAGS -mexec-model=reactor -Wl,--strip-debug build/obj/main.o build/obj/wisp.o -o build/{{name}}.wasm.tmp
# Renamed into place, so `wisp dev` never sees a half-written module.
mv build/{{name}}.wasm.tmp build/{{name}}.wasm
echo "built build/{{name}}.wasm"
