#!/usr/bin/env bash
# Differential test of the two tiers: every WASI test program and example runs
# under `wisp run --mode interp` and `--mode aot`, and stdout, the exit status
# and stderr must match byte for byte. The only allowed difference is the
# backtrace block of a trap (compiled frames are not named yet).
# Usage: tier_diff.sh WISP WASI_GUEST_DIR EXAMPLES_DIR
set -uo pipefail
wisp=$1 guests=$2 examples=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WISP_CACHE_DIR=$work/cache  # each module is compiled once, then served from here
failures=0 cases=0

# A directory tree the file-system guests work in, recreated identically
# (same path, same content) before each run.
fresh_tree() {
  rm -rf "$work/tree" && mkdir -p "$work/tree/sb/inner" "$work/tree/ro"
  printf 'hello\n' > "$work/tree/sb/inner/file.txt"
  printf 'read only\n' > "$work/tree/ro/keep.txt"
  printf 'outside\n' > "$work/tree/secret.txt"
  ln -s ../secret.txt "$work/tree/sb/escape_link"
}

strip_backtrace() { sed '/^backtrace:$/,$d' "$1"; }

# check NAME STDIN_FILE -- WISP_RUN_ARGS...
check() {
  local name=$1 input=$2
  shift 3
  cases=$((cases + 1))
  for mode in interp aot; do
    fresh_tree
    (cd "$work/tree" && "$wisp" run --mode "$mode" "$@" < "$input" > "$work/$mode.out" 2> "$work/$mode.err.raw")
    echo $? > "$work/$mode.status"
    strip_backtrace "$work/$mode.err.raw" > "$work/$mode.err"
  done
  local what=""
  cmp -s "$work/interp.out" "$work/aot.out" || what="$what stdout"
  cmp -s "$work/interp.err" "$work/aot.err" || what="$what stderr"
  cmp -s "$work/interp.status" "$work/aot.status" || what="$what exit-status"
  if [ -n "$what" ]; then
    failures=$((failures + 1))
    echo "DIFF $name:$what (status interp $(cat "$work/interp.status"), aot $(cat "$work/aot.status"))"
    diff <(head -c 2000 "$work/interp.err") <(head -c 2000 "$work/aot.err") | head -10
  else
    echo "same $name (status $(cat "$work/aot.status"), $(stat -c%s "$work/aot.out") bytes out)"
  fi
}

empty=$work/empty
: > "$empty"
head -c 3000000 /dev/urandom > "$work/random.bin"
convert -size 800x600 gradient:tomato-steelblue -attenuate 0.6 +noise Gaussian -seed 3 "$work/src.png"
convert "$work/src.png" -quality 85 "$work/photo.jpg"
convert "$work/src.png" -colors 64 "$work/photo.gif"
printf 'not an image' > "$work/garbage.txt"

check args_env "$empty" -- --env A=1 --env B=x=y "$guests/args_env.wasm" first "two words"
check cat_stream "$work/random.bin" -- "$guests/cat_stream.wasm"
check exit_code_0 "$empty" -- "$guests/exit_code.wasm"
check exit_code_7 "$empty" -- "$guests/exit_code.wasm" 7 return
check exit_code_42 "$empty" -- "$guests/exit_code.wasm" 42
for mode in unreachable divzero stack oob grow; do
  check "misbehave_$mode" "$empty" -- --max-memory 64MiB "$guests/misbehave.wasm" "$mode"
done
check misbehave_loop_timeout "$empty" -- --timeout 200ms "$guests/misbehave.wasm" loop
check br_loop_timeout "$empty" -- --timeout 100ms "$guests/br_loop.wasm"
check efault "$empty" -- --dir sb "$guests/efault.wasm"
for g in fileio filestat readdir pathops; do
  check "$g" "$empty" -- --dir "sb::/work" "$guests/$g.wasm"
done
check sandbox "$empty" -- --dir "sb::/sb" --dir "/ro:ro:readonly" "$guests/sandbox.wasm"
printf 'ping' > "$work/ping.txt"
check poll "$work/ping.txt" -- "$guests/poll.wasm"
check invoke_add "$empty" -- --invoke add "$guests/invoke_reactor.wasm" 2 40
check invoke_mul64 "$empty" -- --invoke mul64 "$guests/invoke_reactor.wasm" -3 0x7fffffffffff
check invoke_half "$empty" -- --invoke half "$guests/invoke_reactor.wasm" 1e-300
check invoke_third "$empty" -- --invoke third "$guests/invoke_reactor.wasm" nan
check invoke_init "$empty" -- --invoke init_value "$guests/invoke_reactor.wasm"
check invoke_fail "$empty" -- --invoke fail "$guests/invoke_reactor.wasm"
check hello "$empty" -- "$examples/hello/hello.wasm" wisp
check grayscale_jpeg "$work/photo.jpg" -- "$examples/grayscale/grayscale.wasm"
check grayscale_png "$work/src.png" -- "$examples/grayscale/grayscale.wasm"
check grayscale_gif "$work/photo.gif" -- "$examples/grayscale/grayscale.wasm"
check grayscale_garbage "$work/garbage.txt" -- "$examples/grayscale/grayscale.wasm"

echo "$cases cases, $failures differing"
[ "$failures" -eq 0 ]
