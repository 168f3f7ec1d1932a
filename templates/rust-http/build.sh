#!/bin/sh
# Builds build/{{name}}.wasm, a cdylib exporting wisp_handle (the http ABI),
# offline with Debian's Rust toolchain and the crates Debian packages:
#   apt-get install rustc cargo libstd-rust-dev-wasm32 librust-serde-json-dev
# (.cargo/config.toml points cargo at /usr/share/cargo/registry). Debian's
# binaries are called by path: a rustup toolchain first on PATH usually has
# no wasm32-wasi standard library.
# The wisp Rust SDK is vendored in wisp-sdk/ (written by `wisp new`; update it
# by copying sdk/rust/wisp_sdk of a newer wisp).
set -eu
cd "$(dirname "$0")"
RUSTC=${WISP_RUSTC:-/usr/bin/rustc} ${WISP_CARGO:-/usr/bin/cargo} build --quiet --release --target wasm32-wasi
mkdir -p build
cp target/wasm32-wasi/release/{{crate}}.wasm build/{{name}}.wasm.tmp
# Renamed into place, so `wisp dev` never sees a half-written module.
mv build/{{name}}.wasm.tmp build/{{name}}.wasm
echo "built build/{{name}}.wasm"
